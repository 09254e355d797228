/**
 * An on-disk cache of fetched profiles, content-addressed: the key is a SHA-256 of what was asked (source,
 * account, service, type, versions, time range), the folder is given by the caller (the extension's
 * globalStorage, or a temp folder), so reopening a past range is instant.
 *
 * An entry is written complete or not at all: its files go to a hidden temp folder that is renamed into place.
 * Reading checks every file's size and SHA-256 against the manifest; anything missing or different is a miss
 * (and the entry is removed). Only successful, complete fetches are ever put here.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatLabelFilter, parseLabelFilter } from '../../core/query/labels';
import type { FetchedProfile, FetchQuery } from '../types';

const MANIFEST = 'manifest.json';
const FORMAT = 1;

export interface CacheKeyParts {
  readonly sourceId: string;
  /** A hash of the credentials (different accounts may see different data); never the credentials. */
  readonly identity: string;
  readonly query: FetchQuery;
}

interface ManifestEntry {
  readonly file: string;
  readonly size: number;
  readonly sha256: string;
  readonly gzipped: boolean;
  readonly service: string;
  readonly version: string;
  readonly type: string;
  readonly timeMs: number;
  readonly durationMs?: number;
  readonly origin: string;
  /** The label matchers the server applied, in their text form (FetchedProfile.labels). */
  readonly labels?: string;
}

interface Manifest {
  readonly format: number;
  readonly profiles: readonly ManifestEntry[];
}

export class FetchCache {
  constructor(readonly dir: string) {}

  static key(parts: CacheKeyParts): string {
    const q = parts.query;
    const canonical = JSON.stringify({
      format: FORMAT,
      source: parts.sourceId,
      identity: parts.identity,
      service: q.service,
      type: q.type,
      versions: [...(q.versions ?? [])].sort(),
      from: q.range?.fromMs ?? null,
      to: q.range?.toMs ?? null,
      seconds: q.seconds ?? null,
      // A span profile is another answer than the whole window's, and so is a label-filtered one.
      ...(q.spans ? { spans: [...(q.spans.spanIds ?? [])].sort(), traces: [...(q.spans.traceIds ?? [])].sort() } : {}),
      ...(q.labels && q.labels.length > 0 ? { labels: formatLabelFilter(q.labels) } : {}),
    });
    return sha256(canonical);
  }

  private entryDir(key: string): string {
    if (!/^[0-9a-f]{64}$/.test(key)) throw new Error(`not a cache key: ${key}`);
    return join(this.dir, key.slice(0, 2), key);
  }

  async get(key: string): Promise<FetchedProfile[] | undefined> {
    const dir = this.entryDir(key);
    let manifest: Manifest;
    try {
      manifest = JSON.parse(await readFile(join(dir, MANIFEST), 'utf8')) as Manifest;
    } catch {
      return undefined;
    }
    if (manifest.format !== FORMAT || !Array.isArray(manifest.profiles) || manifest.profiles.length === 0) {
      await rm(dir, { recursive: true, force: true });
      return undefined;
    }
    const out: FetchedProfile[] = [];
    for (const e of manifest.profiles) {
      let bytes: Uint8Array;
      try {
        bytes = await readFile(join(dir, e.file));
      } catch {
        bytes = new Uint8Array(0);
      }
      if (bytes.length !== e.size || sha256(bytes) !== e.sha256) {
        await rm(dir, { recursive: true, force: true });
        return undefined;
      }
      let labels;
      try {
        labels = e.labels ? parseLabelFilter(e.labels) : undefined;
      } catch {
        labels = null;
      }
      if (labels === null) {
        await rm(dir, { recursive: true, force: true });
        return undefined;
      }
      out.push({ bytes, gzipped: e.gzipped, service: e.service, version: e.version, type: e.type, timeMs: e.timeMs, durationMs: e.durationMs, origin: e.origin, ...(labels ? { labels } : {}) });
    }
    return out;
  }

  async put(key: string, profiles: readonly FetchedProfile[]): Promise<void> {
    if (profiles.length === 0) return;
    const final = this.entryDir(key);
    const parent = join(this.dir, key.slice(0, 2));
    await mkdir(parent, { recursive: true });
    const temp = join(parent, `.tmp-${key.slice(0, 8)}-${randomBytes(6).toString('hex')}`);
    await mkdir(temp);
    try {
      const entries: ManifestEntry[] = [];
      for (let i = 0; i < profiles.length; i++) {
        const p = profiles[i];
        const file = `${i}.pb${p.gzipped ? '.gz' : ''}`;
        await writeFile(join(temp, file), p.bytes);
        entries.push({
          file, size: p.bytes.length, sha256: sha256(p.bytes), gzipped: p.gzipped, service: p.service, version: p.version, type: p.type, timeMs: p.timeMs, durationMs: p.durationMs, origin: p.origin,
          ...(p.labels && p.labels.length > 0 ? { labels: formatLabelFilter(p.labels) } : {}),
        });
      }
      const manifest: Manifest = { format: FORMAT, profiles: entries };
      // The manifest last: an entry without one is never read.
      await writeFile(join(temp, MANIFEST), JSON.stringify(manifest));
      try {
        await rename(temp, final);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        // Another fetch cached the same thing first: keep theirs.
        if (code !== 'EEXIST' && code !== 'ENOTEMPTY' && code !== 'EPERM') throw e;
      }
    } finally {
      await rm(temp, { recursive: true, force: true });
    }
  }
}

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A short, one-way fingerprint of credentials for cache keys. */
export function identityOf(parts: readonly (string | undefined)[]): string {
  return sha256(parts.map((p) => p ?? '').join('\u0000')).slice(0, 16);
}
