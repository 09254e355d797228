// Frame filters on small profiles written for the edge cases real profiles may not show, each against the real
// `go tool pprof -top` with the same flags: inlined frames, empty stacks, recursion, several matches per stack.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Function as PprofFunction, Line, Location, Mapping, Profile, Sample, StringTable, ValueType } from 'pprof-format';
import type { FrameFilter } from '../../../src/core/query/filters';
import { goPprofUnavailable } from '../core/helpers/goPprof';
import { stackProfileBytes, type StackProfileSpec } from '../core/helpers/stackProfile';
import { assertSameTop, columnsTop, ourTop, pprofTops } from './helpers/filteredTop';

const skip = goPprofUnavailable();
const dir = mkdtempSync(join(tmpdir(), 'perflens-frame-filters-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function profileFile(samples: StackProfileSpec['samples']): string {
  const path = join(dir, `p${++n}.pb`);
  writeFileSync(path, stackProfileBytes({ samples }));
  return path;
}

/**
 * Rows and totals like pprof's, the total also as -relative_percentages counts it (what the filters keep): from
 * `perflens top`, and from the filter functions on the profile's own columns. `columnsOnly`: cases that need what
 * the model does not keep (pprof locations inside a stack, the binary of symbolized frames; see
 * src/core/query/frameFilter.ts), checked on the columns only.
 */
async function assertAllLikePprof(file: string, cases: readonly FrameFilter[], columnsOnly: readonly FrameFilter[] = []): Promise<void> {
  const all = [...cases, ...columnsOnly];
  const references = pprofTops(file, 'cpu', 'nanoseconds', all.map((frames) => ({ frames })));
  const relative = pprofTops(file, 'cpu', 'nanoseconds', all.map((frames) => ({ frames })), ['relative_percentages=true']);
  for (const [i, frames] of all.entries()) {
    const what = JSON.stringify(frames);
    assertSameTop(columnsTop(file, 'cpu', { frames }), references[i], `${what} (columns)`);
    assertSameTop(columnsTop(file, 'cpu', { frames }, true), relative[i], `${what} (columns) relative`);
    if (i >= cases.length) continue;
    assertSameTop(await ourTop(file, 'cpu', { frames }), references[i], what);
    assertSameTop(await ourTop(file, 'cpu', { frames }, true), relative[i], `${what} relative`);
  }
}

describe('frame filter edge cases match go tool pprof', { skip }, () => {
  it('inlined frames: show_from, hide and show act on the lines of a location', async () => {
    const file = profileFile([
      // A location of three lines (inner inlined into middle inlined into outer), under two real callers.
      { stack: [['inner@a.go:3', 'middle@a.go:7', 'outer@a.go:11'], 'caller@a.go:20', 'main@a.go:1'], values: [1, 100] },
      { stack: [['inner@a.go:3', 'middle@a.go:7', 'outer@a.go:11'], 'main@a.go:1'], values: [1, 40] },
      { stack: [['leaf@b.go:2', 'inner@a.go:4'], 'caller@a.go:21', 'main@a.go:1'], values: [1, 7] },
      { stack: ['other@b.go:9', 'main@a.go:1'], values: [1, 3] },
    ]);
    await assertAllLikePprof(file, [
      { showFrom: 'inner' }, { showFrom: 'middle' }, { hide: 'middle' }, { hide: 'inner|outer' }, { show: 'middle|main' },
      { show: 'inner', hide: 'main' }, { focus: 'middle' }, { ignore: 'middle' }, { focus: 'inner', showFrom: 'outer' },
      { hide: 'outer', showFrom: 'middle' },
    ], [
      // A rootward frame matches too: pprof still trims the matching location's outer lines (middle, outer).
      { showFrom: 'inner|caller' }, { showFrom: 'middle|main' },
    ]);
  });

  it('recursion and several matching frames in one stack', async () => {
    const file = profileFile([
      { stack: ['walk@t.go:5', 'walk@t.go:6', 'walk@t.go:6', 'visit@t.go:2', 'walk@t.go:6', 'main@t.go:1'], values: [1, 50] },
      { stack: ['visit@t.go:2', 'walk@t.go:6', 'main@t.go:1'], values: [1, 20] },
      { stack: ['main@t.go:1'], values: [1, 5] },
    ]);
    await assertAllLikePprof(file, [
      { showFrom: 'walk' }, { showFrom: 'visit' }, { hide: 'walk' }, { focus: 'visit', hide: 'walk' }, { ignore: 'visit' },
      { show: 'walk' }, { show: 'visit|main' }, { showFrom: 'walk', hide: 'visit' },
    ]);
  });

  it('a sample left without frames is dropped; an empty sample goes whenever focus, ignore, hide or show is set', async () => {
    const file = profileFile([
      { stack: ['runtime.gc@rt.go:1'], values: [1, 30] },
      { stack: [], values: [1, 8] },
      { stack: ['work@w.go:3', 'main@w.go:1'], values: [1, 12] },
    ]);
    await assertAllLikePprof(file, [{ hide: 'runtime' }, { show: 'work' }, { showFrom: 'main' }, { ignore: 'nothing matches this' }, { focus: 'w\\.go' }]);
  });

  it('patterns are unanchored and see file names; an empty pattern is no filter', async () => {
    const file = profileFile([
      { stack: ['pkg.(*T).Method@/src/pkg/t.go:3', 'main.main@/src/main.go:1'], values: [1, 10] },
      { stack: ['strings.Index@/go/src/strings/strings.go:9', 'pkg.(*T).Method@/src/pkg/t.go:4', 'main.main@/src/main.go:1'], values: [1, 6] },
    ]);
    await assertAllLikePprof(file, [{ focus: '\\(\\*T\\)' }, { hide: '/go/src/' }, { focus: '^/src/pkg' }, { ignore: 'strings\\.go$' }, { focus: '' }, { show: 'Method|main' }]);
  });

  it('binaries: patterns match the mapping file; unsymbolized frames are matched by their binary only', async () => {
    const st = new StringTable();
    const server = new Mapping({ id: 1, memoryStart: 0x400000, memoryLimit: 0x500000, filename: st.dedup('/app/bin/server'), hasFunctions: true });
    const libc = new Mapping({ id: 2, memoryStart: 0x7f0000000000, memoryLimit: 0x7f0000100000, filename: st.dedup('/lib/x86_64-linux-gnu/libc.so.6') });
    const fn = (id: number, name: string, file: string) => new PprofFunction({ id, name: st.dedup(name), filename: st.dedup(file) });
    const p = new Profile({
      sampleType: [new ValueType({ type: st.dedup('samples'), unit: st.dedup('count') }), new ValueType({ type: st.dedup('cpu'), unit: st.dedup('nanoseconds') })],
      sample: [
        new Sample({ locationId: [3, 1, 2], value: [1, 100] }),
        new Sample({ locationId: [4, 3, 2], value: [1, 7] }),
        new Sample({ locationId: [1, 2], value: [1, 50] }),
        new Sample({ locationId: [5, 2], value: [1, 4] }),
      ],
      stringTable: st,
    });
    p.mapping = [server, libc];
    p.function = [fn(1, 'main.handler', '/app/main.go'), fn(2, 'main.main', '/app/main.go'), fn(3, 'main.inlinedHelper', '/app/util.go')];
    p.location = [
      new Location({ id: 1, mappingId: 1, address: 0x401000, line: [new Line({ functionId: 3, line: 5 }), new Line({ functionId: 1, line: 10 })] }),
      new Location({ id: 2, mappingId: 1, address: 0x402000, line: [new Line({ functionId: 2, line: 3 })] }),
      new Location({ id: 3, mappingId: 2, address: 0x7f0000001000, line: [] }),
      new Location({ id: 4, mappingId: 2, address: 0x7f0000002000, line: [] }),
      new Location({ id: 5, mappingId: 0, address: 0x9000, line: [] }),
    ];
    const file = join(dir, 'binaries.pb');
    writeFileSync(file, p.encode());
    await assertAllLikePprof(file, [
      { focus: 'libc' }, { hide: 'libc' }, { showFrom: 'libc' }, { showFrom: 'inlinedHelper' }, { show: 'libc|main\\.main' },
      { hide: 'x86_64' }, { focus: '\\[' }, { hide: 'unknown' },
    ], [
      // The binary of symbolized frames.
      { ignore: 'server' }, { showFrom: 'bin/server' },
    ]);
  });
});
