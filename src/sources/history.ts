/**
 * The history `perflens trend` and the editor's trends (in the profile worker) read: a store's files of one service and type in a time range
 * (sampled evenly per bucket past a cap, summaries cached on disk), or one merged profile per bucket from a
 * remote source (Pyroscope, Parca: a bounded number of calls).
 */
import { assignBuckets, type BucketBy, type Buckets } from '../core/trends/buckets';
import { describeSpan } from '../core/trends/bucketWidth';
import { fetchBuckets, MAX_REMOTE_BUCKETS, type RemoteBucket } from './remoteBuckets';
import { readSummaries, type HistoryFile } from '../core/trends/fileSummaries';
import { sampleEvenly } from '../core/trends/sampling';
import { KeyIndex, summarize } from '../core/trends/summary';
import { SummaryCache, type FileSummary } from '../core/trends/summaryCache';
import { buildModel } from '../core/model/buildModel';
import { parseProfile } from '../core/profile/parse';
import { select } from '../core/query/select';
import { LocalStore } from './store/local-store';
import type { ProfileSource, TimeRange } from './types';

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
