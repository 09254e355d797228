// The shared filter value (core/query/viewFilter.ts): its text form reads back to the same filter, its chips and
// perflens options say what it does, and a stored filter that does not read is an error naming the part.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildModel } from '../../../src/core/model/buildModel';
import { FilterError } from '../../../src/core/query/filtersError';
import { presetsMatching } from '../../../src/core/query/filtersPresets';
import { readProfiles } from '../../../src/core/readers';
import { formatViewFilter, isViewFilterActive, parseViewFilter, sameViewFilter, viewFilterArgs, viewFilterChips, viewFilterKey, withFrames, type ViewFilter } from '../../../src/core/query/viewFilter';
import { topCommandLine, shellQuote } from '../../../src/editor/filters/commandLine';
import { corpusFile, corpusUnavailable } from '../core/helpers/corpus';

const checkout: ViewFilter = {
  labels: [{ key: 'endpoint', op: '=', value: 'POST /checkout' }, { key: 'http.route', op: '!~', value: "/admin/.*'" }],
  frames: { hide: '^runtime\\.', focus: 'main\\.handler', presets: ['go-runtime', 'app-only'] },
};

describe('the view filter', () => {
  it('reads back from its text form as the same filter', () => {
    const text = formatViewFilter(checkout);
    assert.equal(text.labels, '{endpoint="POST /checkout","http.route"!~"/admin/.*\'"}');
    assert.equal(text.frames, '{focus="main\\\\.handler",hide="^runtime\\\\.",preset="go-runtime",preset="app-only"}');
    const back = parseViewFilter(text);
    assert.ok(sameViewFilter(back, checkout));
    assert.deepEqual(parseViewFilter({ labels: '', frames: '' }), { labels: [] });
    assert.equal(isViewFilterActive(parseViewFilter({})), false);
    assert.equal(viewFilterKey({ labels: [] }), '');
    assert.notEqual(viewFilterKey(checkout), viewFilterKey({ labels: checkout.labels }));
  });

  it('refuses a stored filter that does not read, naming what is wrong', () => {
    assert.throws(() => parseViewFilter({ labels: '{endpoint=~"("}' }), (e: unknown) => e instanceof FilterError && /endpoint/.test(e.message));
    assert.throws(() => parseViewFilter({ frames: '{preset="nope"}' }), (e: unknown) => e instanceof FilterError && /nope/.test(e.message));
    assert.throws(() => parseViewFilter({ frames: '{focus="a(b"}' }), FilterError);
  });

  it('says what it does in chips, one per part', () => {
    assert.deepEqual(viewFilterChips(checkout), ['endpoint="POST /checkout"', '"http.route"!~"/admin/.*\'"', 'focus main\\.handler', 'hide ^runtime\\.', 'no Go runtime noise', 'my code only']);
  });

  it('turns frame options and presets on and off', () => {
    const noFocus = withFrames(checkout, { focus: '' });
    assert.equal(noFocus.frames?.focus, undefined);
    const off = withFrames(withFrames(withFrames(noFocus, { hide: '' }), { preset: { id: 'go-runtime', on: false } }), { preset: { id: 'app-only', on: false } });
    assert.deepEqual(off, { labels: checkout.labels });
    assert.deepEqual(withFrames(off, { preset: { id: 'app-only', on: true } }).frames, { presets: ['app-only'] });
  });

  it('is the same filter as perflens top\'s options, which the CLI reads back (app-only left out: it needs the editor)', () => {
    const args = viewFilterArgs(checkout);
    assert.deepEqual(args, ['--labels', '{endpoint="POST /checkout","http.route"!~"/admin/.*\'"}', '--focus', 'main\\.handler', '--hide', '^runtime\\.', '--preset', 'go-runtime']);
    const line = topCommandLine(['/ws/.perflens/store/shop/v1/cpu/a.pb.gz', '/elsewhere/b.pb.gz'], 'cpu', checkout, '/ws');
    assert.equal(line.text.split(' ').slice(0, 5).join(' '), 'perflens top .perflens/store/shop/v1/cpu/a.pb.gz /elsewhere/b.pb.gz --type');
    assert.match(line.caveats.join(), /my code only/);
    assert.equal(shellQuote("it's"), `'it'\\''s'`);
    // What a shell makes of the line is the filter's text form again.
    const words = JSON.parse(execFileSync('sh', ['-c', `node -e 'console.log(JSON.stringify(process.argv.slice(1)))' ${line.text.replace(/^perflens top /, '')}`], { encoding: 'utf8' })) as string[];
    assert.equal(words[words.indexOf('--labels') + 1], formatViewFilter(checkout).labels);
    assert.equal(words[words.indexOf('--hide') + 1], '^runtime\\.');
  });

  it('the command line runs: perflens top applies the same label and frame filter to the same profile', () => {
    const profile = join(__dirname, '../../fixtures/spans/cpu.pb.gz');
    const filter: ViewFilter = { labels: [{ key: 'span_name', op: '=', value: 'POST /checkout' }], frames: { hide: '^main\\.spin$' } };
    const line = topCommandLine([profile], 'cpu', filter, undefined);
    const cli = join(__dirname, '../../../src/cli/main.ts');
    const out = execFileSync('sh', ['-c', `${process.execPath} --import tsx ${shellQuote(cli)} ${line.text.replace(/^perflens /, '')} --json`], { encoding: 'utf8' });
    const top = JSON.parse(out) as { rows: { function: string }[]; filters: string };
    assert.ok(top.rows.some((r) => r.function === 'main.chargeCard'));
    assert.ok(!top.rows.some((r) => r.function === 'main.searchProducts' || r.function === 'main.spin'), top.rows.map((r) => r.function).join(', '));
  });
});

describe('which runtime noise presets a profile has noise for', () => {
  const functionsOf = (file: string) => {
    const model = buildModel(readProfiles(readFileSync(file), file, { maxDecompressedBytes: 64 << 20, maxSamples: 1e7, maxStrings: 1e6 }));
    return Array.from({ length: model.functions.count }, (_, f) => ({ name: model.strings.get(model.functions.name[f]), file: model.strings.get(model.functions.file[f]) }));
  };
  const fixtures = join(__dirname, '../../fixtures');

  it('Go for a real Go CPU profile, not for its allocations', () => {
    assert.deepEqual([...presetsMatching(functionsOf(join(fixtures, 'go/cpu.pb.gz')))], ['go-runtime']);
    assert.deepEqual([...presetsMatching(functionsOf(join(fixtures, 'go/heap.pb.gz')))], [], 'allocation stacks: no scheduler or GC worker');
  });

  it('V8 for a Node profile from the Pyroscope SDK (its (idle) and (garbage collector) frames)', { skip: corpusUnavailable() }, () => {
    assert.deepEqual([...presetsMatching(functionsOf(corpusFile('grafana+pyroscope/pkg/og/convert/pprof/testdata/nodejs-wall.pb.gz')))], ['node-runtime']);
  });
});
