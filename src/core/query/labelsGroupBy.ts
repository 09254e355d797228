/**
 * Group-by a label: which group each label set falls in, for views that split a selection by a label's values
 * (the flame graph gets one root frame per group, the functions table a column per group, Hotspots a level).
 *
 * Groups are the `top` costliest values, then one "other" group for the remaining values, then one group for
 * the samples without the label; only what has a cost makes a group (a label set without cost is in none: -1). A label set with several values for the key is the group of those values
 * joined by ",", as `go tool pprof -tagroot` names its frames. Per label set, never per sample.
 */
import type { Strings } from '../aggregate/mergedStrings';
import type { LabelSetTable } from '../model/types';
import { isEmptyLabel, labelKeyIds } from './labelsMatch';

export type LabelGroupKind = 'value' | 'other' | 'missing';

export interface LabelGroups {
  readonly key: string;
  /** Per label set, its group; -1 for a label set without cost. */
  readonly groupOf: Int32Array;
  /** Per group: the value (for 'value' groups), or "" for 'other' and 'missing'. */
  readonly values: readonly string[];
  readonly kinds: readonly LabelGroupKind[];
  /** Per group, the cost of its label sets (|cost| summed). */
  readonly cost: Float64Array;
  /** How many distinct values the 'other' group holds (0 when there is none). */
  readonly otherValues: number;
}

export const DEFAULT_GROUPS = 20;

/** How a group reads in views: the value, `other (1,204 values)`, or `no endpoint`. */
export function groupTitle(groups: LabelGroups, g: number): string {
  if (groups.kinds[g] === 'value') return `${groups.key}=${groups.values[g]}`;
  if (groups.kinds[g] === 'other') return `${groups.key}: other (${groups.otherValues.toLocaleString('en-US')} values)`;
  return `no ${groups.key}`;
}

/**
 * @param setCost per label set, the selection's cost with it: ranks the values
 * @param top how many values get a group of their own
 */
export function groupLabelSets(sets: LabelSetTable, strings: Strings, key: string, setCost: Float64Array, top = DEFAULT_GROUPS): LabelGroups {
  const keyIds = labelKeyIds(sets, strings, key);
  // Per label set, its value text ("" when it has none), and the cost per value.
  const valueOfSet: (string | undefined)[] = new Array(sets.count);
  const costOf = new Map<string, number>();
  let missingCost = 0;
  for (let s = 0; s < sets.count; s++) {
    let value: string | undefined;
    for (let i = sets.start[s]; i < sets.start[s + 1]; i++) {
      if (!keyIds.has(sets.key[i]) || isEmptyLabel(sets, i)) continue;
      const v = sets.str[i] !== 0 ? strings.get(sets.str[i]) : String(sets.num[i]);
      value = value === undefined ? v : `${value},${v}`;
    }
    valueOfSet[s] = value;
    const cost = Math.abs(setCost[s]);
    if (cost === 0) continue;
    if (value === undefined) missingCost += cost;
    else costOf.set(value, (costOf.get(value) ?? 0) + cost);
  }
  const ranked = [...costOf].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const kept = ranked.slice(0, top);
  const groupOfValue = new Map(kept.map(([v], g) => [v, g]));
  const values = kept.map(([v]) => v);
  const kinds: LabelGroupKind[] = kept.map(() => 'value');
  const costs = kept.map(([, c]) => c);
  const otherValues = ranked.length - kept.length;
  const other = otherValues > 0 ? values.length : -1;
  if (other >= 0) {
    values.push('');
    kinds.push('other');
    costs.push(ranked.slice(top).reduce((sum, [, c]) => sum + c, 0));
  }
  const missing = missingCost > 0 ? values.length : -1;
  if (missing >= 0) {
    values.push('');
    kinds.push('missing');
    costs.push(missingCost);
  }
  const groupOf = new Int32Array(sets.count);
  for (let s = 0; s < sets.count; s++) {
    const v = valueOfSet[s];
    groupOf[s] = setCost[s] === 0 ? -1 : v === undefined ? missing : groupOfValue.get(v) ?? other;
  }
  return { key, groupOf, values, kinds, cost: Float64Array.from(costs), otherValues };
}
