/**
 * Compaction: profiles older than `olderThanMs` are replaced by one profile per service, version, type and
 * clock hour, named `<hour start millis>.pb.gz` in the same folder, so a long-running store stays small and
 * quick to list. What a merge means depends on the type folder:
 * - CPU, wall, mutex and block profiles hold a window each, so the hour's profiles are summed (merge-pprof.ts);
 * - heap and goroutine profiles are snapshots (and Go's alloc_* values count since process start), so the
 *   hour keeps its newest snapshot.
 * The merged profile lists the files it replaces in a `perflens_compacted_from=` comment. It is written
 * atomically before the originals are deleted; if a crash comes in between, the next run sees the leftover
 * originals named in that comment and deletes them instead of counting them twice. (Until then, a reader may
 * see both; nothing is ever lost or half-written.)
 */
import { readFile, unlink } from 'node:fs/promises';
import { basename } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Profile } from 'pprof-format';
import { isGzip } from '../core/profile/isGzip';
import { parseProfile } from '../core/profile/parse';
import { canonicalProfileType, canonicalTypeInfo } from '../sources/profile-types';
import { writeStoreProfile } from '../sources/store/store-writer';
import { mergePprof } from './merge-pprof';
import { listStoreFiles, type StoreFile } from './retention';

export interface CompactionOptions {
  /** Only hours that ended at least this long ago are compacted. */
  readonly olderThanMs: number;
  readonly now?: number;
  readonly onWarning?: (message: string) => void;
}

export interface CompactionResult {
  /** Merged files written. */
  readonly written: readonly string[];
  /** Files deleted (merged into, or replaced by, a written file). */
  readonly deleted: readonly string[];
}

const HOUR_MS = 3_600_000;
const COMPACTED = 'perflens_compacted_from=';

export async function compactStore(root: string, options: CompactionOptions): Promise<CompactionResult> {
  const now = options.now ?? Date.now();
  const cutoff = now - options.olderThanMs;
  const groups = new Map<string, StoreFile[]>();
  for (const f of await listStoreFiles(root)) {
    const hour = Math.floor(f.timeMs / HOUR_MS) * HOUR_MS;
    if (hour + HOUR_MS > cutoff) continue;
    const key = JSON.stringify([f.service, f.version, f.typeFolder, hour]);
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const written: string[] = [];
  const deleted: string[] = [];
  for (const [key, files] of groups) {
    const [service, version, typeFolder, hour] = JSON.parse(key) as [string, string, string, number];
    try {
      const result = await compactHour(root, { service, version, typeFolder, hour }, files);
      if (result) {
        if (result.written) written.push(result.written);
        deleted.push(...result.deleted);
      }
    } catch (e) {
      options.onWarning?.(`compaction of ${service}/${version}/${typeFolder} at ${new Date(hour).toISOString()} skipped: ${(e as Error).message}`);
    }
  }
  return { written, deleted };
}

interface LoadedFile {
  readonly file: StoreFile;
  readonly profile: Profile;
  /** File names a previous compaction merged into this one. */
  readonly compactedFrom: readonly string[];
}

async function compactHour(root: string, group: { service: string; version: string; typeFolder: string; hour: number }, files: StoreFile[]): Promise<{ written?: string; deleted: string[] } | undefined> {
  const loaded: LoadedFile[] = [];
  for (const file of files.sort((a, b) => a.timeMs - b.timeMs || a.path.localeCompare(b.path))) {
    const bytes = await readFile(file.path);
    parseProfile(bytes, file.path); // refuses corrupt or hostile files with a message naming the file
    const profile = Profile.decode(isGzip(bytes) ? gunzipSync(bytes) : bytes);
    const comments = profile.comment.map((i) => profile.stringTable.strings[Number(i)] ?? '');
    const marker = comments.find((c) => c.startsWith(COMPACTED));
    loaded.push({ file, profile, compactedFrom: marker ? marker.slice(COMPACTED.length).split(',').filter((n) => n !== '') : [] });
  }
  // Leftovers of a compaction interrupted before it deleted its originals: already counted, just delete them.
  const leftovers = loaded.filter((l) => loaded.some((other) => other !== l && other.compactedFrom.includes(basename(l.file.path))));
  const live = loaded.filter((l) => !leftovers.includes(l));
  const deleted: string[] = [];
  for (const l of leftovers) deleted.push(await remove(l.file.path));
  if (live.length <= 1) return deleted.length > 0 ? { deleted } : undefined;

  const names = [...new Set(live.flatMap((l) => [basename(l.file.path), ...l.compactedFrom]))];
  const first = live[0].profile;
  const baseComments = first.comment
    .map((i) => first.stringTable.strings[Number(i)] ?? '')
    .filter((c) => !c.startsWith(COMPACTED) && !c.startsWith('collected_at='));
  const comments = [...baseComments, `collected_at=${new Date(group.hour).toISOString()}`, `${COMPACTED}${names.join(',')}`];
  let merged: Profile;
  if (isSnapshot(group.typeFolder)) {
    merged = live[live.length - 1].profile;
    merged.comment = comments.map((c) => merged.stringTable.dedup(c));
  } else {
    merged = mergePprof(live.map((l) => l.profile), comments);
  }
  const bytes = gzipSync(merged.encode());
  parseProfile(bytes, 'the merged profile');
  const written = await writeStoreProfile(root, { service: group.service, version: group.version, type: group.typeFolder, timeMs: group.hour, bytes });
  for (const l of live) deleted.push(await remove(l.file.path));
  return { written, deleted };
}

/** Heap and goroutine folders hold snapshots, not windows. */
function isSnapshot(typeFolder: string): boolean {
  const family = canonicalTypeInfo(canonicalProfileType(typeFolder) ?? '')?.family;
  return family === 'memory' || family === 'goroutine';
}

async function remove(path: string): Promise<string> {
  await unlink(path).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'ENOENT') throw e;
  });
  return path;
}
