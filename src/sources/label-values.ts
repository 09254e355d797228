/**
 * A label's values as a picker offers them (LabelValueList): the costliest first when the server gave costs (ties
 * and values without a cost by value), at most `limit`, with the count of all.
 */
import type { LabelValueList } from './types';

export const DEFAULT_LABEL_VALUES = 100;

export function rankedValues(all: readonly string[], cost: ReadonlyMap<string, number>, limit: number): LabelValueList {
  const values = [...new Set([...all, ...cost.keys()])];
  values.sort((a, b) => (cost.get(b) ?? -1) - (cost.get(a) ?? -1) || (a < b ? -1 : a > b ? 1 : 0));
  return { values: values.slice(0, limit).map((value) => (cost.has(value) ? { value, cost: cost.get(value)! } : { value })), count: values.length };
}
