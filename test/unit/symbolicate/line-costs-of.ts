// Per-line costs of symbolicated fixture frames, counted by the core's one flat/cum rule (aggregate/flatCum): the
// samples become a stack table, each frame's key is its (file, line) target.
import { flatCum } from '../../../src/core/aggregate/flatCum';

export interface LineCostTable {
  total: number;
  /** file → line → cost. */
  files: Map<string, Map<number, { flat: number; cum: number }>>;
}

/**
 * @param samples each sample's value and its frames, leaf first (inlined frames expanded, innermost first)
 * @param target the file and 1-based line a frame lands on, or undefined when it has none
 */
export function lineCostsOf(samples: readonly { value: number; frames: ArrayLike<number> }[], target: (frame: number) => { file: string; line: number } | undefined): LineCostTable {
  const start = new Int32Array(samples.length + 1);
  samples.forEach((s, i) => { start[i + 1] = start[i] + s.frames.length; });
  const frames = new Int32Array(start[samples.length]);
  samples.forEach((s, i) => frames.set(Array.from(s.frames), start[i]));
  const frameCount = frames.reduce((m, f) => Math.max(m, f + 1), 0);
  const cells: { file: string; line: number }[] = [];
  const cellIndex = new Map<string, number>();
  const keyOfFrame = new Int32Array(frameCount).fill(-1);
  for (let f = 0; f < frameCount; f++) {
    const t = target(f);
    if (!t) continue;
    const key = `${t.file}\u0000${t.line}`;
    let cell = cellIndex.get(key);
    if (cell === undefined) cellIndex.set(key, (cell = cells.push(t) - 1));
    keyOfFrame[f] = cell;
  }
  const value = Float64Array.from(samples, (s) => s.value);
  const { flat, cum, total } = flatCum({ count: samples.length, start, frames }, value, keyOfFrame, cells.length);
  const files = new Map<string, Map<number, { flat: number; cum: number }>>();
  cells.forEach((c, i) => {
    if (flat[i] === 0 && cum[i] === 0) return;
    let lines = files.get(c.file);
    if (!lines) files.set(c.file, (lines = new Map()));
    lines.set(c.line, { flat: flat[i], cum: cum[i] });
  });
  return { total, files };
}
