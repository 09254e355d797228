// What one scan of the local store holds, and the questions a listing asks of it: services, profile types,
// versions and the files of a query — answered from the same entries, so a caller that asks several in a row reads
// the folder once.
import { sep } from 'node:path';
import { SourceError } from '../errors';
import { canonicalProfileType, canonicalTypeInfo, sampleTypeFor } from '../profile-types';
import type { FetchQuery, ProfileTypeInfo, TimeRange, VersionInfo } from '../types';

/** A file as one scan found it: where the layout (or what the file holds) files it. */
export interface StoreEntry {
  readonly path: string;
  readonly service: string;
  readonly version: string;
  /** Canonical types (or folder names) the file provides. */
  readonly types: readonly string[];
  readonly timeMs: number;
  /** The folder name the type came from, for ProfileTypeInfo.sourceId. */
  readonly typeSource: string;
}

/** A profile file of the store, as listing knows it (nothing of it read). */
export interface StoreFile {
  readonly path: string;
  readonly service: string;
  readonly version: string;
  /** The type asked for. */
  readonly type: string;
  readonly timeMs: number;
}

export interface ListingContext {
  readonly root: string;
  readonly displayName: string;
  /** At most this many files per query (the newest). */
  readonly maxFiles: number;
  readonly warn: (message: string) => void;
}

export class StoreListing {
  constructor(private readonly entries: readonly StoreEntry[], private readonly context: ListingContext) {}

  services(range?: TimeRange): string[] {
    return [...new Set(inRange(this.entries, range).map((e) => e.service))].sort();
  }

  profileTypes(service?: string, range?: TimeRange): ProfileTypeInfo[] {
    const entries = inRange(this.entries, range).filter((e) => service === undefined || e.service === service);
    const infos = new Map<string, ProfileTypeInfo>();
    for (const e of entries) {
      for (const type of e.types) {
        if (infos.has(type)) continue;
        const canonical = canonicalTypeInfo(type);
        infos.set(type, { type, sourceId: e.typeSource, sampleType: canonical?.sampleType ?? sampleTypeFor(type), unit: canonical?.unit });
      }
    }
    return [...infos.values()].sort((a, b) => typeOrder(a.type) - typeOrder(b.type) || a.type.localeCompare(b.type));
  }

  /** Versions sorted by last seen, oldest first. */
  versions(service: string, options: { readonly type?: string; readonly range?: TimeRange } = {}): VersionInfo[] {
    const type = options.type === undefined ? undefined : resolveType(options.type);
    const entries = inRange(this.entries, options.range).filter((e) => e.service === service && (type === undefined || e.types.includes(type)));
    const versions = new Map<string, { first: number; last: number }>();
    for (const e of entries) {
      const v = versions.get(e.version);
      if (!v) versions.set(e.version, { first: e.timeMs, last: e.timeMs });
      else {
        v.first = Math.min(v.first, e.timeMs);
        v.last = Math.max(v.last, e.timeMs);
      }
    }
    return [...versions]
      .map(([version, t]) => ({ version, firstSeenMs: t.first, lastSeenMs: t.last }))
      .sort((a, b) => a.lastSeenMs - b.lastSeenMs || a.firstSeenMs - b.firstSeenMs || a.version.localeCompare(b.version));
  }

  /** The files that match, oldest first (at most maxFiles: the newest); a SourceError saying what there is when none. */
  files(query: FetchQuery): StoreFile[] {
    const type = resolveType(query.type);
    const versions = query.versions && query.versions.length > 0 ? new Set(query.versions) : undefined;
    let matching = inRange(this.entries, query.range)
      .filter((e) => e.service === query.service && e.types.includes(type) && (!versions || versions.has(e.version)))
      .sort((a, b) => a.timeMs - b.timeMs || a.path.localeCompare(b.path));
    if (matching.length === 0) throw this.noData(query, type);
    const max = this.context.maxFiles;
    if (matching.length > max) {
      this.context.warn(`${matching.length} profiles match; using the newest ${max} (narrow the time range to see others)`);
      matching = matching.slice(matching.length - max);
    }
    return matching.map((e) => ({ path: e.path, service: e.service, version: e.version, type, timeMs: e.timeMs }));
  }

  private noData(query: FetchQuery, type: string): SourceError {
    const all = this.entries;
    const ofService = all.filter((e) => e.service === query.service);
    let what: string;
    let hint: string;
    if (all.length === 0) {
      what = 'the store has no profiles';
      hint = `Profiles go in ${this.context.root}${sep}<service>${sep}<version>${sep}<type>${sep}<unix millis>.pb.gz, or drop .pb.gz files anywhere inside it.`;
    } else if (ofService.length === 0) {
      what = `the store has no profiles for service '${query.service}'`;
      hint = `Services in the store: ${listSome([...new Set(all.map((e) => e.service))])}.`;
    } else {
      const versions = query.versions?.length ? ` version ${query.versions.join(', ')}` : '';
      what = `no '${type}' profiles for service '${query.service}'${versions}${query.range ? ' in that time range' : ''}`;
      hint = `For '${query.service}' the store has types ${listSome([...new Set(ofService.flatMap((e) => e.types))])} and versions ${listSome([...new Set(ofService.map((e) => e.version))])}.`;
    }
    return new SourceError('no-data', this.context.displayName, what, hint);
  }
}

/** A canonical type for what the user asked (aliases like `heap`), or the name itself for other folders. */
function resolveType(type: string): string {
  return canonicalProfileType(type) ?? type;
}

function inRange<T extends { timeMs: number }>(entries: readonly T[], range: TimeRange | undefined): T[] {
  if (!range) return [...entries];
  return entries.filter((e) => e.timeMs >= range.fromMs && e.timeMs < range.toMs);
}

function typeOrder(type: string): number {
  const order = ['cpu', 'wall', 'alloc_space', 'alloc_objects', 'inuse_space', 'inuse_objects', 'mutex_delay', 'mutex_contentions', 'block_delay', 'block_contentions', 'goroutine'];
  const i = order.indexOf(type);
  return i < 0 ? order.length : i;
}

function listSome(items: readonly string[]): string {
  const sorted = [...items].sort();
  return sorted.length <= 8 ? sorted.join(', ') : `${sorted.slice(0, 8).join(', ')} and ${sorted.length - 8} more`;
}
