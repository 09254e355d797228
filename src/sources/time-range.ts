/** Time ranges: defaults for remote queries and the CLI's --from/--to syntax. */
import type { TimeRange } from './types';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** The last `spanMs` ending now. */
export function lastRange(nowMs: number, spanMs: number): TimeRange {
  return { fromMs: nowMs - spanMs, toMs: nowMs };
}

/**
 * Parses a CLI time: `now`, `now-30m` / `now-2h` / `now-7d` / `now-90s`, a number of Unix seconds (10 digits or
 * fewer) or milliseconds (more), or an ISO 8601 date/time. Returns milliseconds, or undefined when unreadable.
 */
export function parseTimeSpec(text: string, nowMs: number): number | undefined {
  const t = text.trim();
  if (t === 'now') return nowMs;
  const rel = /^now-(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(t);
  if (rel) {
    const unit = { ms: 1, s: 1000, m: 60_000, h: HOUR_MS, d: DAY_MS }[rel[2] as 'ms' | 's' | 'm' | 'h' | 'd'];
    return Math.round(nowMs - Number(rel[1]) * unit);
  }
  if (/^\d+$/.test(t)) {
    const n = Number(t);
    return t.length <= 10 ? n * 1000 : n;
  }
  if (!/^\d{4}-\d{2}-\d{2}/.test(t)) return undefined;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? undefined : ms;
}

/** A description for messages: `2026-08-01T10:00:00.000Z .. 2026-08-01T11:00:00.000Z`. */
export function describeRange(range: TimeRange): string {
  return `${new Date(range.fromMs).toISOString()} .. ${new Date(range.toMs).toISOString()}`;
}
