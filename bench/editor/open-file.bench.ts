// What opening a file costs once a profile is loaded: the per-file line table is looked up, placed through the
// live line map, and planned into heat buckets and end-of-line texts. Worst case: a 10k-line file where every line
// has cost, inside a profile that maps 2,000 files (a 50 MB production merge maps far fewer lines per file).
//   node --import tsx bench/editor/open-file.bench.ts
import { performance } from 'node:perf_hooks';
import { formatValue } from '../../src/core/format/units';
import { diffLineMap } from '../../src/core/symbolicate/line-diff';
import { LiveLines } from '../../src/editor/heat/liveLines';
import { planHeat } from '../../src/editor/heat/plan';
import type { FileCost } from '../../src/shared/workspaceProfile';

const FILES = 2000;
const LINES = 10_000;
let seed = 7;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

const files = new Map<string, FileCost>();
for (let f = 0; f < FILES; f++) {
  const n = f === 0 ? LINES : 50;
  const lines = Array.from({ length: n }, (_, i) => ({ line: i + 1, flat: Math.floor(rand() * 1e7), cum: Math.floor(rand() * 1e9), changed: false }));
  files.set(`/ws/src/file${f}.go`, { path: `/ws/src/file${f}.go`, relativePath: `src/file${f}.go`, flat: 0, cum: 0, lines });
}
// Most lines pass the 0.5% annotation threshold, so the end-of-line texts are formatted too.
const total = 5e10;
const text = Array.from({ length: LINES }, (_, i) => `line ${i}`).join('\n');
const edited = text.replace('line 100\n', 'line 100\nan inserted line\n');

function openClean(): number {
  const t0 = performance.now();
  const file = files.get('/ws/src/file0.go')!;
  const live = new LiveLines(LINES);
  planHeat(live.place(file.lines), total, LINES, (v) => formatValue(v, 'nanoseconds'));
  return performance.now() - t0;
}

function openDirty(): number {
  const t0 = performance.now();
  const file = files.get('/ws/src/file0.go')!;
  const live = new LiveLines(LINES + 1, diffLineMap(text, edited));
  planHeat(live.place(file.lines), total, LINES + 1, (v) => formatValue(v, 'nanoseconds'));
  return performance.now() - t0;
}

function keystroke(live: LiveLines): number {
  const t0 = performance.now();
  live.applyEdits([{ fromLine: 10, toLine: 10, insertedLines: 2 }]);
  planHeat(live.place(files.get('/ws/src/file0.go')!.lines), total, live.lineCount, (v) => formatValue(v, 'nanoseconds'));
  return performance.now() - t0;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (let i = 0; i < 5; i++) { openClean(); openDirty(); } // warm up
const clean = Array.from({ length: 21 }, openClean);
const dirty = Array.from({ length: 21 }, openDirty);
const live = new LiveLines(LINES);
const keys = Array.from({ length: 200 }, () => keystroke(live));
console.log('| step (10k-line file, every line with cost) | median | max |');
console.log('| --- | ---: | ---: |');
console.log(`| open a saved file: plan heat for 10,000 lines | ${median(clean).toFixed(1)} ms | ${Math.max(...clean).toFixed(1)} ms |`);
console.log(`| open a file with unsaved edits (diff disk ↔ buffer, then plan) | ${median(dirty).toFixed(1)} ms | ${Math.max(...dirty).toFixed(1)} ms |`);
console.log(`| a keystroke that adds a line (shift marks, re-plan) | ${median(keys).toFixed(1)} ms | ${Math.max(...keys).toFixed(1)} ms |`);
