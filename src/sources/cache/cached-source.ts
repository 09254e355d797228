/**
 * Wraps a remote source so fetches of a settled past time range come from the on-disk cache after the first
 * time. Ranges that end less than `settleMs` ago are never cached (the backend may still be ingesting them), nor
 * are live captures (pprof over HTTP) or the local store (already on disk). Failures are never cached: the cache
 * is written only after the inner fetch returned every profile, and a failure to write it does not fail the fetch.
 */
import type { CallOptions, FetchedProfile, FetchQuery, ListOptions, ProfileSource, ProfileTypeInfo, VersionInfo } from '../types';
import { FetchCache } from './fetch-cache';

export interface CachedSourceOptions {
  readonly cache: FetchCache;
  /** Fingerprint of the credentials (identityOf), so two accounts never share entries. */
  readonly identity: string;
  readonly now?: () => number;
  /** How long after a range ends it is considered complete; default 5 minutes. */
  readonly settleMs?: number;
  readonly onWarning?: (message: string) => void;
}

export class CachedSource implements ProfileSource {
  readonly kind;
  readonly id;
  readonly displayName;

  constructor(readonly inner: ProfileSource, private readonly options: CachedSourceOptions) {
    this.kind = inner.kind;
    this.id = inner.id;
    this.displayName = inner.displayName;
  }

  listServices(options?: ListOptions): Promise<string[]> {
    return this.inner.listServices(options);
  }

  listProfileTypes(service?: string, options?: ListOptions): Promise<ProfileTypeInfo[]> {
    return this.inner.listProfileTypes(service, options);
  }

  listVersions(service: string, options?: ListOptions & { readonly type?: string }): Promise<VersionInfo[]> {
    return this.inner.listVersions(service, options);
  }

  get listLabelNames(): ProfileSource['listLabelNames'] {
    return this.inner.listLabelNames?.bind(this.inner);
  }

  get listLabelValues(): ProfileSource['listLabelValues'] {
    return this.inner.listLabelValues?.bind(this.inner);
  }

  /** Counts change as profiles arrive: asked of the server each time. */
  get snapshotCounts(): ProfileSource['snapshotCounts'] {
    return this.inner.snapshotCounts?.bind(this.inner);
  }

  async fetchProfiles(query: FetchQuery, options: CallOptions = {}): Promise<FetchedProfile[]> {
    if (!this.cacheable(query)) return this.inner.fetchProfiles(query, options);
    const key = FetchCache.key({ sourceId: this.inner.id, identity: this.options.identity, query });
    const hit = await this.options.cache.get(key);
    if (hit) {
      options.onProgress?.({ message: 'loaded from cache', fraction: 1 });
      return hit;
    }
    const fetched = await this.inner.fetchProfiles(query, options);
    try {
      await this.options.cache.put(key, fetched);
    } catch (e) {
      this.options.onWarning?.(`could not cache profiles in ${this.options.cache.dir}: ${(e as Error).message}`);
    }
    return fetched;
  }

  private cacheable(query: FetchQuery): boolean {
    if (this.inner.kind !== 'pyroscope' && this.inner.kind !== 'parca') return false;
    if (!query.range) return false;
    const now = (this.options.now ?? Date.now)();
    return query.range.toMs <= now - (this.options.settleMs ?? 5 * 60_000);
  }
}
