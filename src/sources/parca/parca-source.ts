/**
 * Parca (OSS) or Polar Signals Cloud over gRPC-web binary (see grpc-web.ts), QueryService calls:
 *   - ProfileTypes                                  → profile types
 *   - Labels, Values of the service label           → services
 *   - QueryRange `<type>{service="x"}` sum_by version label → versions with first/last seen times
 *   - Query MODE_MERGE, REPORT_TYPE_PPROF per version → gzipped pprof
 * Parca has no service/version label convention: the service label is the first of `serviceLabels` the server
 * has (service_name, service, job, comm by default), the version label likewise. Parca's Values ignores its
 * `match` argument, so versions come from QueryRange, which does filter by service.
 */
import { refuseSpans } from '../span-selection';
import { isGzip } from '../../core/profile/isGzip';
import type { ProfileLimits } from '../../core/profile/limits';
import { SourceError } from '../errors';
import { HttpClient, type HttpClientConfig } from '../http/client';
import { equalTo, labelMatcherTexts, labelSelector } from '../label-selector';
import { DEFAULT_LABEL_VALUES, rankedValues } from '../label-values';
import { VERSION_LABEL_KEYS } from '../../core/model/profileLabels';
import { isProfileError, type DescribeBytes } from '../profile-metadata';
import { CANONICAL_TYPES, canonicalFromParts, canonicalProfileType, canonicalTypeInfo } from '../profile-types';
import { ProtoFormatError } from '../proto/reader';
import { DAY_MS, describeRange, HOUR_MS, lastRange } from '../time-range';
import type { CallOptions, FetchedProfile, FetchQuery, LabelListOptions, LabelValueList, ListOptions, ProfileSource, ProfileTypeInfo, SnapshotCountQuery, SnapshotCounts, TimeRange, VersionInfo } from '../types';
import { bucketStartOf, seriesKey, SnapshotTally } from '../snapshotTally';
import { compareVersionsByTime } from '../version-order';
import { grpcWebUnary } from './grpc-web';
import {
  decodeProfileTypesResponse,
  decodeQueryRangeResponse,
  decodeQueryResponsePprof,
  decodeStringsResponse,
  encodeLabelsRequest,
  encodeMergeQueryRequest,
  encodeProfileTypesRequest,
  encodeQueryRangeRequest,
  encodeValuesRequest,
  parcaTypeId,
  QUERY_SERVICE,
  type ParcaProfileType,
} from './messages';

export interface ParcaOptions {
  /** Server (e.g. `http://parca:7070`) or API base (`https://api.polarsignals.com/api`). */
  readonly baseUrl: string;
  /** Polar Signals Cloud project id, sent as the `projectID` header. */
  readonly projectId?: string;
  readonly serviceLabels?: readonly string[];
  readonly versionLabels?: readonly string[];
  readonly http?: Omit<HttpClientConfig, 'sourceName' | 'origin' | 'headers'>;
  readonly limits?: Partial<ProfileLimits>;
  readonly now?: () => number;
  /** Reads what a fetched profile holds (the extension: in its profile worker; the CLI: in-process). */
  readonly describe: DescribeBytes;
}

/** Series labels that name a service on a Parca server (its agent labels targets by job and process name). */
export const DEFAULT_SERVICE_LABELS = ['service_name', 'service', 'job', 'comm'];
export const DEFAULT_VERSION_LABELS: readonly string[] = VERSION_LABEL_KEYS;

export class ParcaSource implements ProfileSource {
  readonly kind = 'parca' as const;
  readonly id: string;
  readonly displayName: string;
  private readonly client: HttpClient;
  private readonly base: URL;

  constructor(private readonly options: ParcaOptions) {
    this.base = new URL(options.baseUrl.replace(/\/+$/, ''));
    const where = `${this.base.origin}${this.base.pathname === '/' ? '' : this.base.pathname}`;
    this.id = `parca:${where}${options.projectId ? `#project=${options.projectId}` : ''}`;
    this.displayName = `Parca ${where}${options.projectId ? ` (project ${options.projectId})` : ''}`;
    this.client = new HttpClient({
      ...options.http,
      sourceName: this.displayName,
      origin: this.base.origin,
      headers: options.projectId ? { projectid: options.projectId } : undefined,
    });
  }

  async listServices(options: ListOptions = {}): Promise<string[]> {
    const range = options.range ?? lastRange(this.now(), DAY_MS);
    const label = await this.firstLabel(this.serviceLabels, range, options);
    if (!label) return [];
    const values = this.decode('Values', await this.call('Values', encodeValuesRequest(label, [], range.fromMs, range.toMs), options), decodeStringsResponse);
    return [...new Set(values)].sort();
  }

