/**
 * One function's trend over a history of profiles, as `perflens trend --function` and the editor's Trends view
 * see it: the history in round time buckets (at most `maxBuckets`), every function's share tested together
 * (history.ts: the same noise test and Bonferroni family), and this function's series and verdict picked out.
 * For answers about one function (the MCP server's function_detail).
 */
import type { ProfileQuery } from '../query/types';
import { functionKey } from '../diff/functionKey';
import { bucketWidthFor, describeSpan } from './bucketWidth';
import { historyTrends, type HistoryProfile } from './history';
import type { ShareTrend } from './shareTrend';
import { sparkline } from './sparkline';

export interface FunctionTrendPoint {
  /** Start of the bucket, Unix ms. */
  readonly timeMs: number;
  /** The function's cum value in the bucket. */
  readonly total: number;
  /** Its share of the bucket's total (0..1). */
  readonly share: number;
}

export interface FunctionTrend extends Pick<ShareTrend, 'rise' | 'z' | 'critical' | 'significant' | 'method'> {
  readonly points: readonly FunctionTrendPoint[];
  /** The buckets' width in words ("10 seconds", "1 day"). */
  readonly bucket: string;
  /** How many functions were tested together (the Bonferroni m). */
  readonly tests: number;
  readonly sparkline: string;
  readonly notes: readonly string[];
}

/** undefined when the history has fewer than two buckets with profiles, or none where the function has cost. */
export function functionTrend(history: readonly HistoryProfile[], query: ProfileQuery, name: string, file: string, maxBuckets = 48): FunctionTrend | undefined {
  const times = history.map((h) => h.timeMs).filter((t) => t > 0);
  if (times.length < 2) return undefined;
  const sinceMs = Math.min(...times);
  const untilMs = Math.max(...times) + 1;
  // One bucket fewer than allowed: buckets are aligned to round times, so the span may touch one more.
  const widthMs = bucketWidthFor(untilMs - sinceMs, Math.max(1, maxBuckets - 1));
  const trends = historyTrends(history, { kind: 'time', widthMs, sinceMs, untilMs }, query, 'function');
  const id = trends.index.find(functionKey(name, file));
  const t = id === undefined ? undefined : trends.trends.find((k) => k.key === id);
  if (!t) return undefined;
  const { table, from } = trends;
  const m = table.x.length;
  const points = Array.from(t.shares, (share, i) => ({ timeMs: table.x[from + i], total: table.value[t.key * m + from + i], share }));
  return {
    points, rise: t.rise, z: t.z, critical: t.critical, significant: t.significant, method: t.method,
    bucket: describeSpan(widthMs), tests: trends.tests, sparkline: sparkline(t.shares), notes: trends.notes,
  };
}
