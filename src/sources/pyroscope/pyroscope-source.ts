/**
 * Grafana Pyroscope (OSS, Grafana Cloud Profiles, or through Grafana's data source proxy) over its Connect API,
 * binary codec (see connect.ts). Calls used, all on `querier.v1.QuerierService`:
 *   - LabelValues `service_name`               → services
 *   - ProfileTypes / LabelValues `__profile_type__` for one service → profile types
 *   - LabelValues + SelectSeries grouped by the version label → versions with first/last seen times
 *   - SelectMergeProfile per version          → pprof (uncompressed google.v1.Profile)
 * Times are milliseconds since the epoch. Auth: bearer token or basic auth; multi-tenant servers take the tenant
 * in `X-Scope-OrgID`. A range longer than the server's max-query-length is asked in windows (query-windows.ts):
 * a fetch then returns one profile per window that had samples, for the caller to merge.
 */
import { isGzip } from '../../core/profile/isGzip';
import type { ProfileLimits } from '../../core/profile/limits';
import { SourceError } from '../errors';
import { HttpClient, type HttpClientConfig, type HttpReply } from '../http/client';
import { equalTo, labelSelector } from '../label-selector';
import { DEFAULT_LABEL_VALUES, rankedValues } from '../label-values';
import { versionLabelKeysPreferring } from '../../core/model/profileLabels';
import { isProfileError, type DescribeBytes } from '../profile-metadata';
import { canonicalFromParts, canonicalTypeInfo, canonicalProfileType, splitProfileTypeId, CANONICAL_TYPES } from '../profile-types';
import { DAY_MS, describeRange, HOUR_MS, lastRange } from '../time-range';
import { compareVersionsByTime } from '../version-order';
import type { CallOptions, FetchedProfile, FetchQuery, LabelListOptions, LabelValueList, ListOptions, ProfileSource, ProfileTypeInfo, SnapshotCountQuery, SnapshotCounts, SpanSelection, TimeRange, VersionInfo } from '../types';
import { bucketStartOf, seriesKey, SnapshotTally } from '../snapshotTally';
import { connectUnary, decodeReply } from './connect';
import { spanTreeToPprof, SpanTreeError } from './span-tree';
import { countStep, DEFAULT_MAX_QUERY_MS, describeLimit, queryLengthLimit, splitInSteps, splitRange, type QueryWindow } from './query-windows';
import {
  decodeNamesResponse,
  decodeProfileTypesResponse,
  decodeSelectSeriesResponse,
  encodeLabelNamesRequest,
  encodeLabelValuesRequest,
  encodeProfileTypesRequest,
  decodeSpanProfileResponse,
  encodeSelectMergeProfileRequest,
  encodeSpanProfileRequest,
  encodeSelectSeriesRequest,
  QUERIER_SERVICE,
} from './messages';

export interface PyroscopeOptions {
  /** Server root or Grafana data source proxy URL, e.g. `https://grafana.example.net/api/datasources/proxy/uid/abc`. */
  readonly baseUrl: string;
  /** Sent as X-Scope-OrgID. */
  readonly tenant?: string;
  readonly serviceLabel?: string;
  /**
   * Labels that may carry the version, in order of preference; default service_git_ref, version, service_version,
   * service.version (the OpenTelemetry name: Pyroscope 2.x keeps the dot, 1.x stores it as service_version).
   */
  readonly versionLabels?: readonly string[];
  readonly http?: Omit<HttpClientConfig, 'sourceName' | 'origin' | 'headers'>;
  readonly limits?: Partial<ProfileLimits>;
  readonly now?: () => number;
  /** Reads what a fetched profile holds (the extension: in its profile worker; the CLI: in-process). */
  readonly describe: DescribeBytes;
}

export const PROFILE_TYPE_LABEL = '__profile_type__';
/** Pyroscope's SDKs write service_git_ref: asked first. */
export const DEFAULT_VERSION_LABELS = versionLabelKeysPreferring('service_git_ref');

export class PyroscopeSource implements ProfileSource {
  readonly kind = 'pyroscope' as const;
  readonly id: string;
  readonly displayName: string;
  private readonly client: HttpClient;
  private readonly base: URL;
  private readonly serviceLabel: string;
  private readonly versionLabels: readonly string[];
  /** The longest range one query may cover: the server's default until a refusal names a lower limit. */
  private maxQueryMs = DEFAULT_MAX_QUERY_MS;

