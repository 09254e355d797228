/**
 * `function_detail`: one function of a selection — its self and total cost, who calls it and what it calls (each
 * edge counted once per sample), its costliest lines, and, when the selection spans several time buckets, its
 * share in each (the trend). The function is found by its exact name (optionally narrowed by file); otherwise the
 * costliest functions whose names contain the text are offered. Names are compared as plain text, never as
 * regular expressions.
 */
import { selectSampleType } from '../aggregate/sampleType';
import { sortedRows, topTable } from '../aggregate/topTable';
import { buildModel } from '../model/buildModel';
import { select } from '../query/select';
import { functionTrend, type FunctionTrend, type FunctionTrendPoint } from '../trends/functionTrend';
import type { HistoryProfile } from '../trends/history';
import type { Profile } from '../profile/model';
import type { WorkspaceRootInfo } from '../symbolicate/path-rules';
import { analyzeWorkspace } from '../workspace/analyzeWorkspace';
import type { FunctionRow } from '../aggregate/workspaceFunctions';
import { clip, header, share, valueAndShare, type AgentAnswer, type SelectionFacts } from './answer';

const MAX_EDGES = 20;
const MAX_FUNCTION_LINES = 30;
const MAX_CANDIDATES = 10;
/** Most points of a trend. */
export const MAX_TREND_POINTS = 48;

export interface FunctionDetailRequest {
  readonly profiles: readonly Profile[];
  readonly sampleType?: string;
  readonly function: string;
  /** Narrows same-named functions: a substring of the function's file. */
  readonly file?: string;
  readonly root: WorkspaceRootInfo & { location: string };
  readonly gitEnabled: boolean;
  /** The selection's profiles with their times: the function's trend over them (core/trends, at most MAX_TREND_POINTS buckets). */
  readonly history?: readonly HistoryProfile[];
}

export interface FunctionRef {
  readonly function: string;
  readonly file: string;
  readonly value: number;
  readonly share: number;
}

export interface FunctionDetail {
  readonly found: boolean;
  readonly type: string;
  readonly unit: string;
  readonly total: number;
  readonly selection: string;
  readonly function?: string;
  /** The workspace file (relative) for application code, else the profile's file. */
  readonly file?: string;
  readonly kind?: string;
  readonly self?: number;
  readonly selfShare?: number;
  readonly cum?: number;
  readonly cumShare?: number;
  readonly callers?: FunctionRef[];
  readonly callees?: FunctionRef[];
  /** Line numbers as profiled (1-based). */
  readonly lines?: { line: number; self: number; total: number; totalShare: number }[];
  readonly trend?: readonly FunctionTrendPoint[];
  /** The trend test on those points (as `perflens trend`): the fitted rise and whether it is beyond sampling noise. */
  readonly trendTest?: { rise: number; z: number; critical: number; significant: boolean; tests: number; bucket: string; sparkline: string };
  /** Same-named functions in other files, or near names when nothing matched exactly. */
  readonly others?: FunctionRef[];
}

