/**
 * Grafana Pyroscope (OSS, Grafana Cloud Profiles, or through Grafana's data source proxy) over its Connect API,
 * binary codec (see connect.ts). Calls used, all on `querier.v1.QuerierService`:
 *   - LabelValues `service_name`               → services
 *   - ProfileTypes / LabelValues `__profile_type__` for one service → profile types
 *   - LabelValues + SelectSeries grouped by the version label → versions with first/last seen times
 *   - SelectMergeProfile per version          → pprof (uncompressed google.v1.Profile)
 * Times are milliseconds since the epoch. Auth: bearer token or basic auth; multi-tenant servers take the tenant
 * in `X-Scope-OrgID`.
 */
import { isGzip } from '../../core/profile/gunzip';
import type { ProfileLimits } from '../../core/profile/limits';
import { SourceError } from '../errors';
import { HttpClient, type HttpClientConfig } from '../http/client';
import { labelSelector } from '../label-selector';
import { isProfileError, readProfileMetadata } from '../profile-metadata';
import { canonicalFromParts, canonicalTypeInfo, canonicalProfileType, splitProfileTypeId, CANONICAL_TYPES } from '../profile-types';
import { DAY_MS, describeRange, HOUR_MS, lastRange } from '../time-range';
import { compareVersionsByTime } from '../version-order';
import type { CallOptions, FetchedProfile, FetchQuery, ListOptions, ProfileSource, ProfileTypeInfo, SpanSelection, TimeRange, VersionInfo } from '../types';
import { connectUnary, decodeReply } from './connect';
import {
  decodeNamesResponse,
  decodeProfileTypesResponse,
  decodeSelectSeriesResponse,
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
  /** Labels that may carry the version, in order of preference; default service_git_ref, version. */
  readonly versionLabels?: readonly string[];
  readonly http?: Omit<HttpClientConfig, 'sourceName' | 'origin' | 'headers'>;
  readonly limits?: Partial<ProfileLimits>;
  readonly now?: () => number;
}

export const PROFILE_TYPE_LABEL = '__profile_type__';

export class PyroscopeSource implements ProfileSource {
  readonly kind = 'pyroscope' as const;
  readonly id: string;
  readonly displayName: string;
  private readonly client: HttpClient;
  private readonly base: URL;
  private readonly serviceLabel: string;
  private readonly versionLabels: readonly string[];

  constructor(private readonly options: PyroscopeOptions) {
    this.base = new URL(options.baseUrl.replace(/\/+$/, ''));
    const where = `${this.base.origin}${this.base.pathname === '/' ? '' : this.base.pathname}`;
    this.id = `pyroscope:${where}${options.tenant ? `#tenant=${options.tenant}` : ''}`;
    this.displayName = `Pyroscope ${where}${options.tenant ? ` (tenant ${options.tenant})` : ''}`;
    this.serviceLabel = options.serviceLabel ?? 'service_name';
    this.versionLabels = options.versionLabels ?? ['service_git_ref', 'version'];
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
      const reply = await this.call('ProfileTypes', encodeProfileTypesRequest(range.fromMs, range.toMs), options);
      ids = decodeReply(this.client, reply, 'ProfileTypes', decodeProfileTypesResponse).map((t) => t.id);
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
      const reply = await this.call('SelectSeries', encodeSelectSeriesRequest({
        profileTypeId: typeId,
        labelSelector: this.selector(service),
        startMs: range.fromMs,
        endMs: range.toMs,
        groupBy: [found.label],
        stepSeconds,
      }), options);
      for (const series of decodeReply(this.client, reply, 'SelectSeries', decodeSelectSeriesResponse)) {
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
      const matchers: [string, string][] = [[this.serviceLabel, query.service]];
      if (version !== undefined && versionLabel) matchers.push([versionLabel, version]);
      const selector = labelSelector(matchers);
      options.onProgress?.({ message: `fetching ${query.type} for ${query.service}${version ? ` ${version}` : ''}`, fraction: i / targets.length });
      const spans = query.spans;
      const bySpan = spans !== undefined && ((spans.spanIds?.length ?? 0) > 0 || (spans.traceIds?.length ?? 0) > 0);
      const answered = bySpan
        ? await this.call('SelectMergeStacktraces', encodeSpanProfileRequest({ profileTypeId: typeId, labelSelector: selector, startMs: range.fromMs, endMs: range.toMs, spanIds: spans.spanIds ?? [], traceIds: spans.traceIds ?? [] }), options)
        : await this.call('SelectMergeProfile', encodeSelectMergeProfileRequest({ profileTypeId: typeId, labelSelector: selector, startMs: range.fromMs, endMs: range.toMs }), options);
      const reply = bySpan ? { ...answered, body: decodeSpanProfileResponse(answered.body) } : answered;
      let meta;
      try {
        meta = readProfileMetadata(reply.body, reply.request, this.options.limits);
      } catch (e) {
        if (!isProfileError(e)) throw e;
        // An empty reply is how a Profile with no fields looks: nothing matched.
        if (reply.body.length > 0) throw this.client.badResponse(reply, `${bySpan ? 'SelectMergeStacktraces' : 'SelectMergeProfile'} did not return a pprof profile (${e.reason})`);
        meta = undefined;
      }
      if (!meta || meta.sampleCount === 0) {
        throw new SourceError('no-data', this.displayName, `no ${typeId} samples for ${selector}${bySpan ? ` in ${describeSpans(spans)}` : ''} in ${describeRange(range)}`,
          'Widen the time range, or check the version and service (see the versions list).', reply.request, 200);
      }
      results.push({
        bytes: reply.body,
        gzipped: isGzip(reply.body),
        service: query.service,
        version: version ?? 'unknown',
        type: canonicalProfileType(query.type) ?? query.type,
        timeMs: range.fromMs,
        durationMs: range.toMs - range.fromMs,
        origin: `${reply.request.replace(/^POST /, '')} ${selector}`,
      });
    }
    return results;
  }

  // ---- helpers ----

  private defaultListRange(): TimeRange {
    return lastRange(this.now(), DAY_MS);
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private selector(service: string): string {
    return labelSelector([[this.serviceLabel, service]]);
  }

  private call(method: string, request: Uint8Array, options: CallOptions) {
    return connectUnary(this.client, { base: this.base, service: QUERIER_SERVICE, method, request, signal: options.signal, onProgress: options.onProgress });
  }

  private async labelValues(name: string, matchers: readonly string[], range: TimeRange, options: CallOptions): Promise<string[]> {
    const reply = await this.call('LabelValues', encodeLabelValuesRequest(name, matchers, range.fromMs, range.toMs), options);
    return decodeReply(this.client, reply, 'LabelValues', decodeNamesResponse);
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