  constructor(private readonly options: PyroscopeOptions) {
    this.base = new URL(options.baseUrl.replace(/\/+$/, ''));
    const where = `${this.base.origin}${this.base.pathname === '/' ? '' : this.base.pathname}`;
    this.id = `pyroscope:${where}${options.tenant ? `#tenant=${options.tenant}` : ''}`;
    this.displayName = `Pyroscope ${where}${options.tenant ? ` (tenant ${options.tenant})` : ''}`;
    this.serviceLabel = options.serviceLabel ?? 'service_name';
    this.versionLabels = options.versionLabels ?? DEFAULT_VERSION_LABELS;
    this.client = new HttpClient({
      ...options.http,
      sourceName: this.displayName,
      origin: this.base.origin,
      headers: options.tenant ? { 'x-scope-orgid': options.tenant } : undefined,
    });
  }

  async listServices(options: ListOptions = {}): Promise<string[]> {
    const range = options.range ?? this.defaultListRange();
    const names = await this.labelValues(this.serviceLabel, [], range, options);
    return [...new Set(names)].sort();
  }

  async listProfileTypes(service?: string, options: ListOptions = {}): Promise<ProfileTypeInfo[]> {
    const range = options.range ?? this.defaultListRange();
    let ids: string[];
    if (service === undefined) {
      const perWindow = await this.inWindows(range, options, async (w) => {
        const reply = await this.call('ProfileTypes', encodeProfileTypesRequest(w.startMs, w.endMs), options);
        return decodeReply(this.client, reply, 'ProfileTypes', decodeProfileTypesResponse).map((t) => t.id);
      });
      ids = [...new Set(perWindow.flat())];
    } else {
      ids = await this.labelValues(PROFILE_TYPE_LABEL, [this.selector(service)], range, options);
    }
    return profileTypeInfos(ids);
  }

  async listVersions(service: string, options: ListOptions & { readonly type?: string } = {}): Promise<VersionInfo[]> {
    const range = options.range ?? this.defaultListRange();
    const found = await this.versionLabel(service, range, options);
    if (!found) return [];
    const typeId = options.type ? (await this.profileTypeId(service, options.type, range, options)).id : await this.anyProfileTypeId(service, range, options);
    const times = new Map<string, { first: number; last: number }>();
    if (typeId) {
      const stepSeconds = Math.max(15, Math.ceil((range.toMs - range.fromMs) / 1000 / 300));
      const perWindow = await this.inWindows(range, options, async (w) => {
        const reply = await this.call('SelectSeries', encodeSelectSeriesRequest({
          profileTypeId: typeId,
          labelSelector: this.selector(service),
          startMs: w.startMs,
          endMs: w.endMs,
          groupBy: [found.label],
          stepSeconds,
        }), options);
        return decodeReply(this.client, reply, 'SelectSeries', decodeSelectSeriesResponse);
      });
      for (const series of perWindow.flat()) {
        const version = series.labels.get(found.label);
        if (version === undefined) continue;
        for (const p of series.points) {
          if (!(p.value > 0)) continue;
          const t = times.get(version);
          if (!t) times.set(version, { first: p.timestampMs, last: p.timestampMs });
          else {
            t.first = Math.min(t.first, p.timestampMs);
            t.last = Math.max(t.last, p.timestampMs);
          }
        }
      }
    }
    const versions = options.type ? [...times.keys()] : [...new Set([...found.values, ...times.keys()])];
    return versions
      .map((version): VersionInfo => ({ version, label: found.label, firstSeenMs: times.get(version)?.first, lastSeenMs: times.get(version)?.last }))
      .sort(byLastSeen);
  }

