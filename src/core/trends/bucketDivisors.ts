/**
 * What a remote bucket's merge is divided by to give the service's in-use memory averaged over the bucket.
 *
 * A merge adds up every snapshot of every series in the bucket, so a series that lived through the bucket adds its
 * memory times a full bucket's snapshots, one that lived through part of it proportionally fewer. Dividing by the
 * snapshots per series present would count a series that came for the bucket's last hour as if it had been there all
 * day (a scale-up would look like growth); the divisor is instead the bucket's snapshots per series-equivalent: its
 * snapshots ÷ Σ over its series of the part of the bucket each was there. A series with snapshots in the buckets
 * before and after was there throughout (its own count is then exactly what it added, whatever the scrape phase);
 * one that starts or stops in the bucket was there for its count ÷ a full bucket's count of one series (throughout
 * when short of it by less than one snapshot, which the scrapes' phase alone can do). That full
 * count is the mean count of the series in the buckets they were there throughout (the largest such mean over the
 * series); with no such bucket, the largest count of one series in a whole bucket.
 *
 * Where the service's profiles begin (no series in the bucket before, every series of this one going on into the
 * next) or end (every series there in the bucket before, none in the next), the service was profiled for only part
 * of the bucket, and its longest series says which part: the bucket is averaged over that part. Averaged over the
 * whole width, the time before profiling began would read as no memory, and every site would seem to step up.
 *
 * A bucket cut by the span's ends to less than two snapshots per series is left out: there, a series without a
 * snapshot may only have been scraped a moment later, and the bucket would read as if it had gone.
 */

/** Per bucket start (ms): the snapshots each series (by key) has in it. */
export type SeriesCounts = ReadonlyMap<number, ReadonlyMap<string, number>>;

export interface BucketDivisors {
  /** Per bucket start: its merge ÷ this = the service's in-use memory averaged over the (covered part of the) bucket. */
  readonly divisors: ReadonlyMap<number, number>;
  /** The snapshots one series has in a whole bucket it is there throughout. */
  readonly fullBucket: number;
  /** How fullBucket was found, in words (for the view's provenance). */
  readonly estimatedFrom: string;
  /** Starts of the buckets left out: cut by the span's ends to under two snapshots per series. */
  readonly tooShort: readonly number[];
}

const FEWEST_SNAPSHOTS = 2;

export function bucketDivisors(counts: SeriesCounts, widthMs: number, range: { readonly fromMs: number; readonly toMs: number }): BucketDivisors {
  const covered = (start: number) => Math.max(0, Math.min(start + widthMs, range.toMs) - Math.max(start, range.fromMs)) / widthMs;
  const throughout = (start: number, series: string) => (counts.get(start - widthMs)?.get(series) ?? 0) > 0 && (counts.get(start + widthMs)?.get(series) ?? 0) > 0;

  // A full bucket's count of one series: its mean over the whole buckets it was there throughout.
  const steady = new Map<string, { sum: number; n: number }>();
  let largestWhole = 0;
  let largestRate = 0;
  for (const [start, bySeries] of counts) {
    const part = covered(start);
    if (!(part > 0)) continue;
    for (const [series, n] of bySeries) {
      if (part < 1) {
        largestRate = Math.max(largestRate, n / part);
        continue;
      }
      largestWhole = Math.max(largestWhole, n);
      if (!throughout(start, series)) continue;
      const s = steady.get(series) ?? { sum: 0, n: 0 };
      s.sum += n;
      s.n++;
      steady.set(series, s);
    }
  }
  let fullBucket = 0;
  for (const s of steady.values()) fullBucket = Math.max(fullBucket, s.sum / s.n);
  let estimatedFrom = 'the mean snapshots of a series in the buckets it was there throughout';
  if (!(fullBucket > 0)) {
    fullBucket = largestWhole > 0 ? largestWhole : largestRate;
    estimatedFrom = largestWhole > 0 ? 'the most snapshots of one series in a whole bucket' : 'the most snapshots of one series in a bucket, per part of the bucket covered';
  }

  const anyIn = (start: number) => [...(counts.get(start)?.values() ?? [])].some((n) => n > 0);
  const divisors = new Map<number, number>();
  const tooShort: number[] = [];
  for (const [start, bySeries] of counts) {
    if (covered(start) < 1 && fullBucket * covered(start) < FEWEST_SNAPSHOTS) {
      tooShort.push(start);
      continue;
    }
    const live = [...bySeries].filter(([, n]) => n > 0);
    const begins = !anyIn(start - widthMs) && live.every(([series]) => (counts.get(start + widthMs)?.get(series) ?? 0) > 0);
    const ends = !anyIn(start + widthMs) && live.every(([series]) => (counts.get(start - widthMs)?.get(series) ?? 0) > 0);
    const longest = Math.max(0, ...live.map(([, n]) => n));
    const edge = begins || ends;
    const expected = edge ? Math.min(fullBucket * covered(start), longest) : fullBucket * covered(start);
    let snapshots = 0;
    let present = 0;
    for (const [series, n] of bySeries) {
      if (!(n > 0)) continue;
      snapshots += n;
      // Short of a full bucket by less than one snapshot is as much as a scrape's phase can leave out: there throughout.
      // The longest series' count may itself be one short of the profiled part, so one short of it is there too.
      const there = edge ? n >= expected - 1 : n > expected - 1;
      present += throughout(start, series) || !(expected > 0) || there ? 1 : n / expected;
    }
    if (snapshots > 0) divisors.set(start, snapshots / present);
  }
  return { divisors, fullBucket, estimatedFrom, tooShort: tooShort.sort((a, b) => a - b) };
}
