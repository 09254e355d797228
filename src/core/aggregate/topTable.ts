/**
 * The table `perflens top` prints (like `go tool pprof -top`): flat and cum of a selection per function, line or
 * file, with the rows sorted by flat.
 */
import type { Selection } from '../query/types';
import { flatCum } from './flatCum';
import { frameKeys, type AggregateBy, type FrameKeys } from './frameKeys';

export type { AggregateBy } from './frameKeys';

export interface TopTable extends FrameKeys {
  readonly by: AggregateBy;
  readonly total: number;
  readonly flat: Float64Array;
  readonly cum: Float64Array;
}

export function topTable(selection: Selection, by: AggregateBy): TopTable {
  const keys = frameKeys(selection, by);
  const { flat, cum } = flatCum(selection.stacks, selection.value, keys.keyOfFrame, keys.count);
  // The denominator is the selection's (pprof's total over rows), the same for every view of it.
  return { ...keys, by, total: selection.total, flat, cum };
}

export interface TopRow {
  readonly function: string;
  readonly file: string;
  /** Line number for 'line' rows, the start line (or null if unknown) for 'function' rows, null for 'file' rows. */
  readonly line: number | null;
  readonly flat: number;
  readonly cum: number;
}

/** What a row of a nameless function is called, as go tool pprof calls it. */
export const UNKNOWN_FUNCTION = '<unknown>';

/**
 * The table's rows with any value, sorted by flat descending (then cum descending, then name), at most `limit`.
 * For 'file' rows `function` is ""; a function without a name is `<unknown>`.
 */
export function sortedRows(selection: Selection, table: TopTable, limit = Infinity): TopRow[] {
  const { strings, functions } = selection;
  const order: number[] = [];
  for (let r = 0; r < table.count; r++) if (table.flat[r] !== 0 || table.cum[r] !== 0) order.push(r);
  const name = (r: number) => (table.function[r] >= 0 ? strings.get(functions.name[table.function[r]]) || UNKNOWN_FUNCTION : '');
  const label = (r: number) => `${name(r)}\u0000${strings.get(table.file[r])}\u0000${table.line[r]}`;
  order.sort((a, b) => table.flat[b] - table.flat[a] || table.cum[b] - table.cum[a] || (label(a) < label(b) ? -1 : label(a) > label(b) ? 1 : 0));
  return order.slice(0, Math.min(limit, order.length)).map((r) => ({
    function: name(r),
    file: strings.get(table.file[r]),
    line: table.by === 'file' || table.line[r] === 0 ? null : table.line[r],
    flat: table.flat[r],
    cum: table.cum[r],
  }));
}
