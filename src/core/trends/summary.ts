/**
 * A profile's costs in a form small enough to keep for every file of a history: per function (and per line) its
 * cum value and cum sample count, with the profile's totals. A trend sums these per bucket instead of decoding
 * the history again. Functions are keyed as the release diff matches them across builds (diff/functionKey.ts:
 * name and the last two segments of the file), lines by that file tail and line number; keys are ids into a
 * KeyIndex shared by the summaries of one history.
 *
 * Computed with the engine: the selection's stacks and values (core/query) aggregated by flatCum
 * (core/aggregate), once for values and once for sample counts.
 */
import { flatCum } from '../aggregate/flatCum';
import { frameKeys, type AggregateBy } from '../aggregate/frameKeys';
import { fileTail, functionKey } from '../diff/functionKey';
import type { Selection } from '../query/types';

export type SummaryBy = Extract<AggregateBy, 'function' | 'line'>;

/** Key strings ↔ dense ids. */
export class KeyIndex {
  private readonly ids = new Map<string, number>();
  /** (file, name or line) as the profile spells them → id: keying is the hot part of summarizing many profiles. */
  private readonly spelled = new Map<string, Map<string | number, number>>();
  readonly keys: string[] = [];

  constructor(keys: Iterable<string> = []) {
    for (const k of keys) this.id(k);
  }

  get size(): number {
    return this.keys.length;
  }

  id(key: string): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.keys.length;
      this.ids.set(key, id);
      this.keys.push(key);
    }
    return id;
  }

  /** The id of functionKey(name, file). */
  functionId(name: string, file: string): number {
    return this.spelledId(file, name, () => functionKey(name, file));
  }

  /** The id of lineKey(name, file, line). */
  lineId(name: string, file: string, line: number): number {
    return this.spelledId(file === '' ? `\u0000${name}` : file, line, () => lineKey(name, file, line));
  }

  private spelledId(outer: string, inner: string | number, key: () => string): number {
    let byInner = this.spelled.get(outer);
    if (!byInner) this.spelled.set(outer, (byInner = new Map()));
    let id = byInner.get(inner);
    if (id === undefined) byInner.set(inner, (id = this.id(key())));
    return id;
  }

  find(key: string): number | undefined {
    return this.ids.get(key);
  }
}

export interface CostSummary {
  /** Sum of |value| of the profile (of the selected type). */
  readonly total: number;
  /** The same in sample counts; 0 when the profile cannot count samples. */
  readonly countTotal: number;
  /** Keys with cost, as KeyIndex ids, and their cum value and cum count (count is empty without counts). */
  readonly keys: Int32Array;
  readonly cum: Float64Array;
  readonly count: Float64Array;
}

/** "name\0file tail" for a function, "file tail:line" for a line (lines of file-less code: "name\0:line"). */
export function lineKey(name: string, file: string, line: number): string {
  return file === '' ? `${name}\u0000:${line}` : `${fileTail(file)}:${line}`;
}

export function summarize(selection: Selection, by: SummaryBy, index: KeyIndex): CostSummary {
  const keys = frameKeys(selection, by);
  const { cum, total } = flatCum(selection.stacks, selection.value, keys.keyOfFrame, keys.count);
  const counted = selection.count !== undefined && selection.countTotal > 0;
  const ratio = counted ? countPerValue(selection.value, selection.count!) : undefined;
  const countCum = !counted ? undefined : ratio !== undefined ? cum.map((v) => v * ratio) : flatCum(selection.stacks, selection.count!, keys.keyOfFrame, keys.count).cum;
  const { strings, functions } = selection;
  const rows: number[] = [];
  const ids: number[] = [];
  for (let r = 0; r < keys.count; r++) {
    if (cum[r] === 0 && (countCum === undefined || countCum[r] === 0)) continue;
    const name = strings.get(functions.name[keys.function[r]]);
    const file = strings.get(keys.file[r]);
    rows.push(r);
    ids.push(by === 'function' ? index.functionId(name, file) : index.lineId(name, file, keys.line[r]));
  }
  // In id order; several rows may share one key string (same name in two folders): their costs add up.
  const order = Array.from(rows.keys()).sort((a, b) => ids[a] - ids[b]);
  const outKeys: number[] = [];
  const outCum: number[] = [];
  const outCount: number[] = [];
  for (const o of order) {
    const r = rows[o];
    const last = outKeys.length - 1;
    if (last >= 0 && outKeys[last] === ids[o]) {
      outCum[last] += cum[r];
      outCount[last] += countCum?.[r] ?? 0;
    } else {
      outKeys.push(ids[o]);
      outCum.push(cum[r]);
      outCount.push(countCum?.[r] ?? 0);
    }
  }
  return {
    total,
    countTotal: counted ? selection.countTotal : 0,
    keys: Int32Array.from(outKeys),
    cum: Float64Array.from(outCum),
    count: counted ? Float64Array.from(outCount) : new Float64Array(0),
  };
}

/**
 * Samples per unit of value when every stack's value is its sample count times one period (a CPU profile: count ×
 * interval), so that cum counts are cum values scaled, not a second pass over the stacks; undefined otherwise.
 */
function countPerValue(value: Float64Array, count: Float64Array): number | undefined {
  let ratio: number | undefined;
  for (let s = 0; s < value.length; s++) {
    if (value[s] === 0 && count[s] === 0) continue;
    if (value[s] === 0 || count[s] === 0) return undefined;
    const r = count[s] / value[s];
    if (ratio === undefined) ratio = r;
    else if (Math.abs(r - ratio) > 1e-9 * ratio) return undefined;
  }
  return ratio;
}
