/** PerfLens's own figures of profiles a reader made: the top table, as `perflens top` computes it. */
import { sortedRows, topTable, type AggregateBy, type TopRow } from '../../../../src/core/aggregate/topTable';
import { buildModel } from '../../../../src/core/model/buildModel';
import type { Profile } from '../../../../src/core/profile/model';
import { select } from '../../../../src/core/query/select';

export function topRows(profiles: readonly Profile[], type: string | number, by: AggregateBy): { total: number; rows: Map<string, TopRow> } {
  const selection = select(buildModel(profiles), { type });
  const table = topTable(selection, by);
  return { total: table.total, rows: new Map(sortedRows(selection, table).map((r) => [r.function, r])) };
}
