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

/** How many of the table's rows have any value (the rows sortedRows gives when not limited). */
export function rowsWithValue(table: TopTable): number {
  let n = 0;
  for (let r = 0; r < table.count; r++) if (table.flat[r] !== 0 || table.cum[r] !== 0) n++;
  return n;
}

/**
 * The table's rows with any value, sorted by flat descending (then cum descending, then name), at most `limit`.
 * For 'file' rows `function` is ""; a function without a name is `<unknown>`.
 */
export function sortedRows(selection: Selection, table: TopTable, limit = Infinity): TopRow[] {
  const { strings, functions } = selection;
  const order = new Int32Array(rowsWithValue(table));
  for (let r = 0, at = 0; r < table.count; r++) if (table.flat[r] !== 0 || table.cum[r] !== 0) order[at++] = r;
  const { flat, cum } = table;
  const byValue = (a: number, b: number) => flat[b] - flat[a] || cum[b] - cum[a];
  order.sort(byValue);
  const name = (r: number) => (table.function[r] >= 0 ? strings.get(functions.name[table.function[r]]) || UNKNOWN_FUNCTION : '');
  const shown = Math.min(limit, order.length);
  // Rows of equal flat and cum go by name, file and line: only the runs of them that reach into the rows shown are
  // ordered so, each row's label made once (names are decoded from the profile's bytes when asked for).
  for (let i = 0; i < shown;) {
    let j = i + 1;
    while (j < order.length && byValue(order[i], order[j]) === 0) j++;
    if (j - i > 1) {
      const run = Array.from(order.subarray(i, j), (r) => ({ r, label: `${name(r)}\u0000${strings.get(table.file[r])}\u0000${table.line[r]}` }));
      run.sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
      run.forEach(({ r }, k) => (order[i + k] = r));
    }
    i = j;
  }
  return Array.from(order.subarray(0, shown), (r) => ({
    function: name(r),
    file: strings.get(table.file[r]),
    line: table.by === 'file' || table.line[r] === 0 ? null : table.line[r],
    flat: flat[r],
    cum: cum[r],
  }));
}
