/**
 * A remote source's history (Pyroscope, Parca) as trends read it: one merged profile per round time bucket, asked
 * four at a time, a bounded number of calls. Network only — the profiles are decoded and summarized by the caller
 * (history.ts bucketHistory: the CLI, or the profile worker for the editor, whose host runs this).
 */
import { bucketWidthFor, describeSpan } from '../core/trends/bucketWidth';
import type { FetchQuery, ProfileSource, TimeRange } from './types';

/** Most buckets (and so calls) asked of a remote source for one trend of fixed-width buckets (perflens trend). */
export const MAX_REMOTE_BUCKETS = 48;
/**
 * Most merges asked for one trend whose buckets narrow to the profiles (the editor's): enough to go from 14 days in
 * days down to a minute of history in 5-second buckets (15 + 14 + 12 + 10 + 6).
 */
export const MAX_ADAPTIVE_MERGES = 64;

/** One time bucket's merged profile from a remote source (undefined bytes: the bucket has no profiles). */
export interface RemoteBucket {
  readonly startMs: number;
  readonly bytes?: Uint8Array;
  readonly origin: string;
}

export interface RemoteBuckets {
  readonly buckets: readonly RemoteBucket[];
  readonly widthMs: number;
  /** The range the buckets cover (the first starts at or before fromMs). */
  readonly range: TimeRange;
  readonly calls: number;
  readonly notes: readonly string[];
}

/** Bucket starts aligned to the width, covering the range. */
function bucketStarts(range: TimeRange, widthMs: number): number[] {
  const starts: number[] = [];
  for (let t = Math.floor(range.fromMs / widthMs) * widthMs; t < range.toMs; t += widthMs) starts.push(t);
  return starts;
}

function isNoData(e: unknown): boolean {
  return e instanceof Error && /no[- ]data|no profiles|matches nothing|empty/i.test(`${(e as { kind?: string }).kind ?? ''} ${e.message}`);
}

/** One merged profile per bucket (four calls at a time); a bucket without profiles has none, a failure is warned of. */
export async function fetchBuckets(
  source: ProfileSource,
  query: { service: string; type: string; labels?: FetchQuery['labels']; range: TimeRange; widthMs: number },
  warn: (m: string) => void,
  signal?: AbortSignal,
): Promise<RemoteBucket[]> {
  const starts = bucketStarts(query.range, query.widthMs);
  const buckets: RemoteBucket[] = starts.map((startMs) => ({ startMs, origin: source.displayName }));
  let next = 0;
  const worker = async () => {
    while (next < starts.length && !signal?.aborted) {
      const i = next++;
      // Remote sources take both ends of a range (Pyroscope, Parca): a bucket ends 1 ms before the next one starts, so
      // a profile stamped on a bucket boundary is counted once.
      const range = { fromMs: Math.max(starts[i], query.range.fromMs), toMs: Math.min(starts[i] + query.widthMs - 1, query.range.toMs) };
      try {
        const [fetched] = await source.fetchProfiles({ service: query.service, type: query.type, range, ...(query.labels?.length ? { labels: query.labels } : {}) }, { signal });
        buckets[i] = { startMs: starts[i], bytes: fetched.bytes, origin: fetched.origin };
      } catch (e) {
        if (signal?.aborted) throw e;
        if (!isNoData(e)) warn(`${new Date(range.fromMs).toISOString()}: ${(e as Error).message}`);
      }
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return buckets;
}

/**
 * The history of a remote source for the editor: the span in round buckets of at most `buckets`; then the part of
 * it that has profiles (a service seen for two hours of a 14-day span) asked again in the narrower round buckets that
 * fit it — as the store's trend takes its width from its first and last profile — while that makes them narrower
 * and at most MAX_ADAPTIVE_MERGES calls are made in all.
 */
export async function adaptiveBuckets(
  source: ProfileSource,
  query: { service: string; type: string; labels?: FetchQuery['labels']; range: TimeRange; buckets: number },
  warn: (m: string) => void,
  signal?: AbortSignal,
): Promise<RemoteBuckets> {
  let range = query.range;
  let widthMs = bucketWidthFor(range.toMs - range.fromMs, query.buckets);
  let calls = 0;
  let found: RemoteBuckets | undefined;
  for (;;) {
    const buckets = await fetchBuckets(source, { ...query, range, widthMs }, warn, signal);
    calls += buckets.length;
    found = { buckets, widthMs, range, calls, notes: [] };
    const full = buckets.filter((b) => b.bytes);
    if (full.length === 0) break;
    const extent = { fromMs: Math.max(full[0].startMs, query.range.fromMs), toMs: Math.min(full[full.length - 1].startMs + widthMs, query.range.toMs) };
    const narrower = bucketWidthFor(extent.toMs - extent.fromMs, query.buckets);
    if (narrower >= widthMs || calls + bucketStarts(extent, narrower).length > MAX_ADAPTIVE_MERGES) break;
    range = extent;
    widthMs = narrower;
  }
  return { ...found, notes: [`${found.calls} merged profiles asked of ${source.displayName}, in ${describeSpan(found.widthMs)} buckets`] };
}
