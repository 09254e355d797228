// The session's time range as the user chose it: a preset relative to now, the whole store, a custom from–to, or
// the default (the newest version, which is what the store loads on start-up). Pure: no vscode, so unit-testable.
import { parseTimeSpec } from '../../sources/time-range';
import type { TimeRange } from '../../sources/types';

export type RangeChoice =
  /** What the store loads by default: every profile of the newest version. */
  | { readonly kind: 'newestVersion' }
  /** Every profile of the service and type, all versions. */
  | { readonly kind: 'all' }
  | { readonly kind: 'last'; readonly ms: number }
  | { readonly kind: 'custom'; readonly fromMs: number; readonly toMs: number };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const PRESETS: readonly { readonly label: string; readonly choice: RangeChoice }[] = [
  { label: 'Last 15 minutes', choice: { kind: 'last', ms: 15 * MINUTE } },
  { label: 'Last hour', choice: { kind: 'last', ms: HOUR } },
  { label: 'Last 24 hours', choice: { kind: 'last', ms: DAY } },
  { label: 'Last 7 days', choice: { kind: 'last', ms: 7 * DAY } },
  { label: 'All time (every version)', choice: { kind: 'all' } },
  { label: 'Newest version (default)', choice: { kind: 'newestVersion' } },
];

/** The time range to fetch; undefined for the choices that are not a time window (newest version, all time). */
export function resolveRange(choice: RangeChoice, nowMs: number): TimeRange | undefined {
  switch (choice.kind) {
    case 'last': return { fromMs: nowMs - choice.ms, toMs: nowMs };
    case 'custom': return { fromMs: choice.fromMs, toMs: choice.toMs };
    default: return undefined;
  }
}

/** A custom range from two texts in the CLI's syntax (`now-2h`, `now`, ISO 8601, Unix seconds or millis). */
export function parseCustomRange(fromText: string, toText: string, nowMs: number): { choice: RangeChoice } | { error: string } {
  const fromMs = parseTimeSpec(fromText, nowMs);
  if (fromMs === undefined) return { error: `"${fromText}" is not a time: use now-2h, 2026-11-24T10:00Z or Unix seconds` };
  const toMs = parseTimeSpec(toText || 'now', nowMs);
  if (toMs === undefined) return { error: `"${toText}" is not a time: use now, now-30m, 2026-11-24T11:00Z or Unix seconds` };
  if (toMs <= fromMs) return { error: 'the end must be after the start' };
  return { choice: { kind: 'custom', fromMs, toMs } };
}

/** What the start box says is wrong, if anything: only an unreadable time (the end is not known yet). */
export function fromTextError(fromText: string, nowMs: number): string | undefined {
  const r = parseCustomRange(fromText, 'now', nowMs);
  return 'error' in r && parseTimeSpec(fromText, nowMs) === undefined ? r.error : undefined;
}

/** What the end box says is wrong, if anything: an unreadable time, or an end not after the start. */
export function toTextError(fromText: string, toText: string, nowMs: number): string | undefined {
  const r = parseCustomRange(fromText, toText, nowMs);
  return 'error' in r ? r.error : undefined;
}

/** A time-range step's item: a choice, or (none) the custom range, asked as two times. */
export interface WindowOption {
  readonly label: string;
  readonly description?: string;
  readonly detail?: string;
  readonly choice?: RangeChoice;
}

export const CUSTOM_RANGE_LABEL = 'Custom range...';
export const CUSTOM_RANGE_DETAIL = 'From and to as now-2h, 2026-11-24T10:00Z or Unix seconds';

/**
 * The choices that are a time window, for a source queried by time (Pyroscope, Parca): the session's own range
 * first when it is one (a range dragged on the timeline, say), so it need not be typed again; then the presets
 * relative to now (less the one that is the session's); then a custom range.
 */
export function windowOptions(current: RangeChoice | undefined): WindowOption[] {
  const options: WindowOption[] = [];
  const isWindow = current?.kind === 'last' || current?.kind === 'custom';
  if (current && isWindow) options.push({ label: `Current range: ${describeChoice(current)}`, description: 'the session\'s time range', choice: current });
  for (const p of PRESETS) {
    if (p.choice.kind === 'last' && !(isWindow && sameChoice(p.choice, current))) options.push({ label: p.label, choice: p.choice });
  }
  options.push({ label: CUSTOM_RANGE_LABEL, detail: CUSTOM_RANGE_DETAIL });
  return options;
}

export function sameChoice(a: RangeChoice, b: RangeChoice | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** For the status bar and the timeline: "last hour", "all of v2", "2026-11-24 10:00–10:20 UTC". */
export function describeChoice(choice: RangeChoice, newestVersion?: string): string {
  switch (choice.kind) {
    case 'newestVersion': return newestVersion ? `all of ${newestVersion}` : 'newest version';
    case 'all': return 'all time';
    case 'last': return `last ${describeSpan(choice.ms)}`;
    case 'custom': return describeWindow(choice.fromMs, choice.toMs);
  }
}

export function describeSpan(ms: number): string {
  if (ms % DAY === 0) return ms === DAY ? '24 hours' : `${ms / DAY} days`;
  if (ms % HOUR === 0) return ms === HOUR ? 'hour' : `${ms / HOUR} hours`;
  if (ms % MINUTE === 0) return `${ms / MINUTE} min`;
  return `${Math.round(ms / 1000)} s`;
}

/** `2026-11-24 10:00–10:20 UTC`, seconds shown when the window is shorter than ten minutes. */
export function describeWindow(fromMs: number, toMs: number): string {
  const short = toMs - fromMs < 10 * MINUTE;
  const clock = (iso: string) => (short ? iso.slice(11, 19) : iso.slice(11, 16));
  const from = new Date(fromMs).toISOString();
  const to = new Date(toMs).toISOString();
  const day = from.slice(0, 10);
  return `${day} ${clock(from)}–${to.slice(0, 10) === day ? '' : `${to.slice(0, 10)} `}${clock(to)} UTC`;
}

/** A choice read back from saved state: only well-formed ones. */
export function isRangeChoice(v: unknown): v is RangeChoice {
  if (typeof v !== 'object' || v === null) return false;
  const c = v as Record<string, unknown>;
  if (c.kind === 'newestVersion' || c.kind === 'all') return true;
  if (c.kind === 'last') return typeof c.ms === 'number' && c.ms > 0;
  return c.kind === 'custom' && typeof c.fromMs === 'number' && typeof c.toMs === 'number' && c.toMs > c.fromMs;
}