  async fetchProfiles(query: FetchQuery, options: CallOptions = {}): Promise<FetchedProfile[]> {
    const range = query.range ?? lastRange(this.now(), HOUR_MS);
    const { id: typeId, ids } = await this.profileTypeId(query.service, query.type, range, options);
    if (!typeId) {
      const have = profileTypeInfos(ids).map((t) => t.type);
      throw new SourceError('no-data', this.displayName, `no '${query.type}' profiles for service '${query.service}' in ${describeRange(range)}`,
        have.length ? `Types for that service: ${have.join(', ')}.` : `Check the service name (label ${this.serviceLabel}) and the time range.`);
    }
    const versions = query.versions ?? [];
    let versionLabel: string | undefined;
    if (versions.length > 0) {
      versionLabel = await this.labelHolding(query.service, versions, range, options);
    }
    const results: FetchedProfile[] = [];
    const targets = versions.length > 0 ? versions : [undefined];
    for (let i = 0; i < targets.length; i++) {
      const version = targets[i];
      const matchers = equalTo([this.serviceLabel, query.service]);
      if (version !== undefined && versionLabel) matchers.push(...equalTo([versionLabel, version]));
      const selector = labelSelector([...matchers, ...(query.labels ?? [])]);
      const spans = query.spans;
      const bySpan = spans !== undefined && ((spans.spanIds?.length ?? 0) > 0 || (spans.traceIds?.length ?? 0) > 0);
      const method = bySpan ? 'SelectMergeSpanProfile' : 'SelectMergeProfile';
      if (bySpan && (spans.traceIds?.length ?? 0) > 0) {
        throw new SourceError('config', this.displayName, 'Pyroscope selects the samples of spans, not of whole traces', 'Give the id of a span (16 hex digits) of the trace.');
      }
      const what = `${query.type} for ${query.service}${version ? ` ${version}` : ''}`;
      const perWindow = await this.inWindows(range, options, async (w, index, count) => {
        options.onProgress?.({
          message: count === 1 ? `fetching ${what}` : `fetching ${what}: window ${index + 1} of ${count} (the server answers at most ${describeLimit(this.maxQueryMs)} per query; the windows are merged)`,
          fraction: (i + index / count) / targets.length,
        });
        const answered = bySpan
          ? await this.call(method, encodeSpanProfileRequest({ profileTypeId: typeId, labelSelector: selector, startMs: w.startMs, endMs: w.endMs, spanIds: spans.spanIds ?? [] }), options)
          : await this.call(method, encodeSelectMergeProfileRequest({ profileTypeId: typeId, labelSelector: selector, startMs: w.startMs, endMs: w.endMs }), options);
        const reply = bySpan ? { ...answered, body: this.spanProfile(answered, typeId) } : answered;
        const profile = await this.windowProfile(reply, method, w, range, { service: query.service, version: version ?? 'unknown', type: canonicalProfileType(query.type) ?? query.type, selector }, options.signal);
        return profile && query.labels && query.labels.length > 0 ? { ...profile, labels: query.labels } : profile;
      });
      const found = perWindow.filter((p): p is FetchedProfile => p !== undefined);
      if (found.length === 0) {
        throw new SourceError('no-data', this.displayName, `no ${typeId} samples for ${selector}${bySpan ? ` in ${describeSpans(spans)}` : ''} in ${describeRange(range)}`,
          'Widen the time range, or check the version and service (see the versions list).', undefined, 200);
      }
      results.push(...found);
    }
    return results;
  }

  async listLabelNames(service: string, options: LabelListOptions = {}): Promise<string[]> {
    const range = options.range ?? this.defaultListRange();
    const selector = labelSelector([...equalTo([this.serviceLabel, service]), ...(options.labels ?? [])]);
    const perWindow = await this.inWindows(range, options, async (w) => {
      const reply = await this.call('LabelNames', encodeLabelNamesRequest([selector], w.startMs, w.endMs), options);
      return decodeReply(this.client, reply, 'LabelNames', decodeNamesResponse);
    });
    // Internal labels (__profile_type__, __name__, …) and the service's own name are not filters a person picks.
    return [...new Set(perWindow.flat())].filter((n) => !/^__.*__$/.test(n) && n !== this.serviceLabel).sort();
  }

