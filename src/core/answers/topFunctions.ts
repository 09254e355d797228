/** `top_functions`: where a selection's cost goes, per function (like `go tool pprof -top`), self or total first. */
import { sortedRows, topTable } from '../aggregate/topTable';
import { buildModel } from '../model/buildModel';
import { select } from '../query/select';
import { formatValue } from '../format/units';
import type { Profile } from '../profile/model';
import { clip, header, share, valueAndShare, type AgentAnswer, type SelectionFacts } from './answer';

export interface TopFunctionsRequest {
  readonly profiles: readonly Profile[];
  /** Sample type name or index (default as `perflens top`). */
  readonly sampleType?: string;
  readonly limit: number;
  /** Rank by self (flat, default) or total (cum) cost. */
  readonly order?: 'self' | 'total';
}

export interface TopFunctionRow {
  readonly function: string;
  readonly file: string;
  readonly line: number | null;
  readonly self: number;
  readonly selfShare: number;
  readonly total: number;
  readonly totalShare: number;
}

export interface TopFunctions {
  readonly type: string;
  readonly unit: string;
  readonly total: number;
  readonly selection: string;
  readonly functions: TopFunctionRow[];
  /** Functions with any cost (the list holds the first `limit`). */
  readonly functionCount: number;
}

export function topFunctions(request: TopFunctionsRequest, facts: SelectionFacts, warn?: (m: string) => void): AgentAnswer<TopFunctions> {
  const selection = select(buildModel(request.profiles, { warn }), { type: request.sampleType });
  const { type, unit } = selection.sampleType;
  const table = topTable(selection, 'function');
  const all = sortedRows(selection, table);
  if (request.order === 'total') all.sort((a, b) => b.cum - a.cum || b.flat - a.flat);
  const rows: TopFunctionRow[] = all.slice(0, request.limit).map((r) => ({
    function: clip(r.function),
    file: clip(r.file),
    line: r.line,
    self: r.flat,
    selfShare: share(r.flat, table.total),
    total: r.cum,
    totalShare: share(r.cum, table.total),
  }));
  const text = [
    ...header(facts, `Top ${rows.length} of ${all.length} functions by ${request.order === 'total' ? 'total' : 'self'} ${type} (${unit}); total ${formatValue(table.total, unit)}.`),
    ...rows.map((r, i) => `${i + 1}. ${r.function}${r.file ? ` (${r.file}${r.line ? `:${r.line}` : ''})` : ''}: self ${valueAndShare(r.self, table.total, unit)}, total ${valueAndShare(r.total, table.total, unit)}`),
  ];
  if (rows.length === 0) text.push('No function has any cost in this selection.');
  return {
    text: text.join('\n'),
    structured: { type, unit, total: table.total, selection: facts.description, functions: rows, functionCount: all.length },
  };
}
