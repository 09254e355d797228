// Frame filters: their text form, the runtime-noise presets on real profiles of each runtime, what is reported
// when a pattern matches nothing, and the bounds on patterns.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readProfileFile } from '../../../src/core/profile/parse';
import { compileFrameFilter, formatFrameFilter, parseFrameFilter, type FrameFilter } from '../../../src/core/query/filters';
import { filterStacks } from '../../../src/core/query/filtersApply';
import { FilterError } from '../../../src/core/query/filtersError';
import { matchFrames } from '../../../src/core/query/filtersMatch';
import { NOISE_PRESETS } from '../../../src/core/query/filtersPresets';
import { corpusFile, corpusUnavailable } from '../core/helpers/corpus';
import { FIXTURES_DIR } from '../core/helpers/fixtures';
import { stackProfile } from '../core/helpers/stackProfile';
import { profileColumns, sampleValues } from './helpers/profileColumns';

function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof FilterError, String(e));
    assert.ok(!e.message.includes('\n'));
    return e.message;
  }
  assert.fail('no error');
}

/** The filter applied to a profile: the names of the functions left, and the share of the total kept. */
function applied(path: string, filter: FrameFilter) {
  const p = readProfileFile(path);
  const cols = profileColumns(p);
  const compiled = compileFrameFilter(filter);
  const flags = matchFrames(cols.frames, cols.functions, cols.strings, compiled);
  const result = filterStacks(cols.stacks, flags.flags, compiled, cols.inlined);
  const last = p.sampleTypes.length - 1;
  let total = 0;
  let kept = 0;
  const names = new Set<string>();
  for (let s = 0; s < cols.stacks.count; s++) {
    const v = sampleValues(p, s)[last];
    total += v;
    const o = result.stackOf[s];
    if (o < 0) continue;
    kept += v;
    for (let i = result.stacks.start[o]; i < result.stacks.start[o + 1]; i++) names.add(cols.strings.get(cols.functions.name[cols.frames.function[result.stacks.frames[i]]]));
  }
  return { names, share: kept / total, matched: flags.matched };
}

describe('frame filter text', () => {
  it('writes options in a fixed order and reads them back', () => {
    const f: FrameFilter = { showFrom: 'main\\.handle', focus: 'shop/', hide: '^runtime\\.', presets: ['go-runtime', 'app-only'] };
    const text = formatFrameFilter(f);
    assert.equal(text, '{focus="shop/",hide="^runtime\\\\.",show_from="main\\\\.handle",preset="go-runtime",preset="app-only"}');
    assert.deepEqual(parseFrameFilter(text), { focus: 'shop/', hide: '^runtime\\.', showFrom: 'main\\.handle', presets: ['go-runtime', 'app-only'] });
    assert.deepEqual(parseFrameFilter('ignore=runtime\\.gc, preset=node-runtime'), { ignore: 'runtime\\.gc', presets: ['node-runtime'] });
    assert.equal(formatFrameFilter({ focus: '' }), '', 'an empty pattern is no filter');
  });

  it('says what is wrong in one line', () => {
    assert.match(errorOf(() => parseFrameFilter('focus="("')), /^focus: "\(" is not a valid regular expression \(Go syntax\): missing closing \)/);
    assert.match(errorOf(() => parseFrameFilter('focs=x')), /unknown option "focs"; use focus, ignore, hide, show, show_from, preset/);
    assert.match(errorOf(() => parseFrameFilter('focus=~x')), /frame filters take "="/);
    assert.match(errorOf(() => parseFrameFilter('focus=a, focus=b')), /focus is given twice; combine the patterns with \|/);
    assert.match(errorOf(() => parseFrameFilter('preset=go')), /preset "go" is not one of go-runtime, node-runtime, jvm-runtime, python-runtime, app-only/);
    assert.match(errorOf(() => compileFrameFilter({ hide: 'x'.repeat(70_000) })), /^hide: the regular expression is 70000 characters long/);
  });
});

