/**
 * The local store as a ProfileSource: the embedded default, no configuration. A folder (default
 * `<workspace>/.perflens/store`) holding `<service>/<version>/<type>/<millis>.pb.gz` (see layout.ts), plus pprof
 * files dropped anywhere inside it, whose service and version come from their labels or comments ("unknown"
 * otherwise) and whose type comes from their sample types.
 *
 * Listing reads the layout and file stats; what a file holds is read (by `describe`: the extension's profile worker,
 * or the calling thread's LocalStore in the CLI) only for files outside the layout and for one file per type folder (which sample types
 * such files carry). listFiles answers the matching files without reading them; fetchProfiles reads their bytes.
 *
 * Robust to a store that changes while it is read: temp and partial files are skipped, files that vanish are
 * ignored, files that do not decode are skipped with a warning (reported once per file version). Nothing here
 * throws for bad content; a store folder that cannot be read at all gives a SourceError of kind 'store'.
 */
import { refuseSpans } from '../span-selection';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { ProfileLimits } from '../../core/profile/limits';
import { SourceError } from '../errors';
import type { DescribeFiles, ProfileMetadata } from '../profile-metadata';
import { canonicalProfileType, canonicalTypeInfo, canonicalTypesOfSampleTypes } from '../profile-types';
import type { CallOptions, FetchedProfile, FetchQuery, ListOptions, ProfileSource, ProfileTypeInfo, VersionInfo } from '../types';
import { isGzip } from '../../core/profile/isGzip';
import { fsLimit, type Limit } from './fsLimit';
import { decodeSegment, isInProgressFile, isProfileFileName, layoutFileTime, parseLayoutPath } from './layout';
import { StoreListing, type StoreEntry, type StoreFile } from './store-listing';

export interface StoreSourceOptions {
  readonly limits?: Partial<ProfileLimits>;
  /** Problems that do not stop a call (a corrupt file, an unreadable folder). Default: ignored. */
  readonly onWarning?: (message: string) => void;
  /** At most this many profiles per fetch (the newest); default 2000. */
  readonly maxProfilesPerFetch?: number;
  /** How deep to look for dropped files; default 8 levels. */
  readonly maxDepth?: number;
  /** Reads files for what they hold: the extension's profile worker; the CLI's and the worker's own thread (LocalStore). */
  readonly describe: DescribeFiles;
}


export const UNKNOWN = 'unknown';

/**
 * Profile families whose files hold one type: their type folder's name says it, no file is read. (Not wall: Node's
 * time profiler writes CPU time beside wall time.)
 */
const SINGLE_TYPE_FAMILIES: ReadonlySet<string> = new Set(['cpu', 'goroutine']);


interface FileStamp {
  readonly size: number;
  readonly mtimeMs: number;
}

interface CachedMetadata {
  readonly stamp: FileStamp;
  readonly meta: ProfileMetadata | undefined;
}

export class StoreSource implements ProfileSource {
  readonly kind = 'store' as const;
  readonly id: string;
  readonly displayName: string;
  private readonly root: string;
  private readonly metadataCache = new Map<string, CachedMetadata>();
  private readonly warned = new Set<string>();
  private readonly describe: DescribeFiles;

  constructor(root: string, private readonly options: StoreSourceOptions) {
    this.describe = options.describe;
    this.root = resolve(root);
    this.id = `store:${this.root}`;
    this.displayName = `Profile store ${root}`;
  }

  /** The store as one scan sees it: what a caller that asks several things (services, then versions...) reads once. */
  async listing(signal?: AbortSignal): Promise<StoreListing> {
    return new StoreListing(await this.scan(signal), {
      root: this.root, displayName: this.displayName, maxFiles: this.options.maxProfilesPerFetch ?? 2000, warn: (m) => this.warn(m),
    });
  }

  async listServices(options: ListOptions = {}): Promise<string[]> {
    return (await this.listing(options.signal)).services(options.range);
  }

