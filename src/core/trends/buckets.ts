/**
 * Which bucket each profile of a history falls in: fixed time buckets (hours or days, aligned to UTC), or one
 * bucket per version in the order given. Only buckets holding a profile exist — a gap in the history is a gap in
 * x, never a bucket with zero share. Profiles are placed by their own time, whatever order they come in, so
 * profiles listed out of order or overlapping in time (two collectors, clocks a little apart) land where their
 * time says; two profiles in one bucket are summed, and shares are taken per bucket.
 */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

export type BucketBy =
  | { readonly kind: 'time'; readonly widthMs: number; readonly sinceMs: number; readonly untilMs: number }
  | { readonly kind: 'version'; readonly versions: readonly string[] };

export interface ProfileStamp {
  /** When the profile starts, ms since the epoch; 0 or NaN when unknown. */
  readonly timeMs: number;
  readonly version?: string;
}

export interface Buckets {
  /** Per profile: its bucket, or -1 when it is left out. */
  readonly bucketOf: Int32Array;
  /** Per bucket, in order: its position (start time in ms, or the version's ordinal in `versions`). */
  readonly x: Float64Array;
  /** Per bucket: an ISO time (UTC) or the version. */
  readonly labels: readonly string[];
  /** Per bucket: how many profiles it holds. */
  readonly profiles: Int32Array;
  /** What was left out and why. */
  readonly notes: readonly string[];
}

export function assignBuckets(stamps: readonly ProfileStamp[], by: BucketBy): Buckets {
  const raw = new Float64Array(stamps.length);
  let untimed = 0;
  let outside = 0;
  let unknownVersion = 0;
  if (by.kind === 'time') {
    if (!(by.widthMs > 0)) throw new RangeError(`bucket width must be > 0 ms, not ${by.widthMs}`);
    stamps.forEach((s, p) => {
      if (!(s.timeMs > 0)) {
        untimed++;
        raw[p] = NaN;
      } else if (s.timeMs < by.sinceMs || s.timeMs >= by.untilMs) {
        outside++;
        raw[p] = NaN;
      } else raw[p] = Math.floor(s.timeMs / by.widthMs) * by.widthMs;
    });
  } else {
    const ordinal = new Map(by.versions.map((v, i) => [v, i]));
    stamps.forEach((s, p) => {
      const o = s.version === undefined ? undefined : ordinal.get(s.version);
      if (o === undefined) unknownVersion++;
      raw[p] = o ?? NaN;
    });
  }
  const distinct = [...new Set([...raw].filter((v) => !Number.isNaN(v)))].sort((a, b) => a - b);
  const index = new Map(distinct.map((v, i) => [v, i]));
  const bucketOf = new Int32Array(stamps.length);
  const profiles = new Int32Array(distinct.length);
  raw.forEach((v, p) => {
    const b = Number.isNaN(v) ? -1 : index.get(v)!;
    bucketOf[p] = b;
    if (b >= 0) profiles[b]++;
  });
  const labels = distinct.map((v) => (by.kind === 'time' ? new Date(v).toISOString() : by.versions[v]));
  const notes: string[] = [];
  if (untimed > 0) notes.push(`${untimed} profile${untimed === 1 ? ' says' : 's say'} nothing of when ${untimed === 1 ? 'it was' : 'they were'} taken: left out`);
  if (outside > 0) notes.push(`${outside} profile${outside === 1 ? ' is' : 's are'} outside the time range: left out`);
  if (unknownVersion > 0) notes.push(`${unknownVersion} profile${unknownVersion === 1 ? ' has' : 's have'} no version in the list: left out`);
  return { bucketOf, x: Float64Array.from(distinct), labels, profiles, notes };
}
