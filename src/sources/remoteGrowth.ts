/**
 * A remote source's memory history (Pyroscope, Parca) for the Memory growth view: one merged in-use profile per
 * round time bucket (remoteBuckets.ts adaptiveBuckets) and how many snapshots each series has in each bucket
 * (ProfileSource.snapshotCounts). Both servers add the snapshots of a range up when they merge it, so a merge is
 * not a snapshot: divided by its snapshots per series-equivalent (core/trends/bucketDivisors.ts: a series there for
 * part of the bucket counts for that part) it is the service's in-use memory (every series together) averaged over
 * the bucket. A source that cannot count them gets no ranking, and says so. Network only: the
 * profile worker decodes and ranks (sources/growthHistory.ts bucketGrowthHistory).
 */
import { bucketDivisors } from '../core/trends/bucketDivisors';
import { bucketWidthFor, describeSpan } from '../core/trends/bucketWidth';
import type { MergedBucket } from './growthHistory';
import { adaptiveBuckets } from './remoteBuckets';
import type { FetchQuery, ProfileSource } from './types';

export interface RemoteSnapshots {
  /** Buckets with a merge and a count, in time order. */
  readonly buckets: readonly MergedBucket[];
  readonly widthMs: number;
  /** Merges asked. */
  readonly merges: number;
  /** Where the figures come from, in words (what the view says). */
  readonly provenance: string;
  readonly notes: readonly string[];
}

/** Why a source gets no growth ranking: it cannot say how many snapshots a merge adds up. */
export function countsUnavailable(source: ProfileSource): string {
  return `${source.displayName} cannot say how many heap snapshots a merge adds up, so its merges are not snapshots: no growth ranking (load the service's snapshots from a local store instead).`;
}

/**
 * The span ending at `untilMs` (from the start of its first bucket, so that every bucket of every width is whole) in
 * round buckets of at most `buckets`, narrowed to where the service has in-use profiles; undefined when the source
 * cannot count snapshots (then nothing is merged) or its server answered without counts.
 */
export async function remoteSnapshots(
  source: ProfileSource,
  query: { service: string; type: string; labels?: FetchQuery['labels']; untilMs: number; spanMs: number; buckets: number },
  warn: (m: string) => void,
  signal?: AbortSignal,
): Promise<RemoteSnapshots | undefined> {
  if (!source.snapshotCounts) return undefined;
  // From the start of the first bucket: a bucket cut by the range would merge part of what its count counts. One
  // bucket more keeps the first width (the span grew by less than one).
  const first = bucketWidthFor(query.spanMs, query.buckets);
  const fromMs = Math.floor((query.untilMs - query.spanMs) / first) * first;
  const found = await adaptiveBuckets(source, { ...query, range: { fromMs, toMs: query.untilMs }, buckets: query.buckets + 1 }, warn, signal);
  const merged = found.buckets.filter((b): b is typeof b & { bytes: Uint8Array } => b.bytes !== undefined);
  const counts = merged.length === 0 ? undefined : await source.snapshotCounts({ ...query, range: found.range, widthMs: found.widthMs }, { signal });
  if (counts?.unavailable) return undefined;
  const { divisors, fullBucket, estimatedFrom, tooShort } = bucketDivisors(counts?.buckets ?? new Map(), found.widthMs, found.range);
  const buckets: MergedBucket[] = [];
  let profiles = 0;
  let series = 0;
  let uncounted = 0;
  const short = new Set(tooShort);
  for (const b of merged) {
    if (short.has(b.startMs)) continue;
    const bySeries = counts?.buckets.get(b.startMs);
    const divisor = divisors.get(b.startMs);
    if (!bySeries || divisor === undefined || !(divisor > 0)) {
      uncounted++;
      continue;
    }
    buckets.push({ startMs: b.startMs, bytes: b.bytes, origin: b.origin, snapshotsPerSeries: divisor });
    for (const n of bySeries.values()) profiles += n;
    series = Math.max(series, bySeries.size);
  }
  const width = describeSpan(found.widthMs);
  const provenance = `averaged per ${width} bucket from ${profiles} snapshot${profiles === 1 ? '' : 's'} of ${source.displayName}` +
    ` (each bucket's merge divided by its snapshots per series, a series there for part of a bucket counted for that part;` +
    ` ${round(fullBucket)} snapshot${round(fullBucket) === 1 ? '' : 's'} per series in a whole bucket, from ${estimatedFrom}; ${series} series at most)`;
  const notes = [...found.notes, `snapshots counted by ${counts?.how ?? 'nothing: no bucket had profiles'}`];
  const shortMerged = merged.filter((b) => short.has(b.startMs)).length;
  if (shortMerged > 0) notes.push(`${shortMerged === 1 ? 'a bucket' : `${shortMerged} buckets`} cut by the span's ends to under two snapshots per series: left out`);
  if (uncounted > 0) notes.push(`${uncounted} bucket${uncounted === 1 ? '' : 's'} with a merge but no snapshot count: left out`);
  return { buckets, widthMs: found.widthMs, merges: found.calls, provenance, notes };
}

/** A snapshot count for words: whole, or to one decimal. */
function round(n: number): number {
  return Math.round(n * 10) / 10;
}