  async listProfileTypes(service?: string, options: ListOptions = {}): Promise<ProfileTypeInfo[]> {
    return (await this.listing(options.signal)).profileTypes(service, options.range);
  }

  async listVersions(service: string, options: ListOptions & { readonly type?: string } = {}): Promise<VersionInfo[]> {
    return (await this.listing(options.signal)).versions(service, options);
  }

  /** The files that match, oldest first, without reading them (at most maxProfilesPerFetch: the newest). */
  async listFiles(query: FetchQuery, options: CallOptions = {}): Promise<StoreFile[]> {
    refuseSpans(query, this.displayName);
    return (await this.listing(options.signal)).files(query);
  }

  async fetchProfiles(query: FetchQuery, options: CallOptions = {}): Promise<FetchedProfile[]> {
    const matching = await this.listFiles(query, options);
    const out: FetchedProfile[] = [];
    for (let i = 0; i < matching.length; i++) {
      throwIfCancelled(options.signal, this.displayName);
      const e = matching[i];
      options.onProgress?.({ message: `reading profile ${i + 1} of ${matching.length}`, fraction: i / matching.length });
      const bytes = await this.readValid(e.path, options.signal);
      if (!bytes) continue;
      out.push({ bytes, gzipped: isGzip(bytes), service: e.service, version: e.version, type: e.type, timeMs: e.timeMs, origin: e.path });
    }
    if (out.length === 0) {
      throw new SourceError('no-data', this.displayName, `none of the ${matching.length} matching profiles could be read`, 'See the warnings for each file; they may be corrupt or still being written.');
    }
    return out;
  }

