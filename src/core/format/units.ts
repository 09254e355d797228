/**
 * Human-readable values in a profile's unit: `1.21 s`, `340 MB`, `12k`, and shares of a total (`52.38%`).
 *
 * Units as pprof profiles name them: time in nanoseconds/microseconds/milliseconds/seconds (Go, Node wall and
 * Node CPU use nanoseconds), sizes in bytes (or kilobytes..), anything else is a count. Sizes use powers of 1024
 * with pprof's labels (kB, MB, GB...), so figures match what `go tool pprof` shows for the same profile.
 * Three significant digits at most; trailing zeros dropped.
 */

export type UnitKind = 'time' | 'bytes' | 'count';

const TIME_UNITS: Record<string, number> = {
  nanoseconds: 1, nanosecond: 1, ns: 1,
  microseconds: 1e3, microsecond: 1e3, us: 1e3, µs: 1e3,
  milliseconds: 1e6, millisecond: 1e6, ms: 1e6,
  seconds: 1e9, second: 1e9, s: 1e9,
  minutes: 60e9, minute: 60e9,
  hours: 3600e9, hour: 3600e9,
};

const BYTE_UNITS: Record<string, number> = {
  bytes: 1, byte: 1, b: 1,
  kilobytes: 1024, kilobyte: 1024, kb: 1024,
  megabytes: 1024 ** 2, megabyte: 1024 ** 2, mb: 1024 ** 2,
  gigabytes: 1024 ** 3, gigabyte: 1024 ** 3, gb: 1024 ** 3,
};

/** What kind of quantity a pprof unit string is, and its factor to the base unit (ns, bytes, 1). */
export function unitInfo(unit: string): { kind: UnitKind; factor: number } {
  const u = unit.toLowerCase();
  if (u in TIME_UNITS) return { kind: 'time', factor: TIME_UNITS[u] };
  if (u in BYTE_UNITS) return { kind: 'bytes', factor: BYTE_UNITS[u] };
  return { kind: 'count', factor: 1 };
}

const TIME_SCALE: [number, string][] = [[3600e9, 'h'], [60e9, 'min'], [1e9, 's'], [1e6, 'ms'], [1e3, 'µs'], [1, 'ns']];
const BYTE_SCALE: [number, string][] = [[1024 ** 5, 'PB'], [1024 ** 4, 'TB'], [1024 ** 3, 'GB'], [1024 ** 2, 'MB'], [1024, 'kB'], [1, 'B']];
const COUNT_SCALE: [number, string][] = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k'], [1, '']];

/** `value` (in `unit`, as the profile states it) for a person: formatValue(1.21e9, 'nanoseconds') → "1.21 s". */
export function formatValue(value: number, unit: string): string {
  if (!Number.isFinite(value)) return String(value);
  const { kind, factor } = unitInfo(unit);
  const base = value * factor;
  if (kind === 'time') return scaled(base, TIME_SCALE, ' ');
  if (kind === 'bytes') return scaled(base, BYTE_SCALE, ' ');
  const text = scaled(value, COUNT_SCALE, '');
  return unit === '' || unit.toLowerCase() === 'count' || unit.toLowerCase() === 'samples' ? text : `${text} ${unit}`;
}

function scaled(value: number, scale: [number, string][], space: string): string {
  const magnitude = Math.abs(value);
  let i = scale.findIndex(([factor]) => magnitude >= factor);
  if (i < 0) i = scale.length - 1;
  let text = significant(value / scale[i][0]);
  // Rounding can reach the next unit: 999.7 ms is "1 s", not "1000 ms".
  if (i > 0 && Math.abs(Number(text)) * scale[i][0] >= scale[i - 1][0]) {
    i--;
    text = significant(value / scale[i][0]);
  }
  const label = scale[i][1];
  return `${text}${label === '' ? '' : space + label}`;
}

/** At most three significant digits (all integer digits are kept): 1.2345 → "1.23", 12.345 → "12.3", 1234 → "1234". */
function significant(v: number): string {
  const magnitude = Math.abs(v);
  const decimals = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : 2;
  let text = v.toFixed(decimals);
  if (text.includes('.')) text = text.replace(/\.?0+$/, '');
  return text === '-0' ? '0' : text;
}

/** A share of a total as a percentage with two decimals, as pprof prints it: "52.38%". "0%" when total is 0. */
export function formatShare(value: number, total: number): string {
  if (total === 0) return '0%';
  const pct = (100 * value) / total;
  const text = pct.toFixed(2);
  return `${text === '-0.00' ? '0.00' : text}%`;
}

/**
 * A share (0..1) for people: one decimal (`8.4%`), tiny shares saying so (`<0.1%`) rather than rounding to zero.
 * `significantDigits`: that many significant digits instead, for small thresholds (`0.0012%`).
 */
export function formatPercent(share: number, significantDigits?: number): string {
  const pct = share * 100;
  if (significantDigits !== undefined) return `${Number(pct.toPrecision(significantDigits))}%`;
  if (pct >= 0.05 || pct <= -0.05) return `${pct.toFixed(1)}%`;
  return pct === 0 ? '0%' : '<0.1%';
}

/** A change of share in share points: +0.021 → "+2.1 pts". */
export function formatPoints(delta: number): string {
  const pts = delta * 100;
  const text = pts === 0 || Math.abs(pts) >= 0.05 ? Math.abs(pts).toFixed(1) : '<0.1';
  return `${delta >= 0 ? '+' : '−'}${text} pts`;
}

/** A change of share as the gutter and the diff flame graph spell it: "▲ +12.3 pts (3.1% → 15.4%)". */
export function formatShareChange(baseShare: number, headShare: number): string {
  const delta = headShare - baseShare;
  const arrow = delta > 0 ? '▲' : delta < 0 ? '▼' : '·';
  return `${arrow} ${formatPoints(delta)} (${formatPercent(baseShare)} → ${formatPercent(headShare)})`;
}

/** A cost per unit of exposure: "42 ms/s" (per second of profiled time), "1.2 MB/profile". */
export function formatRate(value: number, unit: string, per: 'second' | 'profile'): string {
  return `${formatValue(value, unit)}${per === 'second' ? '/s' : '/profile'}`;
}

/** A change of cost per unit of exposure: "+12 ms/s", "−1.2 MB/profile". */
export function formatRateDelta(change: number, unit: string, per: 'second' | 'profile'): string {
  return `${change >= 0 ? '+' : '−'}${formatRate(Math.abs(change), unit, per)}`;
}

/** An absolute change as the gutter and the diff panel spell it: "▲ +12 ms/s (30 ms/s → 42 ms/s)". */
export function formatRateChange(base: number, head: number, unit: string, per: 'second' | 'profile'): string {
  const change = head - base;
  const arrow = change > 0 ? '▲' : change < 0 ? '▼' : '·';
  return `${arrow} ${formatRateDelta(change, unit, per)} (${formatRate(base, unit, per)} → ${formatRate(head, unit, per)})`;
}