export async function functionDetail(request: FunctionDetailRequest, facts: SelectionFacts, warn?: (m: string) => void): Promise<AgentAnswer<FunctionDetail>> {
  const first = request.profiles[0];
  const typeIndex = selectSampleType(first.sampleTypes, first.defaultSampleType, request.sampleType);
  const { type, unit } = first.sampleTypes[typeIndex];
  const analysis = await analyzeWorkspace({ profiles: request.profiles, query: { type: typeIndex }, roots: [request.root], gitEnabled: request.gitEnabled, warn });
  const { functions, total } = analysis;
  const fileOf = (f: FunctionRow) => f.file?.path ?? f.profileFile;
  const ref = (f: FunctionRow, value: number): FunctionRef => ({ function: clip(f.name), file: clip(fileOf(f)), value, share: share(value, total) });
  const base = { type, unit, total, selection: facts.description };

  const named = functions.filter((f) => f.name === request.function);
  const matching = request.file ? named.filter((f) => fileOf(f).includes(request.file!) || f.profileFile.includes(request.file!)) : named;
  if (matching.length === 0) {
    const needle = request.function.toLowerCase();
    const near = (named.length > 0 ? named : functions.filter((f) => f.name.toLowerCase().includes(needle))).slice(0, MAX_CANDIDATES).map((f) => ref(f, f.cum));
    const text = [
      ...header(facts, `No function named ${JSON.stringify(clip(request.function))}${request.file ? ` in a file containing ${JSON.stringify(clip(request.file))}` : ''} has ${type} cost in this selection.`),
      near.length > 0 ? `Did you mean: ${near.map((n) => `${n.function} (${n.file}, total ${valueAndShare(n.value, total, unit)})`).join('; ')}` : 'No function name contains that text.',
    ];
    return { text: text.join('\n'), structured: { ...base, found: false, others: near } };
  }
  const fn = matching[0]; // functions are sorted by cum: the costliest of the same name
  const others = named.filter((f) => f !== fn).slice(0, MAX_CANDIDATES).map((f) => ref(f, f.cum));
  const callers = fn.callers.slice(0, MAX_EDGES).map((e) => ref(functions[e.fn], e.value));
  const callees = fn.callees.slice(0, MAX_EDGES).map((e) => ref(functions[e.fn], e.value));

  const selection = select(buildModel(request.profiles), { type: request.sampleType });
  const lines = sortedRows(selection, topTable(selection, 'line'))
    .filter((r) => r.function === fn.name && r.file === fn.profileFile && r.line !== null)
    .sort((a, b) => b.cum - a.cum)
    .slice(0, MAX_FUNCTION_LINES)
    .map((r) => ({ line: r.line!, self: r.flat, total: r.cum, totalShare: share(r.cum, total) }));

  const trend = request.history ? functionTrend(request.history, { type: request.sampleType }, fn.name, fn.profileFile, MAX_TREND_POINTS) : undefined;

  const text = [
    ...header(facts, `${clip(fn.name)} (${clip(fileOf(fn))}${fn.firstLine ? `:${fn.firstLine}` : ''}, ${fn.class} code): total ${valueAndShare(fn.cum, total, unit)}, self ${valueAndShare(fn.flat, total, unit)} of ${type}.`),
    `Called by: ${callers.length === 0 ? 'nothing (a root)' : callers.map((c) => `${c.function} ${valueAndShare(c.value, total, unit)}`).join('; ')}`,
    `Calls: ${callees.length === 0 ? 'nothing (all its cost is its own)' : callees.map((c) => `${c.function} ${valueAndShare(c.value, total, unit)}`).join('; ')}`,
    `Costliest lines (as profiled): ${lines.length === 0 ? 'none known' : lines.map((l) => `${l.line}: ${valueAndShare(l.total, total, unit)}`).join('; ')}`,
  ];
  if (trend) text.push(trendText(trend));
  if (others.length > 0) text.push(`Same name elsewhere: ${others.map((o) => `${o.file} (total ${valueAndShare(o.value, total, unit)})`).join('; ')}`);
  return {
    text: text.join('\n'),
    structured: {
      ...base,
      found: true,
      function: clip(fn.name),
      file: clip(fileOf(fn)),
      kind: fn.class,
      self: fn.flat,
      selfShare: share(fn.flat, total),
      cum: fn.cum,
      cumShare: share(fn.cum, total),
      callers,
      callees,
      lines,
      trend: trend?.points,
      trendTest: trend && { rise: trend.rise, z: trend.z, critical: trend.critical, significant: trend.significant, tests: trend.tests, bucket: trend.bucket, sparkline: trend.sparkline },
      others,
    },
  };
}

/** "Trend (share of each bucket's total, buckets of 10 seconds, oldest first) ▁▃▇: rose 4.10 pts beyond sampling noise (…); …" */
function trendText(t: FunctionTrend): string {
  const verdict = t.significant
    ? `${t.rise > 0 ? 'rose' : 'fell'} ${Math.abs(t.rise * 100).toFixed(2)} pts beyond sampling noise`
    : `changed ${t.rise >= 0 ? '+' : '-'}${Math.abs(t.rise * 100).toFixed(2)} pts, within sampling noise`;
  const test = `${t.method === 'rank' ? 'rank test' : 'trend test'} |z| ${Math.abs(t.z).toFixed(1)} vs ${t.critical.toFixed(2)} over ${t.tests} functions`;
  const points = t.points.map((p) => `${new Date(p.timeMs).toISOString().slice(0, 16)}Z ${(p.share * 100).toFixed(2)}%`).join(', ');
  return `Trend (share of each bucket's total, buckets of ${t.bucket}, oldest first) ${t.sparkline}: ${verdict} (${test}); ${points}${t.notes.length ? ` (${t.notes.join('; ')})` : ''}`;
}
