/** PerfLens's own figures of profiles a reader made: the top table, as `perflens top` computes it. */
import { sortedRows, topTable, type AggregateBy, type TopRow } from '../../../../src/core/aggregate/topTable';
import { buildModel } from '../../../../src/core/model/buildModel';
import type { Profile } from '../../../../src/core/profile/model';
import { select } from '../../../../src/core/query/select';

/** Rows by function name (for 'line' rows, the last of a function's lines: use `list` there), and all rows sorted by flat. */
export function topRows(profiles: readonly Profile[], type: string | number, by: AggregateBy): { total: number; rows: Map<string, TopRow>; list: TopRow[] } {
  const selection = select(buildModel(profiles), { type });
  const table = topTable(selection, by);
  const list = sortedRows(selection, table);
  return { total: table.total, rows: new Map(list.map((r) => [r.function, r])), list };
}