  async listProfileTypes(_service?: string, options: ListOptions = {}): Promise<ProfileTypeInfo[]> {
    const range = options.range ?? lastRange(this.now(), DAY_MS);
    return profileTypeInfos(await this.profileTypes(range, options));
  }

  async listVersions(service: string, options: ListOptions & { readonly type?: string } = {}): Promise<VersionInfo[]> {
    const range = options.range ?? lastRange(this.now(), DAY_MS);
    const versionLabel = await this.firstLabel(this.versionLabels, range, options);
    if (!versionLabel) return [];
    const types = await this.profileTypes(range, options);
    let type: ParcaProfileType | undefined;
    if (options.type) type = pickType(types, options.type, this.displayName);
    else {
      const first = profileTypeInfos(types)[0];
      type = first && types.find((t) => parcaTypeId(t) === first.sourceId);
    }
    if (!type) return [];
    const serviceLabel = await this.serviceLabel(range, options);
    const query = `${parcaTypeId(type)}${labelSelector(equalTo([serviceLabel, service]))}`;
    const stepSeconds = Math.max(15, Math.ceil((range.toMs - range.fromMs) / 1000 / 300));
    const reply = await this.call('QueryRange', encodeQueryRangeRequest({ query, startMs: range.fromMs, endMs: range.toMs, stepSeconds, sumBy: [versionLabel] }), options);
    const times = new Map<string, { first: number; last: number }>();
    for (const series of this.decode('QueryRange', reply, decodeQueryRangeResponse)) {
      const version = series.labels.get(versionLabel);
      if (!version) continue;
      for (const s of series.samples) {
        if (!(s.value > 0)) continue;
        const t = times.get(version);
        if (!t) times.set(version, { first: s.timestampMs, last: s.timestampMs });
        else {
          t.first = Math.min(t.first, s.timestampMs);
          t.last = Math.max(t.last, s.timestampMs);
        }
      }
    }
    return [...times].map(([version, t]): VersionInfo => ({ version, label: versionLabel, firstSeenMs: t.first, lastSeenMs: t.last })).sort(compareVersionsByTime);
  }

  async fetchProfiles(query: FetchQuery, options: CallOptions = {}): Promise<FetchedProfile[]> {
    refuseSpans(query, this.displayName);
    const range = query.range ?? lastRange(this.now(), HOUR_MS);
    const types = await this.profileTypes(range, options);
    const type = pickType(types, query.type, this.displayName);
    if (!type) {
      throw new SourceError('no-data', this.displayName, `no '${query.type}' profiles in ${describeRange(range)}`,
        types.length ? `Types the server has: ${profileTypeInfos(types).map((t) => t.type).join(', ')}.` : 'The server has no profiles in that range.');
    }
    const serviceLabel = await this.serviceLabel(range, options);
    const versions = query.versions ?? [];
    const versionLabel = versions.length > 0 ? await this.firstLabel(this.versionLabels, range, options) : undefined;
    if (versions.length > 0 && !versionLabel) {
      throw new SourceError('no-data', this.displayName, `the server has no version label (${this.versionLabels.join(', ')})`, 'Fetch without a version, or set the version label for this source.');
    }
    const results: FetchedProfile[] = [];
    const targets = versions.length > 0 ? versions : [undefined];
    for (let i = 0; i < targets.length; i++) {
      const version = targets[i];
      const matchers = equalTo([serviceLabel, query.service]);
      if (version !== undefined && versionLabel) matchers.push(...equalTo([versionLabel, version]));
      const selector = labelSelector([...matchers, ...(query.labels ?? [])]);
      const q = `${parcaTypeId(type)}${selector}`;
      options.onProgress?.({ message: `fetching ${query.type} for ${query.service}${version ? ` ${version}` : ''}`, fraction: i / targets.length });
      const message = await this.call('Query', encodeMergeQueryRequest(q, range.fromMs, range.toMs), options);
      const { pprof } = this.decode('Query', message, decodeQueryResponsePprof);
      const origin = `${this.base.origin}${this.base.pathname.replace(/\/+$/, '')}/${QUERY_SERVICE}/Query ${q}`;
      if (!pprof || pprof.length === 0) {
        throw new SourceError('no-data', this.displayName, `no profiles for ${q} in ${describeRange(range)}`, 'Widen the time range, or check the service and version.');
      }
      let meta, bytes;
      try {
        ({ metadata: meta, bytes } = await this.options.describe(pprof, origin, options.signal));
      } catch (e) {
        if (!isProfileError(e)) throw e;
        throw new SourceError('bad-response', this.displayName, `the Query reply's pprof field is not a pprof profile (${e.reason})`, 'Check that the URL is a Parca server.');
      }
      if (meta.sampleCount === 0) {
        throw new SourceError('no-data', this.displayName, `no samples for ${q} in ${describeRange(range)}`, 'Widen the time range, or check the service and version.');
      }
      results.push({
        bytes,
        gzipped: isGzip(bytes),
        service: query.service,
        version: version ?? 'unknown',
        type: canonicalProfileType(query.type) ?? query.type,
        timeMs: range.fromMs,
        durationMs: range.toMs - range.fromMs,
        origin,
        selector,
        ...(query.labels && query.labels.length > 0 ? { labels: query.labels } : {}),
      });
    }
    return results;
  }

