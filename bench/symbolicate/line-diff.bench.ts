// Diffing a file at the deployed commit against today's text: interned-line Myers vs jsdiff diffLines.
// Run: node --import tsx bench/symbolicate/line-diff.bench.ts
import { diffLineMap } from '../../src/core/symbolicate/line-diff';
import { seededRandom } from '../profile/generate';

function makeText(lines: number, seed: number): string[] {
  const rnd = seededRandom(seed);
  return Array.from({ length: lines }, (_, i) => `${'  '.repeat(Math.floor(rnd() * 4))}const v${i} = compute(${Math.floor(rnd() * 1000)}); // ${i}`);
}

function edited(lines: string[], edits: number, seed: number): string[] {
  const rnd = seededRandom(seed);
  const out = [...lines];
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(rnd() * out.length);
    const op = rnd();
    if (op < 0.4) out.splice(at, 0, `inserted ${e}`);
    else if (op < 0.7) out.splice(at, 1);
    else out[at] = `changed ${e}`;
  }
  return out;
}

for (const [lines, edits] of [[2_000, 20], [20_000, 50], [20_000, 2_000], [100_000, 200]] as const) {
  const a = makeText(lines, 1);
  const b = edited(a, edits, 2).join('\n');
  const old = a.join('\n');
  const row: string[] = [];
  for (const strategy of ['interned', 'diffLines'] as const) {
    let best = Infinity;
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      diffLineMap(old, b, { strategy });
      best = Math.min(best, performance.now() - t);
    }
    row.push(`${strategy} ${best.toFixed(1)} ms`);
  }
  console.log(`${lines} lines, ${edits} edits: ${row.join(', ')}`);
}
