/**
 * How wide a sparkline's time buckets are: the narrowest round width (seconds to weeks) that splits the history's
 * span into at most the wanted number of buckets — 14 days of profiles make day buckets, a demo's two minutes make
 * 10-second ones — and the span said in words for the caption (`cpu share, 14 days ▁▁▂▂▃▅▇`).
 */
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const WIDTHS = [5 * SECOND, 10 * SECOND, 30 * SECOND, MINUTE, 5 * MINUTE, 15 * MINUTE, HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 7 * DAY];

/** The narrowest width of WIDTHS giving at most `buckets` buckets over `spanMs` (the widest when none does). */
export function bucketWidthFor(spanMs: number, buckets: number): number {
  if (!(spanMs > 0) || !(buckets >= 1)) return WIDTHS[0];
  return WIDTHS.find((w) => Math.ceil(spanMs / w) <= buckets) ?? WIDTHS[WIDTHS.length - 1];
}

/** "14 days", "3 hours", "2 minutes", "40 seconds": the largest unit that fits, rounded. */
export function describeSpan(ms: number): string {
  const units: [number, string][] = [[DAY, 'day'], [HOUR, 'hour'], [MINUTE, 'minute'], [SECOND, 'second']];
  for (const [size, name] of units) {
    if (ms >= size || size === SECOND) {
      const n = Math.max(1, Math.round(ms / size));
      return `${n} ${name}${n === 1 ? '' : 's'}`;
    }
  }
  return '';
}