  /** The file's bytes if they decode as a profile (described, not decoded, here); undefined (with a warning) otherwise. */
  private async readValid(path: string, signal: AbortSignal | undefined): Promise<Uint8Array | undefined> {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') this.warn(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); skipped`);
      return undefined;
    }
    const [described] = await this.describe([path], signal);
    if ('metadata' in described) return bytes;
    if (!described.missing) this.warn(`${described.error}; skipped (it may still be being written)`);
    return undefined;
  }

  // ---- scanning ----

  private async scan(signal: AbortSignal | undefined): Promise<StoreEntry[]> {
    try {
      const s = await stat(this.root);
      if (!s.isDirectory()) throw new SourceError('store', this.displayName, `${this.root} is not a folder`, 'Point the store setting at a folder.');
    } catch (e) {
      if (e instanceof SourceError) throw e;
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new SourceError('store', this.displayName, `cannot read ${this.root} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, 'Check the folder\'s permissions.');
    }
    const limit = fsLimit();
    const files = await this.walk(this.root, [], signal, limit);

    // Layout files by type folder (each folder's names decoded once, each file's name only matched), the rest dropped.
    const layoutFolders = new Map<string, { path: string; stamp?: FileStamp; timeMs: number }[]>();
    const dropped: ScannedFile[] = [];
    for (const f of files) {
      const timeMs = f.segments.length === 4 ? layoutFileTime(f.segments[3]) : undefined;
      if (timeMs === undefined) {
        dropped.push(f);
        continue;
      }
      const folder = f.segments.slice(0, 3).join('/');
      const list = layoutFolders.get(folder);
      if (list) list.push({ path: f.path, timeMs });
      else layoutFolders.set(folder, [{ path: f.path, timeMs }]);
    }
    // Sizes and times only of the files whose content may be read (dropped files, folders of several types): a
    // CPU folder of thousands of files lists from its names alone.
    const toStamp = [...dropped, ...[...layoutFolders].filter(([folder]) => !namedSingleType(folder)).flatMap(([, list]) => list)];
    const stamps = await this.stamps(toStamp.map((f) => f.path), signal, limit);
    const stamped = <T extends { path: string }>(list: readonly T[]) => list.flatMap((f) => {
      const stamp = stamps.get(f.path);
      return stamp ? [{ ...f, stamp }] : [];
    });
    for (const [folder, list] of layoutFolders) {
      if (namedSingleType(folder)) continue;
      const kept = stamped(list);
      if (kept.length > 0) layoutFolders.set(folder, kept);
      else layoutFolders.delete(folder);
    }
    throwIfCancelled(signal, this.displayName);
    const droppedFiles = stamped(dropped);
    const folderTypes = await this.folderTypes(layoutFolders, droppedFiles, signal);

    const entries: StoreEntry[] = [];
    for (const f of droppedFiles) {
      const meta = this.metadataCache.get(f.path)?.meta;
      if (!meta) continue;
      const hint = f.segments.join('/');
      const types = canonicalTypesOfSampleTypes(meta.sampleTypes, meta.periodType, hint);
      if (types.length === 0) {
        this.warn(`${f.path}: no known profile type in its sample types (${meta.sampleTypes.map((t) => t.type).join(', ')}); skipped`);
        continue;
      }
      entries.push({
        path: f.path,
        service: meta.service ?? UNKNOWN,
        version: meta.version ?? UNKNOWN,
        types,
        timeMs: meta.timeMs ?? Math.round(f.stamp.mtimeMs),
        typeSource: basename(f.path),
      });
    }
    for (const [folder, list] of layoutFolders) {
      const [service, version, typeFolder] = folder.split('/');
      const layout = parseLayoutPath([service, version, typeFolder, basename(list[0].path)]);
      if (!layout) continue;
      const types = folderTypes.get(folder) ?? [];
      for (const f of list) {
        entries.push({ path: f.path, service: layout.service, version: layout.version, types, timeMs: f.timeMs, typeSource: layout.typeFolder });
      }
    }
    return entries;
  }

  /**
   * The types each layout folder's files provide, with what the dropped files hold read on the way (in the same
   * requests). The folder name says how the profile was collected (e.g. `cpu`, `heap` or `inuse_space`). A CPU or
   * goroutine profile holds that one type, so its folder is not read. The other families' files can carry several
   * (a Go heap profile gives alloc_* and inuse_*; a Node heap profile only inuse_*): the smallest file of such a
   * folder is read for which, the next smallest when it does not decode, three at most.
   */
  private async folderTypes(
    folders: ReadonlyMap<string, readonly { path: string; stamp?: FileStamp; timeMs: number }[]>,
    dropped: readonly { path: string; stamp: FileStamp }[],
    signal: AbortSignal | undefined,
  ): Promise<Map<string, string[]>> {
    const types = new Map<string, string[]>();
    const toRead = new Map<string, { path: string; stamp: FileStamp }[]>();
    for (const [folder, list] of folders) {
      const named = namedSingleType(folder);
      if (named) types.set(folder, [named]);
      else toRead.set(folder, list.flatMap((f) => (f.stamp ? [{ path: f.path, stamp: f.stamp }] : [])).sort((a, b) => a.stamp.size - b.stamp.size).slice(0, 3));
    }
    for (let attempt = 0; attempt < 3; attempt++) {
      const waiting = [...toRead].filter(([folder, list]) => !types.has(folder) && list[attempt]);
      await this.metadata([...(attempt === 0 ? dropped : []), ...waiting.map(([, list]) => list[attempt])], signal);
      for (const [folder, list] of waiting) {
        const meta = this.metadataCache.get(list[attempt].path)?.meta;
        if (!meta) continue;
        const typeFolder = decodeSegment(folder.split('/')[2]);
        const named = canonicalProfileType(typeFolder);
        const found: string[] = canonicalTypesOfSampleTypes(meta.sampleTypes, meta.periodType, typeFolder);
        if (named && !found.includes(named)) found.unshift(named);
        types.set(folder, found.length > 0 ? found : [typeFolder]);
      }
    }
    for (const folder of folders.keys()) {
      if (types.has(folder)) continue;
      const typeFolder = decodeSegment(folder.split('/')[2]);
      types.set(folder, [canonicalProfileType(typeFolder) ?? typeFolder]);
    }
    return types;
  }

  /** Reads what the files hold into the cache, those not known for their current version in one request. */
  private async metadata(files: readonly { path: string; stamp: FileStamp }[], signal: AbortSignal | undefined): Promise<void> {
    const stale = files.filter((f) => {
      const cached = this.metadataCache.get(f.path);
      return !cached || cached.stamp.size !== f.stamp.size || cached.stamp.mtimeMs !== f.stamp.mtimeMs;
    });
    if (stale.length === 0) return;
    const described = await this.describe(stale.map((f) => f.path), signal);
    stale.forEach((f, i) => {
      const d = described[i];
      if (!d || ('error' in d && d.missing)) return;
      if ('error' in d) this.warn(`${d.error}; skipped (it may still be being written)`);
      this.metadataCache.set(f.path, { stamp: f.stamp, meta: 'metadata' in d ? d.metadata : undefined });
    });
  }

  /** The store's profile files (not stat'ed), depth first: a folder's files as readdir gives them, then its folders'. */
  private async walk(dir: string, segments: string[], signal: AbortSignal | undefined, limit: Limit): Promise<ScannedFile[]> {
    throwIfCancelled(signal, this.displayName);
    if (segments.length > (this.options.maxDepth ?? 8)) return [];
    let names: import('node:fs').Dirent[];
    try {
      names = await limit(() => readdir(dir, { withFileTypes: true }));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') this.warn(`${dir}: cannot list (${code ?? (e as Error).message}); skipped`);
      return [];
    }
    const files: ScannedFile[] = [];
    const folders: Promise<ScannedFile[]>[] = [];
    for (const d of names) {
      if (isInProgressFile(d.name)) continue;
      const path = join(dir, d.name);
      // Symbolic links are not followed: a link could point outside the store or make a cycle.
      if (d.isDirectory()) folders.push(this.walk(path, [...segments, d.name], signal, limit));
      else if (d.isFile() && isProfileFileName(d.name)) files.push({ path, segments: [...segments, d.name] });
    }
    return [...files, ...(await Promise.all(folders)).flat()];
  }

  /**
   * Size and time of each file, stat'ed a few at a time (fsLimit): thousands of files in parallel, never one after
   * another. A file that vanished since it was listed (a writer renamed or a cleaner deleted it) has none.
   */
  private async stamps(paths: readonly string[], signal: AbortSignal | undefined, limit: Limit): Promise<Map<string, FileStamp>> {
    const stamps = new Map<string, FileStamp>();
    await Promise.all(paths.map((path) => limit(async () => {
      throwIfCancelled(signal, this.displayName);
      try {
        const s = await stat(path);
        stamps.set(path, { size: s.size, mtimeMs: s.mtimeMs });
      } catch {
        // vanished: not an error
      }
    })));
    return stamps;
  }

  /** Each distinct problem is reported once per store instance, not on every listing. */
  private warn(message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.options.onWarning?.(message);
  }
}

/** A profile file a scan found, with its path's segments below the store's root. */
interface ScannedFile {
  readonly path: string;
  readonly segments: string[];
}

/** The canonical type a layout folder (`service/version/type`) holds alone, by its name (a CPU folder); else undefined. */
function namedSingleType(folder: string): string | undefined {
  const named = canonicalProfileType(decodeSegment(folder.slice(folder.lastIndexOf('/') + 1)));
  return named && SINGLE_TYPE_FAMILIES.has(canonicalTypeInfo(named)!.family) ? named : undefined;
}

function throwIfCancelled(signal: AbortSignal | undefined, source: string): void {
  if (signal?.aborted) throw new SourceError('cancelled', source, 'cancelled', '');
}