  /**
   * Labels with the type (the one asked for, else the server's first): Parca applies `match` — matchers written
   * one per string, which it joins inside one selector's braces — only together with a profile type.
   */
  async listLabelNames(service: string, options: LabelListOptions = {}): Promise<string[]> {
    const range = options.range ?? lastRange(this.now(), DAY_MS);
    const serviceLabel = await this.serviceLabel(range, options);
    const match = labelMatcherTexts([...equalTo([serviceLabel, service]), ...(options.labels ?? [])]);
    const types = await this.profileTypes(range, options);
    const type = options.type ? pickType(types, options.type, this.displayName) : types[0];
    if (!type) return [];
    const names = this.decode('Labels', await this.call('Labels', encodeLabelsRequest(match, range.fromMs, range.toMs, parcaTypeId(type)), options), decodeStringsResponse);
    return [...new Set(names)].filter((n) => !/^__.*__$/.test(n) && n !== serviceLabel).sort();
  }

  /**
   * With a type, QueryRange summed by the label over the service's samples (one step over the range) gives the
   * values and their cost; without one, Values — which Parca answers for every service (it ignores `match`).
   */
  async listLabelValues(service: string, name: string, options: LabelListOptions = {}): Promise<LabelValueList> {
    const range = options.range ?? lastRange(this.now(), DAY_MS);
    const limit = options.limit ?? DEFAULT_LABEL_VALUES;
    const type = options.type ? pickType(await this.profileTypes(range, options), options.type, this.displayName) : undefined;
    if (!type) {
      const values = this.decode('Values', await this.call('Values', encodeValuesRequest(name, [], range.fromMs, range.toMs), options), decodeStringsResponse);
      return rankedValues(values, new Map(), limit);
    }
    const serviceLabel = await this.serviceLabel(range, options);
    const query = `${parcaTypeId(type)}${labelSelector([...equalTo([serviceLabel, service]), ...(options.labels ?? [])])}`;
    const stepSeconds = Math.max(1, Math.ceil((range.toMs - range.fromMs) / 1000));
    const reply = await this.call('QueryRange', encodeQueryRangeRequest({ query, startMs: range.fromMs, endMs: range.toMs, stepSeconds, sumBy: [name] }), options);
    const cost = new Map<string, number>();
    for (const series of this.decode('QueryRange', reply, decodeQueryRangeResponse)) {
      const value = series.labels.get(name);
      if (value === undefined || value === '') continue;
      cost.set(value, (cost.get(value) ?? 0) + series.samples.reduce((sum, x) => sum + x.value, 0));
    }
    return rankedValues([], cost, limit);
  }

  /**
   * QueryRange over the range in steps of the bucket width: for a non-delta type (in-use memory) Parca answers per
   * series (every label) one sample per step with `count`, the number of profiles in it (steps aligned to the epoch);
   * a server that leaves `count` out answers `unavailable`.
   */
  async snapshotCounts(query: SnapshotCountQuery, options: CallOptions = {}): Promise<SnapshotCounts> {
    const tally = new SnapshotTally();
    const how = 'QueryRange sample counts';
    const type = pickType(await this.profileTypes(query.range, options), query.type, this.displayName);
    if (!type) return tally.counts(how);
    const serviceLabel = await this.serviceLabel(query.range, options);
    const q = `${parcaTypeId(type)}${labelSelector([...equalTo([serviceLabel, query.service]), ...(query.labels ?? [])])}`;
    let series;
    try {
      series = this.decode('QueryRange', await this.call('QueryRange', encodeQueryRangeRequest({ query: q, startMs: query.range.fromMs, endMs: query.range.toMs, stepSeconds: query.widthMs / 1000, sumBy: [] }), options), decodeQueryRangeResponse);
    } catch (e) {
      // Parca answers NotFound when nothing matched.
      if (e instanceof SourceError && e.kind === 'not-found' && /No data found/i.test(e.message)) return tally.counts(how);
      throw e;
    }
    for (const s of series) {
      const key = seriesKey(s.labels);
      for (const x of s.samples) {
        // Parca before 0.2x leaves `count` out: its steps say nothing of how many profiles they add up.
        if (x.count === undefined) return { ...tally.counts(how), unavailable: true };
        tally.add(bucketStartOf(x.timestampMs, query.widthMs), key, x.count);
      }
    }
    return tally.counts(how);
  }