  /**
   * LabelValues for every value; with a type, SelectSeries grouped by the label, limited to the top values by
   * total (one step over the range), for their cost.
   */
  async listLabelValues(service: string, name: string, options: LabelListOptions = {}): Promise<LabelValueList> {
    const range = options.range ?? this.defaultListRange();
    const limit = options.limit ?? DEFAULT_LABEL_VALUES;
    const selector = labelSelector([...equalTo([this.serviceLabel, service]), ...(options.labels ?? [])]);
    const all = [...new Set(await this.labelValues(name, [selector], range, options))];
    const cost = new Map<string, number>();
    const typeId = options.type ? (await this.profileTypeId(service, options.type, range, options)).id : undefined;
    if (typeId && all.length > 0) {
      const perWindow = await this.inWindows(range, options, async (w) => {
        const stepSeconds = Math.max(1, Math.ceil((w.endMs - w.startMs) / 1000));
        const reply = await this.call('SelectSeries', encodeSelectSeriesRequest({ profileTypeId: typeId, labelSelector: selector, startMs: w.startMs, endMs: w.endMs, groupBy: [name], stepSeconds, limit }), options);
        return decodeReply(this.client, reply, 'SelectSeries', decodeSelectSeriesResponse);
      });
      for (const series of perWindow.flat()) {
        const value = series.labels.get(name);
        if (value === undefined) continue;
        cost.set(value, (cost.get(value) ?? 0) + series.points.reduce((sum, p) => sum + p.value, 0));
      }
    }
    return rankedValues(all, cost, limit);
  }

  /**
   * SelectSeries over the range in steps of the bucket width (or of an even part of it, when the server's longest
   * query is shorter than a bucket), grouped by every label (so that each series answered is one series of the
   * server), asked twice: the sum and the average of the profiles' totals per step, whose ratio is the number of
   * profiles in the step; the steps are summed into their buckets. A step ending at S holds the profiles of
   * (S - step, S] (pkg/model/time_series.go RangeSeries): each window is whole steps from a bucket's start and asks
   * from 1 ms before it, so its steps end 1 ms before each next one starts and its last ends where the next window
   * starts.
   */
  async snapshotCounts(query: SnapshotCountQuery, options: CallOptions = {}): Promise<SnapshotCounts> {
    const how = 'SelectSeries sum ÷ average per step';
    const { id: typeId } = await this.profileTypeId(query.service, query.type, query.range, options);
    if (!typeId) return new SnapshotTally().counts(how);
    const selector = labelSelector([...equalTo([this.serviceLabel, query.service]), ...(query.labels ?? [])]);
    const groupBy = await this.listLabelNames(query.service, { range: query.range, labels: query.labels, signal: options.signal });
    const width = query.widthMs;
    // Whole buckets: the server's steps stop at the last one ending by `end`, and the profiles after it are left out
    // of every step. (A count can then take in a snapshot that arrived after the merge.)
    const range = { fromMs: bucketStartOf(query.range.fromMs, width), toMs: bucketStartOf(query.range.toMs, width) + width - 1 };
    const stepFor = () => {
      const step = countStep(width, this.maxQueryMs);
      if (step === undefined) throw new SourceError('config', this.displayName, `the server answers at most ${describeLimit(this.maxQueryMs)} per query, too short for a step of whole seconds`, 'Raise querier.max-query-length.');
      return step;
    };
    const perWindow = await this.inWindows(range, options, async (w) => {
      const step = stepFor();
      const ask = async (aggregation: 'sum' | 'average') => decodeReply(this.client, await this.call('SelectSeries', encodeSelectSeriesRequest({
        profileTypeId: typeId, labelSelector: selector, startMs: w.startMs - 1, endMs: w.endMs, groupBy, stepSeconds: step / 1000, aggregation,
      }), options), 'SelectSeries', decodeSelectSeriesResponse);
      const sums = await ask('sum');
      const averages = new Map((await ask('average')).map((s) => [seriesKey(s.labels), new Map(s.points.map((p) => [p.timestampMs, p.value]))]));
      const counted: { bucketStartMs: number; series: string; profiles: number }[] = [];
      for (const series of sums) {
        const key = seriesKey(series.labels);
        for (const p of series.points) {
          const average = averages.get(key)?.get(p.timestampMs);
          if (p.timestampMs < w.startMs || average === undefined || !(average > 0)) continue;
          counted.push({ bucketStartMs: bucketStartOf(p.timestampMs - step + 1, width), series: key, profiles: Math.round(p.value / average) });
        }
      }
      return counted;
    }, (r, maxMs) => splitInSteps(r, maxMs, countStep(width, maxMs) ?? width));
    // Tallied once every window answered: a window refused for its length is asked again, shorter.
    const tally = new SnapshotTally();
    for (const c of perWindow.flat()) tally.add(c.bucketStartMs, c.series, c.profiles);
    return tally.counts(how);
  }

  // ---- helpers ----

