// A sort on one of the functions table's group columns names the column by its value (`group:endpoint=GET /search`,
// `group:endpoint:other`, `group:endpoint:missing`), never by its position: after a reload or on new data the i-th
// costliest value can be another one, and the table would sort by the wrong column without a word.
import type { TableGroups, TableSortColumn } from '../../../src/shared/flamegraphProtocol';

/** The sort column of a group column ("other" and "missing" by kind: their titles carry counts that change). */
export function groupSortColumn(key: string, column: TableGroups['columns'][number]): TableSortColumn {
  return `group:${column.kind === 'value' ? column.title : `${key}:${column.kind}`}`;
}

/** The group column a sort column names among `groups`' columns; -1 for the others, or when it is no longer one. */
export function groupColumnIndex(sort: TableSortColumn, groups: TableGroups | undefined): number {
  if (!groups || !sort.startsWith('group:')) return -1;
  return groups.columns.findIndex((c) => groupSortColumn(groups.key, c) === sort);
}