  // ---- helpers ----

  private get serviceLabels(): readonly string[] {
    return this.options.serviceLabels ?? DEFAULT_SERVICE_LABELS;
  }

  private get versionLabels(): readonly string[] {
    return this.options.versionLabels ?? DEFAULT_VERSION_LABELS;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private call(method: string, request: Uint8Array, options: CallOptions): Promise<Uint8Array> {
    return grpcWebUnary(this.client, { base: this.base, service: QUERY_SERVICE, method, request, signal: options.signal, onProgress: options.onProgress });
  }

  private decode<T>(method: string, message: Uint8Array, decode: (b: Uint8Array) => T): T {
    try {
      return decode(message);
    } catch (e) {
      if (e instanceof ProtoFormatError) {
        throw new SourceError('bad-response', this.displayName, `${method} reply is not a valid protobuf message (${e.message})`, 'Check that the URL is a Parca server.');
      }
      throw e;
    }
  }

  private async profileTypes(range: TimeRange, options: CallOptions): Promise<ParcaProfileType[]> {
    return this.decode('ProfileTypes', await this.call('ProfileTypes', encodeProfileTypesRequest(range.fromMs, range.toMs), options), decodeProfileTypesResponse);
  }

  private async firstLabel(candidates: readonly string[], range: TimeRange, options: CallOptions): Promise<string | undefined> {
    const names = new Set(this.decode('Labels', await this.call('Labels', encodeLabelsRequest([], range.fromMs, range.toMs), options), decodeStringsResponse));
    return candidates.find((c) => names.has(c));
  }

  private async serviceLabel(range: TimeRange, options: CallOptions): Promise<string> {
    const candidates = this.serviceLabels;
    const label = await this.firstLabel(candidates, range, options);
    if (!label) {
      throw new SourceError('no-data', this.displayName, `the server has none of the service labels ${candidates.join(', ')} in that range`, 'Set the service label for this source to one the server has.');
    }
    return label;
  }
}

/** The server's type for a canonical name (or a full `name:…` id); the closest sample type name wins. */
function pickType(types: readonly ParcaProfileType[], wanted: string, sourceName: string): ParcaProfileType | undefined {
  if (wanted.includes(':')) return types.find((t) => parcaTypeId(t) === wanted);
  const canonical = canonicalProfileType(wanted);
  if (!canonical) {
    throw new SourceError('config', sourceName, `unknown profile type '${wanted}'`, `Use a Parca profile type (name:sample_type:unit:period_type:unit[:delta]) or one of ${CANONICAL_TYPES.map((t) => t.type).join(', ')}.`);
  }
  const matching = types.filter((t) => canonicalFromParts(t.name, t.sampleType, t.periodType) === canonical);
  const exact = canonicalTypeInfo(canonical)?.sampleType;
  return matching.find((t) => t.sampleType === exact) ?? matching[0];
}

export function profileTypeInfos(types: readonly ParcaProfileType[]): ProfileTypeInfo[] {
  const taken = new Set<string>();
  const infos: ProfileTypeInfo[] = [];
  const order = (t: string) => {
    const i = CANONICAL_TYPES.findIndex((c) => c.type === t);
    return i < 0 ? CANONICAL_TYPES.length : i;
  };
  for (const t of types) {
    const id = parcaTypeId(t);
    const canonical = canonicalFromParts(t.name, t.sampleType, t.periodType);
    const type = canonical && !taken.has(canonical) ? canonical : id;
    if (canonical) taken.add(canonical);
    infos.push({ type, sourceId: id, sampleType: t.sampleType, unit: t.sampleUnit });
  }
  return infos.sort((a, b) => order(a.type) - order(b.type) || a.type.localeCompare(b.type));
}
