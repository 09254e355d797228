// The filter options of perflens top and perflens labels as a person meets them: what they print, how an invalid
// filter or one that keeps nothing is reported. (Parity with go tool pprof: test/unit/query/*MatchGoPprof.)
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { corpusFile, corpusUnavailable } from '../core/helpers/corpus';
import { FIXTURES_DIR } from '../core/helpers/fixtures';
import { runCliCaptured } from './helpers/runCliInProcess';

const CPU = `${FIXTURES_DIR}/go/cpu.pb.gz`;

describe('perflens top with filters', () => {
  it('shows the filters and what they keep, with shares of the whole profile', async () => {
    const r = await runCliCaptured(['top', CPU, '--focus', 'pricing', '--hide', '^runtime\\.', '--limit', '3']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Total: 2\.68 s$/m);
    assert.match(r.stdout, /^Filters: frames \{focus="pricing",hide="\^runtime\\\\."\}$/m);
    assert.match(r.stdout, /^Selected: 2\.06 s \(76\.87% of the total\)$/m, 'the same figure go tool pprof prints for -focus=pricing');
    assert.doesNotMatch(r.stdout, /runtime\./);
  });

  it('says when the filters keep nothing, instead of an empty table alone', async () => {
    const r = await runCliCaptured(['top', CPU, '--labels', '{endpoint="GET /x"}', '--json']);
    assert.equal(r.code, 0);
    assert.deepEqual(JSON.parse(r.stdout).rows, []);
    assert.match(r.stderr, /note: no sample has a label "endpoint": endpoint="GET \/x" matches only samples without it/);
    assert.match(r.stderr, /nothing in the profile matches the filters \(labels \{endpoint="GET \/x"\}\)/);
  });

  it('refuses an invalid filter with one line and exit 2', async () => {
    for (const [args, message] of [
      [['--focus', '('], /^perflens top: focus: "\(" is not a valid regular expression \(Go syntax\): missing closing \)$/m],
      [['--labels', 'endpoint'], /^perflens top: label filter "endpoint": expected =, !=, =~ or !~ after the label name "endpoint"/m],
      [['--labels', 'a=~"x{1001}"'], /not a valid regular expression|over the limit/],
      [['--preset', 'jvm'], /preset "jvm" is not one of/],
      [['--preset', 'app-only'], /--preset app-only needs a workspace/],
      [['--group-top', '3'], /--group-top goes with --group-by/],
      [['--group-by', 'endpoint', '--group-top', '0'], /--group-top must be a whole number of at least 1/],
    ] as const) {
      const r = await runCliCaptured(['top', CPU, ...args]);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.equal(r.stdout, '');
    }
  });

  it('groups by a label: one row per value, whose cum is the group\'s total', { skip: corpusUnavailable() }, async () => {
    const r = await runCliCaptured(['top', corpusFile('grafana+pyroscope/pkg/pprof/testdata/go.cpu.labels.pprof'), '--group-by', 'function', '--json']);
    const out = JSON.parse(r.stdout) as { groups: { group: string; total: number }[]; rows: { function: string; cum: number }[] };
    assert.deepEqual(out.groups, [{ group: 'function=slow', total: 6.74e9 }, { group: 'function=fast', total: 1.5e9 }, { group: 'no function', total: 0.49e9 }]);
    for (const g of out.groups) assert.equal(out.rows.find((row) => row.function === g.group)?.cum, g.total);
  });
});

describe('perflens labels', { skip: corpusUnavailable() }, () => {
  const file = () => corpusFile('grafana+pyroscope/pkg/pprof/testdata/go.cpu.labels.pprof');

  it('lists each key with its share and costliest values, and sums up the rest of a key with many', async () => {
    const r = await runCliCaptured(['labels', file(), '--values', '2']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^function: 8\.24 s \(94\.39% of the total\), 2 values$/m);
    assert.match(r.stdout, /^ {2}6\.74 s 77\.21% {2}"slow" {2}\(674 samples\)$/m);
    assert.match(r.stdout, /^profile_id: 8\.24 s \(94\.39% of the total\), 432 values$/m);
    assert.match(r.stdout, /\(the rest\) {2}\(430 more values\)$/m);
  });

  it('honours the filters and --key, and answers JSON', async () => {
    const r = await runCliCaptured(['labels', file(), '--key', 'profile_id', '--labels', 'function=fast', '--values', '0', '--json']);
    const out = JSON.parse(r.stdout) as { total: number; keys: { key: string; cost: number; valueCount: number; values: { cost: number }[] }[] };
    assert.equal(out.total, 1.5e9);
    assert.deepEqual(out.keys.map((k) => k.key), ['profile_id']);
    assert.equal(out.keys[0].values.length, out.keys[0].valueCount);
    assert.equal(out.keys[0].values.reduce((s, v) => s + v.cost, 0), out.keys[0].cost);
  });

  it('says so when there are no labels', async () => {
    const r = await runCliCaptured(['labels', CPU]);
    assert.match(r.stdout, /No sample has labels\./);
  });
});