  /** The pprof of a SelectMergeSpanProfile reply (empty when it has no sample). */
  private spanProfile(reply: HttpReply, typeId: string): Uint8Array {
    const tree = decodeReply(this.client, reply, 'SelectMergeSpanProfile', decodeSpanProfileResponse);
    const parts = splitProfileTypeId(typeId);
    if (tree.length === 0 || !parts) return new Uint8Array(0);
    try {
      return spanTreeToPprof(tree, { sampleType: parts.sampleType, unit: parts.sampleUnit, periodType: parts.periodType, periodUnit: parts.periodUnit });
    } catch (e) {
      if (e instanceof SpanTreeError) throw new SourceError('bad-response', this.displayName, `the SelectMergeSpanProfile reply is not a span profile tree (${e.message})`, 'Check that the URL is a Pyroscope server.');
      throw e;
    }
  }

  private defaultListRange(): TimeRange {
    return lastRange(this.now(), DAY_MS);
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private selector(service: string): string {
    return labelSelector(equalTo([this.serviceLabel, service]));
  }

  private call(method: string, request: Uint8Array, options: CallOptions) {
    return connectUnary(this.client, { base: this.base, service: QUERIER_SERVICE, method, request, signal: options.signal, onProgress: options.onProgress });
  }

  private async labelValues(name: string, matchers: readonly string[], range: TimeRange, options: CallOptions): Promise<string[]> {
    const perWindow = await this.inWindows(range, options, async (w) => {
      const reply = await this.call('LabelValues', encodeLabelValuesRequest(name, matchers, w.startMs, w.endMs), options);
      return decodeReply(this.client, reply, 'LabelValues', decodeNamesResponse);
    });
    return perWindow.length === 1 ? perWindow[0] : [...new Set(perWindow.flat())];
  }

  /**
   * `call` for each window of `range` no longer than the server's max-query-length, in order. When the server
   * refuses a window for being too long (its limit is lower than assumed), the limit is taken from the refusal
   * and the whole range is asked again in shorter windows.
   */
  private async inWindows<T>(
    range: TimeRange, options: CallOptions, call: (w: QueryWindow, index: number, count: number) => Promise<T>, split: typeof splitRange = splitRange,
  ): Promise<T[]> {
    for (;;) {
      const windows = split(range, this.maxQueryMs);
      try {
        const results: T[] = [];
        for (let i = 0; i < windows.length; i++) results.push(await call(windows[i], i, windows.length));
        return results;
      } catch (e) {
        const limit = e instanceof SourceError && e.kind === 'config' ? queryLengthLimit(e.what) : undefined;
        if (limit === undefined || limit >= this.maxQueryMs || options.signal?.aborted) throw e;
        this.maxQueryMs = limit;
        options.onProgress?.({ message: `the server answers at most ${describeLimit(limit)} per query: asking in ${split(range, limit).length} windows` });
      }
    }
  }

  /** The profile SelectMergeProfile (or SelectMergeStacktraces) returned for one window; undefined when it had no samples. */
  private async windowProfile(
    reply: HttpReply, method: string, w: QueryWindow, range: TimeRange, what: { service: string; version: string; type: string; selector: string }, signal: AbortSignal | undefined,
  ): Promise<FetchedProfile | undefined> {
    // Read before describing: the description may move the bytes to the profile worker.
    const size = reply.body.length;
    let meta, bytes;
    try {
      ({ metadata: meta, bytes } = await this.options.describe(reply.body, reply.request, signal));
    } catch (e) {
      if (!isProfileError(e)) throw e;
      // An empty reply is how a Profile with no fields looks: nothing matched.
      if (size > 0) throw this.client.badResponse(reply, `${method} did not return a pprof profile (${e.reason})`);
      return undefined;
    }
    if (meta.sampleCount === 0) return undefined;
    return {
      bytes,
      gzipped: isGzip(bytes),
      service: what.service,
      version: what.version,
      type: what.type,
      timeMs: w.startMs,
      // Up to where the next window starts (a window's end is included, 1 ms before that).
      durationMs: Math.min(w.endMs + 1, range.toMs) - w.startMs,
      origin: `${reply.request.replace(/^POST /, '')} ${what.selector}`,
      selector: what.selector,
    };
  }

  /** The first version label with values for the service, and those values. */
  private async versionLabel(service: string, range: TimeRange, options: CallOptions): Promise<{ label: string; values: string[] } | undefined> {
    for (const label of this.versionLabels) {
      const values = await this.labelValues(label, [this.selector(service)], range, options);
      if (values.length > 0) return { label, values };
    }
    return undefined;
  }

  /** The version label whose values include all the requested versions. */
  private async labelHolding(service: string, versions: readonly string[], range: TimeRange, options: CallOptions): Promise<string> {
    const seen: string[] = [];
    for (const label of this.versionLabels) {
      const values = new Set(await this.labelValues(label, [this.selector(service)], range, options));
      if (versions.every((v) => values.has(v))) return label;
      seen.push(...values);
    }
    const missing = versions.filter((v) => !seen.includes(v));
    throw new SourceError('no-data', this.displayName, `service '${service}' has no version ${missing.join(', ')} (labels ${this.versionLabels.join(', ')}) in ${describeRange(range)}`,
      seen.length ? `Versions it has: ${[...new Set(seen)].slice(0, 10).join(', ')}.` : 'It has no version labels in that range: fetch without a version.');
  }

  /** The server's profile type id for a canonical type (or the id itself), for this service. */
  private async profileTypeId(service: string, type: string, range: TimeRange, options: CallOptions): Promise<{ id: string | undefined; ids: string[] }> {
    const ids = await this.labelValues(PROFILE_TYPE_LABEL, [this.selector(service)], range, options);
    return { id: pickProfileTypeId(ids, type, this.displayName), ids };
  }

  private async anyProfileTypeId(service: string, range: TimeRange, options: CallOptions): Promise<string | undefined> {
    const infos = profileTypeInfos(await this.labelValues(PROFILE_TYPE_LABEL, [this.selector(service)], range, options));
    return infos[0]?.sourceId;
  }
}

/** The id among `ids` for a canonical type (the Go SDK's id first), or `type` itself when it is an id. */
function pickProfileTypeId(ids: readonly string[], type: string, sourceName: string): string | undefined {
  if (type.includes(':')) return ids.includes(type) ? type : undefined;
  const canonical = canonicalProfileType(type);
  if (!canonical) {
    throw new SourceError('config', sourceName, `unknown profile type '${type}'`, `Use a Pyroscope profile type id (name:sample_type:unit:period_type:unit) or one of ${CANONICAL_TYPES.map((t) => t.type).join(', ')}.`);
  }
  const preferred = canonicalTypeInfo(canonical)?.pyroscopeId;
  if (preferred && ids.includes(preferred)) return preferred;
  return ids.find((id) => canonicalOfId(id) === canonical);
}

function canonicalOfId(id: string): string | undefined {
  const parts = splitProfileTypeId(id);
  return parts ? canonicalFromParts(parts.name, parts.sampleType, parts.periodType) : undefined;
}

/** ProfileTypeInfos for Pyroscope ids; when two ids share a canonical type, the Go SDK's id gets it, the other keeps its id. */
export function profileTypeInfos(ids: readonly string[]): ProfileTypeInfo[] {
  const unique = [...new Set(ids)];
  const preferredFirst = unique.sort((a, b) => Number(isPreferred(b)) - Number(isPreferred(a)) || a.localeCompare(b));
  const taken = new Set<string>();
  const infos: ProfileTypeInfo[] = [];
  for (const id of preferredFirst) {
    const parts = splitProfileTypeId(id);
    const canonical = canonicalOfId(id);
    const type = canonical && !taken.has(canonical) ? canonical : id;
    if (canonical) taken.add(canonical);
    infos.push({ type, sourceId: id, sampleType: parts?.sampleType ?? '', unit: parts?.sampleUnit });
  }
  const order = (t: string) => {
    const i = CANONICAL_TYPES.findIndex((c) => c.type === t);
    return i < 0 ? CANONICAL_TYPES.length : i;
  };
  return infos.sort((a, b) => order(a.type) - order(b.type) || a.type.localeCompare(b.type));
}

function isPreferred(id: string): boolean {
  return CANONICAL_TYPES.some((t) => t.pyroscopeId === id);
}

function byLastSeen(a: VersionInfo, b: VersionInfo): number {
  return compareVersionsByTime(a, b);
}

function describeSpans(spans: SpanSelection | undefined): string {
  const ids = [...(spans?.spanIds ?? []).map((id) => `span ${id}`), ...(spans?.traceIds ?? []).map((id) => `trace ${id}`)];
  return ids.length > 3 ? `${ids.slice(0, 3).join(', ')} and ${ids.length - 3} more` : ids.join(', ');
}
