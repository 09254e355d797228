import type { LabelMatcher } from '../core/query/labels';

/**
 * The one interface every profile source implements (local store, pprof over HTTP, Grafana Pyroscope, Parca).
 *
 * A source lists what it has and returns raw pprof bytes with their metadata; decoding and merging are
 * src/core's job. Nothing here imports `vscode`: the extension passes credentials, HTTP transport, clock and
 * cache folder in (see SourceDeps in create-source.ts).
 */

export type SourceKind = 'store' | 'pprof-http' | 'pyroscope' | 'parca';

/** A time range in milliseconds since the Unix epoch, `fromMs` inclusive, `toMs` exclusive. */
export interface TimeRange {
  readonly fromMs: number;
  readonly toMs: number;
}

/** Something to show while a call runs (a progress bar's message and fraction). */
export interface ProgressEvent {
  readonly message: string;
  /** 0..1 when the amount of work is known (a CPU capture of N seconds, a download of known size). */
  readonly fraction?: number;
  /** Bytes received so far by a download. */
  readonly receivedBytes?: number;
}

export interface CallOptions {
  /** Cancels the call: it rejects with a SourceError of kind 'cancelled' and stops its network work. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (event: ProgressEvent) => void;
}

export interface ListOptions extends CallOptions {
  /** Which period to list; remote sources default to the last 24 hours, the store to all time. */
  readonly range?: TimeRange;
}

export interface ProfileTypeInfo {
  /**
   * The canonical type (see profile-types.ts: cpu, wall, alloc_space, inuse_space, mutex_delay, ...), or the
   * source's own id when it has no canonical equivalent. Pass it back as FetchQuery.type.
   */
  readonly type: string;
  /** What the backend calls it: a Pyroscope/Parca profile type id, a Go pprof endpoint, a store folder. */
  readonly sourceId: string;
  /** The pprof sample type to show for it (for the core's selectSampleType), e.g. `delay` for mutex_delay. */
  readonly sampleType: string;
  readonly unit?: string;
}

export interface VersionInfo {
  /** The label value exactly as the source has it (a git SHA, a tag, a semver...). */
  readonly version: string;
  readonly firstSeenMs?: number;
  readonly lastSeenMs?: number;
  /** The label that carried it (service_git_ref, version...); undefined for the store's folder names. */
  readonly label?: string;
}

export interface FetchQuery {
  readonly service: string;
  /** A canonical type or a source id from listProfileTypes. */
  readonly type: string;
  /** Versions to fetch, one result per version for remote sources; none: every version together. */
  readonly versions?: readonly string[];
  /** Default: the last hour for remote sources, all time for the store. Ignored by live pprof captures. */
  readonly range?: TimeRange;
  /** Length of a live capture (pprof over HTTP: CPU/wall seconds, delta seconds for the other types). */
  readonly seconds?: number;
  /**
   * Only the samples of these spans or traces (lower-case hex ids): Pyroscope selects them on the server; other
   * sources refuse with a 'config' SourceError (their profiles are filtered by label in the editor instead).
   */
  readonly spans?: SpanSelection;
  /**
   * Only the samples whose labels pass these matchers (core/query/labels.ts). Pyroscope and Parca select them on
   * the server, so only matching samples are fetched, and say so in FetchedProfile.labels; the store and live
   * pprof endpoints return whole profiles, which the caller filters after decoding.
   */
  readonly labels?: readonly LabelMatcher[];
}

export interface SpanSelection {
  readonly spanIds?: readonly string[];
  readonly traceIds?: readonly string[];
}

export interface FetchedProfile {
  /** pprof protobuf, gzipped or not (`gzipped` says which); never a partial body. */
  readonly bytes: Uint8Array;
  readonly gzipped: boolean;
  readonly service: string;
  /** The version label value, or 'unknown' when the source does not know it. */
  readonly version: string;
  /** The type asked for, or what a live endpoint really returned (a Node service answers `cpu` with `wall`). */
  readonly type: string;
  /** When the profile starts (its time_nanos, the file's time, or the start of the merged range). */
  readonly timeMs: number;
  readonly durationMs?: number;
  /** Where it came from: a file path or a URL without credentials, for messages and provenance. */
  readonly origin: string;
  /**
   * The label selector the server was asked (Pyroscope, Parca: `{service_name="shop",version="1.0"}`), with the
   * label names the source found on that server: what a link back to the server's UI selects.
   */
  readonly selector?: string;
  /**
   * The label matchers the server applied (FetchQuery.labels): every sample passed them, though the merged
   * profile may no longer carry those labels. Undefined when the source applied none: the caller filters.
   */
  readonly labels?: readonly LabelMatcher[];
}

/** A label's values, for a label filter's picker. */
export interface LabelValueList {
  /** Costliest first when the source can say (then with `cost`, in the type's unit), else sorted by value. */
  readonly values: readonly { readonly value: string; readonly cost?: number }[];
  /** How many values the label has in all (more than listed when over the limit). */
  readonly count: number;
}

export interface LabelListOptions extends ListOptions {
  /** A canonical type or a source id: values get their cost of that type. */
  readonly type?: string;
  /** Only samples that pass these matchers. */
  readonly labels?: readonly LabelMatcher[];
  /** Most values listed (default 100). */
  readonly limit?: number;
}

export interface ProfileSource {
  readonly kind: SourceKind;
  /** A stable identity without credentials (the URL or store folder, plus the tenant): used in cache keys. */
  readonly id: string;
  /** For messages: e.g. `Pyroscope https://pyroscope.example.net` (never with credentials). */
  readonly displayName: string;

  listServices(options?: ListOptions): Promise<string[]>;
  listProfileTypes(service?: string, options?: ListOptions): Promise<ProfileTypeInfo[]>;
  /** Versions sorted by last seen time, oldest first (undefined times first). */
  listVersions(service: string, options?: ListOptions & { readonly type?: string }): Promise<VersionInfo[]>;
  /** One or several profiles; rejects with a SourceError (never returns a partial result). */
  fetchProfiles(query: FetchQuery, options?: CallOptions): Promise<FetchedProfile[]>;
  /**
   * The label names the service's samples carry (without the service label and the server's internal ones), for
   * a label filter's picker; sources whose profiles carry their own labels (the store, pprof) leave it out: the
   * loaded profiles say.
   */
  listLabelNames?(service: string, options?: LabelListOptions): Promise<string[]>;
  /** A label's values for the service (see LabelValueList). */
  listLabelValues?(service: string, name: string, options?: LabelListOptions): Promise<LabelValueList>;
  /**
   * How many profiles (in-use snapshots) each series has in each time bucket of `widthMs` (starts aligned to the
   * width from the epoch) over `range`: what a merge over a bucket — which adds its snapshots up — is divided by to
   * give the service's in-use memory averaged over the bucket. Sources that cannot count them leave it out.
   */
  snapshotCounts?(query: SnapshotCountQuery, options?: CallOptions): Promise<SnapshotCounts>;
}

export interface SnapshotCountQuery {
  readonly service: string;
  readonly type: string;
  readonly labels?: readonly LabelMatcher[];
  readonly range: TimeRange;
  readonly widthMs: number;
}

/** Per bucket start (ms since the epoch): the profiles each series (keyed by its labels) has in it. */
export interface SnapshotCounts {
  readonly buckets: ReadonlyMap<number, ReadonlyMap<string, number>>;
  /** How the server counted them, for the view (e.g. "SelectSeries sum ÷ average"). */
  readonly how: string;
  /** The server answered without counts (an older Parca): nothing to divide a merge by, so no ranking. */
  readonly unavailable?: true;
}
