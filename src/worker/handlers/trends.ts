// trends: a service's functions' shares over a span of the local store, in round time buckets, with those that rose
// beyond noise. Per-file summaries come from the worker's summary cache of that store (and its file on disk), so
// only new profiles are decoded; the reading gives way to the user's requests between files. From a remote source
// (Pyroscope, Parca), the host sends one merged profile per bucket, summarized here.
import { bucketWidthFor } from '../../core/trends/bucketWidth';
import { functionsBelow } from '../../core/diff/regressionLines';
import { readModel } from '../../core/model/readModel';
import { select } from '../../core/query/select';
import { explainRises } from '../../core/trends/explainRises';
import { keyTrends, rising, trendTable, type KeyTrend } from '../../core/trends/rising';
import { bucketHistory, storeHistory, type History } from '../../sources/history';
import { buildModel } from '../../core/model/buildModel';
import type { ProfileModel } from '../../core/model/types';
import { parseProfile } from '../../core/profile/parse';
import { LocalStore } from '../../sources/store/local-store';
import type { RemoteTrendsRequest, StoreTrendsRequest, TrendsView } from '../../shared/trendsProtocol';
import type { WorkerState } from '../workerState';
import type { Job } from '../scheduler';
import type { WorkerHandler } from './handler';

/** Profiles read per span at most (evenly per bucket past it, and said so). */
const MAX_PROFILES = 4000;

export const trends: WorkerHandler<'trends'> = async (request, job, state) => {
  const warnings: string[] = [];
  const found = request.remote ? remoteHistoryOf(request, warnings) : await storeHistoryOf(request, job, state, warnings);
  const { history, widthMs, newest } = found;
  await job.step();
  const table = trendTable(history.summaries.map((s) => s?.functions), history.buckets, history.functionKeys.size);
  const tested = keyTrends(table);
  const buckets = table.x.length;
  const shares = new Float64Array(table.keyCount * buckets);
  for (let k = 0; k < table.keyCount; k++) {
    for (let b = 0; b < buckets; b++) shares[k * buckets + b] = table.total[b] > 0 ? table.value[k * buckets + b] / table.total[b] : 0;
  }
  const risen = rising(tested);
  const because = await explainedRises(risen, history.functionKeys.keys, newest, request.sampleType, job);
  const view: TrendsView = {
    bucketStarts: Array.from(table.x),
    widthMs,
    spanMs: buckets > 0 ? table.x[buckets - 1] + widthMs - table.x[0] : 0,
    keys: history.functionKeys.keys.slice(0, table.keyCount),
    shares,
    rising: risen.map((t) => ({ key: t.key, rise: t.rise, z: t.z, ...(because.has(t.key) ? { because: because.get(t.key) } : {}) })),
    profiles: history.summaries.filter((s) => s !== undefined).length,
    notes: [...tested.notes, ...history.notes.filter((n) => !tested.notes.includes(n)), ...warnings.slice(0, 5)],
  };
  return view;
};

interface FoundHistory {
  readonly history: History;
  readonly widthMs: number;
  /** The newest profile's model, read when asked (which rising function explains which). */
  readonly newest: () => ProfileModel | undefined;
}

async function storeHistoryOf(request: StoreTrendsRequest, job: Job, state: WorkerState, warnings: string[]): Promise<FoundHistory> {
  const store = new LocalStore(request.root, { maxProfilesPerFetch: Number.MAX_SAFE_INTEGER, onWarning: (m) => warnings.push(m) });
  const range = { fromMs: request.untilMs - request.spanMs, toMs: request.untilMs };
  job.progress(`listing ${request.service}'s profiles`);
  const listed = await store.listFiles({ service: request.service, type: request.type, range });
  const times = listed.map((f) => f.timeMs).filter((t) => t > 0);
  const first = times.length ? Math.min(...times) : range.fromMs;
  const last = times.length ? Math.max(...times) : range.toMs;
  const widthMs = bucketWidthFor(last - first + 1, request.buckets);
  await job.step();
  job.progress(`reading the summaries of ${listed.length} profiles`);
  const cache = state.summaryCache(request.root, request.cacheFile);
  const history = await storeHistory(store, {
    service: request.service, type: request.type, sampleType: request.sampleType, range, maxProfiles: MAX_PROFILES,
    by: { kind: 'time', widthMs, sinceMs: range.fromMs, untilMs: range.toMs },
  }, cache, (m) => warnings.push(m), job.step);
  const newest = listed.length === 0 ? undefined : listed.reduce((a, b) => (b.timeMs > a.timeMs ? b : a));
  return { history, widthMs, newest: () => (newest ? readModel([newest.path], {}, request.sampleType) : undefined) };
}

function remoteHistoryOf(request: RemoteTrendsRequest, warnings: string[]): FoundHistory {
  const { remote } = request;
  const buckets = remote.buckets.map((b) => ({ startMs: b.startMs, origin: b.origin, bytes: b.bytes && new Uint8Array(b.bytes) }));
  const range = { fromMs: remote.fromMs, toMs: remote.toMs };
  const history = bucketHistory(buckets, remote.widthMs, range, request.sampleType, (m) => warnings.push(m), false);
  const newest = [...buckets].reverse().find((b) => b.bytes);
  return {
    history: { ...history, notes: [...remote.notes, ...history.notes] },
    widthMs: remote.widthMs,
    newest: () => (newest?.bytes ? buildModel([parseProfile(newest.bytes, newest.origin)]) : undefined),
  };
}

/**
 * Which rising functions rise only because a rising function they call did (core/trends/explainRises.ts), the
 * calls read off the newest profile's stacks (a store's newest file, a remote source's newest bucket). Nothing is
 * explained when that profile cannot be read.
 */
async function explainedRises(risen: readonly KeyTrend[], keys: readonly string[], newest: () => ProfileModel | undefined, sampleType: string, job: Job): Promise<Map<number, number>> {
  if (risen.length < 2) return new Map();
  await job.step();
  let below: Map<string, ReadonlySet<string>>;
  try {
    const model = newest();
    if (!model) return new Map();
    below = functionsBelow(select(model, { type: model.sampleTypes.some((t) => t.type === sampleType) ? sampleType : undefined }), risen.map((t) => keys[t.key]));
  } catch {
    return new Map();
  }
  const keyOf = new Map(risen.map((t) => [keys[t.key], t.key]));
  return explainRises(risen, (k) => [...(below.get(keys[k]) ?? [])].map((name) => keyOf.get(name)!).filter((x) => x !== undefined));
}
