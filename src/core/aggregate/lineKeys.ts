/**
 * The line entries of call tree nodes: per frame, a key for its (profiled line, today's line) pair, numbered in
 * line order, so a node lists the lines of its frames with where each one is in today's text. Frames without a line
 * have the entry of line 0, so a node's entries always add up to its total.
 */
import type { ModelFrames } from '../model/types';
import { PairIndex } from './pairIndex';

export interface LineKeys {
  /** Per frame: its key. */
  readonly keyOfFrame: Int32Array;
  readonly count: number;
  /** Per key: the profiled line (1-based; 0 for frames without one). */
  readonly line: Float64Array;
  /** Per key: today's line (after line drift and source maps), 0 when unknown. */
  readonly current: Float64Array;
}

/** Line keys made, per frames' line column, then per today's lines (a mapping's): kept while both live. */
const kept = new WeakMap<Float64Array, { profiled?: LineKeys; readonly today: WeakMap<Float64Array, LineKeys> }>();

/**
 * lineKeys, made once per frames table (its line column) and today's lines: the trees of every selection of a model
 * under one workspace mapping share them, so a filter change does not number the lines again. Neither column may
 * change while kept (a model's never do).
 */
export function keptLineKeys(frames: Pick<ModelFrames, 'count' | 'line'>, currentLine?: Float64Array): LineKeys {
  let entry = kept.get(frames.line);
  if (!entry) kept.set(frames.line, (entry = { today: new WeakMap() }));
  if (!currentLine) return (entry.profiled ??= lineKeys(frames));
  let keys = entry.today.get(currentLine);
  if (!keys) entry.today.set(currentLine, (keys = lineKeys(frames, currentLine)));
  return keys;
}

/** Bytes of the keys kept for these frames' line column and today's lines (0 when none are kept). */
export function keptLineKeysBytes(line: Float64Array, currentLine?: Float64Array): number {
  const entry = kept.get(line);
  const keys = currentLine ? entry?.today.get(currentLine) : entry?.profiled;
  return keys ? keys.keyOfFrame.byteLength + keys.line.byteLength + keys.current.byteLength : 0;
}

/** @param currentLine per frame: today's line, 0 when unknown; without it today's line is the profiled line */
export function lineKeys(frames: Pick<ModelFrames, 'count' | 'line'>, currentLine?: Float64Array): LineKeys {
  const index = new PairIndex(1 << 10);
  const odd = new Map<string, number>(); // lines that are not int32 (never in real profiles)
  const pairs: [number, number][] = [];
  const keyOfFrame = new Int32Array(frames.count);
  for (let f = 0; f < frames.count; f++) {
    const line = frames.line[f] > 0 ? frames.line[f] : 0;
    const current = line === 0 ? 0 : currentLine ? currentLine[f] : line;
    let key: number;
    if ((line | 0) === line && (current | 0) === current) key = index.getOrAdd(line, current, pairs.length);
    else {
      key = odd.get(`${line}:${current}`) ?? -1;
      if (key < 0) odd.set(`${line}:${current}`, pairs.length);
    }
    if (key < 0) {
      key = pairs.length;
      pairs.push([line, current]);
    }
    keyOfFrame[f] = key;
  }
  // Renumber in line order (then today's line), so a node's entries sorted by key are sorted by line.
  const order = pairs.map((_, k) => k).sort((a, b) => pairs[a][0] - pairs[b][0] || pairs[a][1] - pairs[b][1]);
  const rank = new Int32Array(pairs.length);
  order.forEach((k, r) => { rank[k] = r; });
  for (let f = 0; f < keyOfFrame.length; f++) keyOfFrame[f] = rank[keyOfFrame[f]];
  return {
    keyOfFrame,
    count: pairs.length,
    line: Float64Array.from(order, (k) => pairs[k][0]),
    current: Float64Array.from(order, (k) => pairs[k][1]),
  };
}