describe('runtime noise presets on real profiles', () => {
  it('go-runtime drops the GC workers and the scheduler, keeps the program', () => {
    const before = applied(`${FIXTURES_DIR}/go/cpu.pb.gz`, {});
    const after = applied(`${FIXTURES_DIR}/go/cpu.pb.gz`, { presets: ['go-runtime'] });
    for (const gone of ['runtime.gcBgMarkWorker', 'runtime.bgsweep', 'runtime.findRunnable', 'runtime.mcall']) {
      assert.ok(before.names.has(gone) && !after.names.has(gone), gone);
    }
    assert.ok(after.names.has('example.com/shop/pricing.SumPrices'));
    assert.ok(after.share > 0.8 && after.share < 1, `kept ${after.share}`);
    assert.equal(after.matched.get('go-runtime'), true);
  });

  it('node-runtime drops (idle), (program) and (garbage collector) as the Pyroscope Node SDK names them', { skip: corpusUnavailable() }, () => {
    const file = corpusFile('grafana+pyroscope/pkg/og/convert/pprof/testdata/nodejs-wall.pb.gz');
    const before = applied(file, {});
    const after = applied(file, { presets: ['node-runtime'] });
    assert.ok(before.names.has(':(idle):0') && !after.names.has(':(idle):0'));
    assert.ok(before.names.has(':(garbage collector):0') && !after.names.has(':(garbage collector):0'));
    assert.ok(after.names.has('./index.js:bikeSearchHandler:44'));
  });

  it('jvm-runtime drops sleeping threads and the JVM\'s GC threads; python-runtime drops selector and accept waits', { skip: corpusUnavailable() }, () => {
    const java = applied(corpusFile('grafana+pyroscope/pkg/pprof/testdata/profile_java'), { presets: ['jvm-runtime'] });
    for (const gone of ['java/lang/Thread.sleep', 'ConcurrentGCThread::run', 'VMThread::run']) assert.ok(!java.names.has(gone), gone);
    assert.ok(java.names.has('com/example/Something.funcBar'));
    const python = applied(corpusFile('grafana+pyroscope/pkg/pprof/testdata/profile_python'), { presets: ['python-runtime'] });
    assert.ok(!python.names.has('selectors.py:-1 - select') && !python.names.has('socket.py:-1 - accept'));
    assert.ok(python.names.has('lib/utility/utility.py:-1 - find_nearest_vehicle'));
  });

  it('a preset matches only its runtime\'s own names (user code named like them stays)', () => {
    const p = stackProfile({
      samples: [
        { stack: ['wait@/app/jobs.py:3', 'main@/app/main.py:1'], values: [1, 5] },
        { stack: ['schedule@/app/cron.go:9', 'main.main@/app/main.go:1'], values: [1, 5] },
        { stack: ['idle@/app/x.js:2'], values: [1, 5] },
      ],
    });
    const cols = profileColumns(p);
    const all = compileFrameFilter({ presets: NOISE_PRESETS.map((x) => x.id) });
    const kept = filterStacks(cols.stacks, matchFrames(cols.frames, cols.functions, cols.strings, all).flags, all).kept;
    assert.equal(kept, 3);
  });
});

describe('what a filter reports', () => {
  it('which patterns matched no frame, so a view can say so instead of showing an empty graph', () => {
    const r = applied(`${FIXTURES_DIR}/go/cpu.pb.gz`, { focus: 'no such function', hide: 'runtime\\.' });
    assert.equal(r.matched.get('focus'), false);
    assert.equal(r.matched.get('hide'), true);
    assert.equal(r.share, 0);
  });

  it('matching past its work budget is refused with a clear error', () => {
    const cols = profileColumns(readProfileFile(`${FIXTURES_DIR}/go/cpu.pb.gz`));
    assert.match(errorOf(() => matchFrames(cols.frames, cols.functions, cols.strings, compileFrameFilter({ focus: 'pricing' }), 0)), /^focus: matching "pricing" needs more than 0 steps \(text length × \d+ instructions\); simplify the regular expression/);
  });

  it('a name too long to match within bounds counts as not matching, with a note', () => {
    const p = stackProfile({ samples: [{ stack: [`${'n'.repeat(40_000)}@a.go:2`, 'main@a.go:1'], values: [1, 1] }] });
    const cols = profileColumns(p);
    const r = matchFrames(cols.frames, cols.functions, cols.strings, compileFrameFilter({ focus: 'n{999}' }));
    assert.equal(r.matched.get('focus'), false);
    assert.match(r.notes.join('\n'), /^focus: 1 name was too long to match and counted as not matching/);
  });
});
