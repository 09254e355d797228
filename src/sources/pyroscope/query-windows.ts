/**
 * Pyroscope refuses a query whose range is longer than its `querier.max-query-length` (1d by default, per tenant)
 * with `invalid_argument: the query time range exceeds the limit (max_query_length, actual: 50h0m0s, limit: 1d)`
 * (pkg/validation/validate.go), for every querier call that takes a range. So a longer range is asked in
 * consecutive windows no longer than the limit and the answers are put together: label values united, series
 * points concatenated, merged profiles returned per window for the caller to merge. The source starts with the
 * default limit and, when a server with a lower one refuses a window, takes the limit from the refusal and tries
 * again with shorter windows.
 *
 * Pyroscope's ranges include both ends (a profile at `end` is selected), so each window but the last ends 1 ms
 * before the next one starts: no profile is counted twice and none is missed.
 */
import { DAY_MS } from '../time-range';
import type { TimeRange } from '../types';

export const DEFAULT_MAX_QUERY_MS = DAY_MS;

/** A window as sent to the server: start and end in ms, both included. */
export interface QueryWindow {
  readonly startMs: number;
  readonly endMs: number;
}

/** Consecutive windows covering `range`, each at most `maxMs` long; one window when the range fits. */
export function splitRange(range: TimeRange, maxMs: number): QueryWindow[] {
  const span = range.toMs - range.fromMs;
  if (span <= maxMs) return [{ startMs: range.fromMs, endMs: range.toMs }];
  const windows: QueryWindow[] = [];
  for (let start = range.fromMs; start < range.toMs; start += maxMs) {
    const next = start + maxMs;
    windows.push({ startMs: start, endMs: next >= range.toMs ? range.toMs : next - 1 });
  }
  return windows;
}

/**
 * The widest step that splits a bucket of `widthMs` evenly into whole seconds and fits in one query of `maxMs`: series
 * asked in steps of it can be summed into buckets (a step never straddles two). Undefined when none does.
 */
export function countStep(widthMs: number, maxMs: number): number | undefined {
  for (let parts = Math.max(1, Math.ceil(widthMs / maxMs)); widthMs / parts >= 1000; parts++) {
    const step = widthMs / parts;
    if (Number.isInteger(step / 1000) && step <= maxMs) return step;
  }
  return undefined;
}

/**
 * Consecutive windows of whole steps covering `range` (which starts on a step and is whole steps long: its end is
 * 1 ms before a step's), each at most `maxMs` long (including the 1 ms before it a step series asks from), so that
 * the server's steps end exactly where the next window's start: no profile after a window's last step is lost.
 */
export function splitInSteps(range: TimeRange, maxMs: number, stepMs: number): QueryWindow[] {
  const perWindow = Math.max(1, Math.floor(maxMs / stepMs)) * stepMs;
  const windows: QueryWindow[] = [];
  for (let start = range.fromMs; start <= range.toMs; start += perWindow) windows.push({ startMs: start, endMs: Math.min(start + perWindow, range.toMs + 1) - 1 });
  return windows;
}

const UNIT_MS: Readonly<Record<string, number>> = { y: 365 * DAY_MS, w: 7 * DAY_MS, d: DAY_MS, h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

/** A Prometheus duration (`1d`, `12h30m`, `90s`, `500ms`) in ms, as Pyroscope prints its limits. */
export function parsePrometheusDuration(text: string): number | undefined {
  const m = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/.exec(text);
  if (!m || text === '' || text === '0') return undefined;
  const units = ['y', 'w', 'd', 'h', 'm', 's', 'ms'];
  const ms = units.reduce((sum, unit, i) => sum + Number(m[i + 1] ?? 0) * UNIT_MS[unit], 0);
  return ms > 0 ? ms : undefined;
}

/** The limit a max-query-length refusal names, in ms; undefined for any other message. */
export function queryLengthLimit(message: string): number | undefined {
  const m = /exceeds the limit \(max_query_length, actual: [^,]*, limit: ([0-9a-z]+)\)/.exec(message);
  return m ? parsePrometheusDuration(m[1]) : undefined;
}

/** `1d`, `6h`, `90m` for messages. */
export function describeLimit(ms: number): string {
  for (const [unit, size] of [['d', DAY_MS], ['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) {
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}
