/**
 * The history `perflens trend` and the editor's trends (in the profile worker) read: a store's files of one service and type in a time range
 * (sampled evenly per bucket past a cap, summaries cached on disk), or one merged profile per bucket from a
 * remote source (Pyroscope, Parca: a bounded number of calls).
 */
import { assignBuckets, type BucketBy, type Buckets } from '../core/trends/buckets';
import { bucketWidthFor, describeSpan } from '../core/trends/bucketWidth';
import { readSummaries, type HistoryFile } from '../core/trends/fileSummaries';
import { sampleEvenly } from '../core/trends/sampling';
import { KeyIndex, summarize } from '../core/trends/summary';
import { SummaryCache, type FileSummary } from '../core/trends/summaryCache';
import { buildModel } from '../core/model/buildModel';
import { parseProfile } from '../core/profile/parse';
import { select } from '../core/query/select';
import { LocalStore } from './store/local-store';
import type { FetchQuery, ProfileSource, TimeRange } from './types';

export interface History {
  readonly buckets: Buckets;
  /** Per profile of `buckets` (same order): its summary, undefined when unreadable. */
  readonly summaries: readonly (FileSummary | undefined)[];
  readonly functionKeys: KeyIndex;
  readonly lineKeys: KeyIndex;
  /** What was read, sampled, cached or skipped, in words. */
  readonly notes: readonly string[];
}

export async function storeHistory(
  store: LocalStore,
  query: { service: string; type: string; sampleType: string; range: TimeRange; by: BucketBy; maxProfiles: number; lines?: boolean },
  cache: SummaryCache,
  warn: (m: string) => void,
  step?: () => Promise<void>,
): Promise<History> {
  const listed: HistoryFile[] = await store.listFiles({ service: query.service, type: query.type, range: query.range });
  const placed = assignBuckets(listed, query.by);
  const index = new Map(listed.map((f, i) => [f, i]));
  const sample = sampleEvenly(listed, (f) => placed.bucketOf[index.get(f)!], query.maxProfiles);
  const notes: string[] = [];
  if (sample.perBucket !== Infinity) notes.push(`sampled ${sample.kept.length} of ${sample.of} profiles: at most ${sample.perBucket} per bucket, evenly spaced`);
  const read = await readSummaries(sample.kept, cache, { sampleType: query.sampleType, lines: query.lines, step });
  for (const f of read.failed.slice(0, 5)) warn(`${f.error}; skipped`);
  if (read.failed.length > 5) warn(`${read.failed.length - 5} more files could not be read; skipped`);
  notes.push(`${read.decoded} profiles read, ${read.fromCache} from the summary cache${read.failed.length ? `, ${read.failed.length} unreadable` : ''}`);
  cache.save();
  // Bucket by each profile's own time when it has one (the file name is the collector's clock).
  const stamps = sample.kept.map((f, i) => ({ timeMs: read.summaries[i]?.timeMs || f.timeMs, version: f.version }));
  const buckets = assignBuckets(stamps, query.by);
  return { buckets, summaries: read.summaries, functionKeys: cache.functionKeys, lineKeys: cache.lineKeys, notes: [...buckets.notes, ...notes] };
}

/** Most buckets (and so calls) asked of a remote source for one trend. */
export const MAX_REMOTE_BUCKETS = 48;

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
      const range = { fromMs: Math.max(starts[i], query.range.fromMs), toMs: Math.min(starts[i] + query.widthMs, query.range.toMs) };
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
 * The history of a remote source for the editor: the span in round buckets of at most `buckets`; when all its
 * profiles fall in one bucket (a service seen for an hour in a 14-day span), that bucket is asked again in narrower
 * ones, until two buckets have profiles or MAX_REMOTE_BUCKETS calls are made.
 */
export async function adaptiveBuckets(
  source: ProfileSource,
  query: { service: string; type: string; labels?: FetchQuery['labels']; range: TimeRange; buckets: number },
  warn: (m: string) => void,
  signal?: AbortSignal,
): Promise<RemoteBuckets> {
  let range = query.range;
  let calls = 0;
  let found: RemoteBuckets | undefined;
  for (;;) {
    const widthMs = bucketWidthFor(range.toMs - range.fromMs, query.buckets);
    const count = bucketStarts(range, widthMs).length;
    if (found && calls + count > MAX_REMOTE_BUCKETS) break;
    const buckets = await fetchBuckets(source, { ...query, range, widthMs }, warn, signal);
    calls += count;
    found = { buckets, widthMs, range, calls, notes: [] };
    const full = buckets.filter((b) => b.bytes);
    if (full.length !== 1 || widthMs <= bucketWidthFor(0, 1)) break;
    const only = full[0];
    range = { fromMs: Math.max(only.startMs, query.range.fromMs), toMs: Math.min(only.startMs + widthMs, query.range.toMs) };
  }
  return { ...found, notes: [`${found.calls} merged profiles asked of ${source.displayName}, in ${describeSpan(found.widthMs)} buckets`] };
}

/** Summaries of remote buckets' merged profiles (in the profile worker, or the CLI). */
export function bucketHistory(buckets: readonly RemoteBucket[], widthMs: number, range: TimeRange, sampleType: string, warn: (m: string) => void, lines = true): History {
  const functionKeys = new KeyIndex();
  const lineKeys = new KeyIndex();
  const summaries = buckets.map((b): FileSummary | undefined => {
    if (!b.bytes) return undefined;
    try {
      const model = buildModel([parseProfile(b.bytes, b.origin)]);
      const selection = select(model, { type: model.sampleTypes.some((t) => t.type === sampleType) ? sampleType : undefined });
      return { timeMs: b.startMs, functions: summarize(selection, 'function', functionKeys), lines: lines ? summarize(selection, 'line', lineKeys) : undefined };
    } catch (e) {
      warn(`${new Date(b.startMs).toISOString()}: ${(e as Error).message}`);
      return undefined;
    }
  });
  const placed = assignBuckets(buckets.map((b, i) => ({ timeMs: summaries[i] ? b.startMs : 0 })), { kind: 'time', widthMs, sinceMs: range.fromMs - widthMs, untilMs: range.toMs });
  return { buckets: { ...placed, notes: [] }, summaries, functionKeys, lineKeys, notes: [] };
}

/** One merged profile per time bucket, widening the buckets so that at most MAX_REMOTE_BUCKETS calls are made. */
export async function remoteHistory(
  source: ProfileSource,
  query: { service: string; type: string; sampleType: string; range: TimeRange; widthMs: number },
  warn: (m: string) => void,
): Promise<History & { widthMs: number }> {
  const span = query.range.toMs - query.range.fromMs;
  const widthMs = Math.max(query.widthMs, Math.ceil(span / MAX_REMOTE_BUCKETS / query.widthMs) * query.widthMs);
  const notes = widthMs !== query.widthMs ? [`buckets widened to ${describeSpan(widthMs)} so that at most ${MAX_REMOTE_BUCKETS} merges are asked of ${source.displayName}`] : [];
  const buckets = await fetchBuckets(source, { ...query, widthMs }, warn);
  return { ...bucketHistory(buckets, widthMs, query.range, query.sampleType, warn), notes, widthMs };
}
