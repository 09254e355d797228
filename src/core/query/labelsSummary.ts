/**
 * What labels a selection has, to offer in a label filter's picker: per key, how much of the cost carries it, how
 * many distinct values it has, and its costliest values with their cost and sample count — never every value of
 * a key with 10^5 of them (span ids, request ids): the top `topValues`, then the rest as one figure.
 *
 * Computed from per-label-set costs (a selection's rows summed by label set), so the work is per distinct label
 * set and label, never per sample. A label set holding several values for a key counts once for each value.
 */
import type { Strings } from '../aggregate/mergedStrings';
import type { LabelSetTable } from '../model/types';
import { isEmptyLabel } from './labelsMatch';

export interface LabelValueCost {
  /** As a filter names it: the string, or a numeric label's number. */
  readonly value: string;
  readonly cost: number;
  /** Samples, when the caller gave counts; else 0. */
  readonly count: number;
}

export interface LabelKeySummary {
  readonly key: string;
  /** Cost of the samples that have the key. */
  readonly cost: number;
  readonly count: number;
  /** How many distinct values the key has in the selection. */
  readonly valueCount: number;
  /** The costliest values, costliest first (ties by value), at most `topValues`. */
  readonly values: readonly LabelValueCost[];
  /** Cost and count of the values not listed. */
  readonly otherCost: number;
  readonly otherCount: number;
}

export interface LabelSummary {
  /** Sum of |cost| over the label sets (the selection's total). */
  readonly total: number;
  /** Keys by the cost that carries them, most first (ties by name). */
  readonly keys: readonly LabelKeySummary[];
}

export const DEFAULT_TOP_VALUES = 20;

/**
 * @param setCost per label set, the cost of the selected samples with it (|cost| is summed, as totals are)
 * @param setCount per label set, their sample count, when known
 * @param key summarize this key only
 */
export function summarizeLabels(sets: LabelSetTable, strings: Strings, setCost: Float64Array, setCount?: Float64Array, options: { topValues?: number; key?: string } = {}): LabelSummary {
  const topValues = options.topValues ?? DEFAULT_TOP_VALUES;
  /** `lastSet`: the last label set counted for the key (a set with several values of a key counts once for it). */
  type Acc = { cost: number; count: number; lastSet: number; values: Map<string, { cost: number; count: number }> };
  const byKeyId = new Map<number, Acc | null>();
  const accOf = (keyId: number): Acc | null => {
    let acc = byKeyId.get(keyId);
    if (acc === undefined) {
      acc = options.key === undefined || strings.get(keyId) === options.key ? { cost: 0, count: 0, lastSet: -1, values: new Map() } : null;
      byKeyId.set(keyId, acc);
    }
    return acc;
  };
  let total = 0;
  for (let s = 0; s < sets.count; s++) {
    const cost = Math.abs(setCost[s]);
    const count = setCount ? Math.abs(setCount[s]) : 0;
    if (cost === 0 && count === 0) continue;
    total += cost;
    for (let i = sets.start[s]; i < sets.start[s + 1]; i++) {
      const acc = isEmptyLabel(sets, i) ? null : accOf(sets.key[i]);
      if (!acc) continue;
      if (acc.lastSet !== s) {
        acc.cost += cost;
        acc.count += count;
        acc.lastSet = s;
      }
      const value = sets.str[i] !== 0 ? strings.get(sets.str[i]) : String(sets.num[i]);
      const v = acc.values.get(value);
      if (v) {
        v.cost += cost;
        v.count += count;
      } else acc.values.set(value, { cost, count });
    }
  }
  // Several key ids can spell one key in an unmerged table: merge by text.
  const byKey = new Map<string, Acc>();
  for (const [id, acc] of byKeyId) {
    if (!acc) continue;
    const key = strings.get(id);
    const into = byKey.get(key);
    if (!into) {
      byKey.set(key, acc);
      continue;
    }
    into.cost += acc.cost;
    into.count += acc.count;
    for (const [value, v] of acc.values) {
      const w = into.values.get(value);
      if (w) {
        w.cost += v.cost;
        w.count += v.count;
      } else into.values.set(value, { ...v });
    }
  }
  const keys: LabelKeySummary[] = [...byKey].map(([key, acc]) => {
    const all = [...acc.values].map(([value, v]) => ({ value, cost: v.cost, count: v.count }));
    all.sort((a, b) => b.cost - a.cost || b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
    const values = all.slice(0, topValues);
    let otherCost = 0;
    let otherCount = 0;
    for (let i = values.length; i < all.length; i++) {
      otherCost += all[i].cost;
      otherCount += all[i].count;
    }
    return { key, cost: acc.cost, count: acc.count, valueCount: all.length, values, otherCost, otherCount };
  });
  keys.sort((a, b) => b.cost - a.cost || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { total, keys };
}
