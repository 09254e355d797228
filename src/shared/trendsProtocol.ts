// The profile worker's trends request: a service's functions' shares of one sample type over a span of the local
// store's history, in time buckets, with the functions whose share rose beyond sampling noise. The editor shows a
// function's series as a sparkline (hover, Hotspots) and the rising ones in the Trends view.

/** The trends of the local store's history of a service, or of a remote source's (its buckets' merged profiles). */
export type TrendsRequest = StoreTrendsRequest | RemoteTrendsRequest;

/**
 * A remote source's history (Pyroscope, Parca), fetched by the extension host in round time buckets (one merged
 * profile each: sources/history.ts adaptiveBuckets) and summarized here; the ArrayBuffers are transferred.
 */
export interface RemoteTrendsRequest {
  readonly remote: {
    readonly buckets: readonly { readonly startMs: number; readonly bytes?: ArrayBuffer; readonly origin: string }[];
    readonly widthMs: number;
    readonly fromMs: number;
    readonly toMs: number;
    /** What was asked of the source, in words (how many merges, bucket width). */
    readonly notes: readonly string[];
  };
  /** The sample type to take shares of (the loaded profile's), by name. */
  readonly sampleType: string;
}

export interface StoreTrendsRequest {
  readonly remote?: undefined;
  /** The store's folder, the service and the store's type (a type folder's name) of the loaded profile. */
  readonly root: string;
  readonly service: string;
  readonly type: string;
  /** The sample type to take shares of (the loaded profile's), by name. */
  readonly sampleType: string;
  /** The span looked back over, ending at `untilMs` (ms since the epoch). */
  readonly untilMs: number;
  readonly spanMs: number;
  /** At most this many time buckets (their width is the narrowest round one that fits the profiles found). */
  readonly buckets: number;
  /** The on-disk cache of per-file summaries (a file under ~/.cache or the extension's storage); none: memory only. */
  readonly cacheFile?: string;
}

export interface RisingFunction {
  /** Index into `keys`. */
  readonly key: number;
  /** Fitted change of the share from the first bucket to the last (0..1). */
  readonly rise: number;
  readonly z: number;
  /** The rising function it calls (index into `keys`) whose rise accounts for its own: it rises because it calls that. */
  readonly because?: number;
}

export interface TrendsView {
  /** Bucket start times (ms since the epoch), only buckets with profiles, in order. */
  readonly bucketStarts: readonly number[];
  readonly widthMs: number;
  /** From the first bucket's start to the last one's end. */
  readonly spanMs: number;
  /** Functions with cost in the span, keyed as the release diff matches them (core/diff/functionKey). */
  readonly keys: readonly string[];
  /** keys × buckets, row-major: key k's share of bucket b is `shares[k * bucketStarts.length + b]`. */
  readonly shares: Float64Array;
  /** Functions whose share rose beyond noise (Bonferroni over the functions tested), largest rise first. */
  readonly rising: readonly RisingFunction[];
  /** Profiles summarized (read or from the cache). */
  readonly profiles: number;
  /** What was sampled, cached, skipped or left out, in words. */
  readonly notes: readonly string[];
}
