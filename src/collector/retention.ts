/**
 * Store retention: deletes profiles older than `maxAgeMs` (by the time in their file name), then the oldest
 * profiles until the store's profiles total at most `maxBytes`. Only files in the store's own layout
 * (`<service>/<version>/<type>/<millis>.pb.gz`) are candidates: files a user dropped in by hand are never deleted.
 * Writers' temp files left behind by a crash (hidden `.…tmp`, older than an hour) are removed too. Emptied
 * folders are removed. Safe while writers run: a file that vanishes meanwhile is skipped.
 */
import { readdir, rmdir, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseLayoutPath } from '../sources/store/layout';

export interface RetentionPolicy {
  readonly maxAgeMs?: number;
  readonly maxBytes?: number;
}

export interface StoreFile {
  readonly path: string;
  readonly timeMs: number;
  readonly size: number;
  readonly service: string;
  readonly version: string;
  readonly typeFolder: string;
}

export interface RetentionResult {
  readonly deleted: readonly string[];
  readonly keptBytes: number;
}

const STALE_TEMP_MS = 3_600_000;
const RECENT_FOLDER_MS = 60_000;

export async function applyRetention(root: string, policy: RetentionPolicy, now = Date.now()): Promise<RetentionResult> {
  const files = await listStoreFiles(root);
  const deleted: string[] = [];
  const remove = async (f: StoreFile) => {
    try {
      await unlink(f.path);
      deleted.push(f.path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  };
  let kept = files.sort((a, b) => a.timeMs - b.timeMs || a.path.localeCompare(b.path));
  if (policy.maxAgeMs !== undefined) {
    const cutoff = now - policy.maxAgeMs;
    for (const f of kept.filter((f) => f.timeMs < cutoff)) await remove(f);
    kept = kept.filter((f) => f.timeMs >= cutoff);
  }
  let total = kept.reduce((sum, f) => sum + f.size, 0);
  if (policy.maxBytes !== undefined) {
    while (total > policy.maxBytes && kept.length > 0) {
      const oldest = kept.shift()!;
      await remove(oldest);
      total -= oldest.size;
    }
  }
  await removeEmptyFolders(root, true, new Set(deleted.map((p) => dirname(p))));
  return { deleted, keptBytes: total };
}

/** Every layout profile in the store (and, as a side effect, removes stale temp files). */
export async function listStoreFiles(root: string): Promise<StoreFile[]> {
  // Temp files age by the real clock (their mtime), whatever `now` a caller evaluates retention at.
  const now = Date.now();
  const out: StoreFile[] = [];
  const walk = async (dir: string, segments: string[]) => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    for (const d of entries) {
      const path = join(dir, d.name);
      if (d.isDirectory() && segments.length < 3) await walk(path, [...segments, d.name]);
      else if (d.isFile() && segments.length === 3) {
        const s = await stat(path).catch(() => undefined);
        if (!s) continue;
        if (d.name.startsWith('.') && d.name.endsWith('.tmp')) {
          if (now - s.mtimeMs > STALE_TEMP_MS) await unlink(path).catch(() => {});
          continue;
        }
        const layout = parseLayoutPath([...segments, d.name]);
        if (layout) out.push({ path, timeMs: layout.timeMs, size: s.size, service: layout.service, version: layout.version, typeFolder: layout.typeFolder });
      }
    }
  };
  await walk(root, []);
  return out;
}

/**
 * Removes folders left empty. A writer makes its folders, then its temp file, so an empty folder touched in the
 * last minute is left alone unless this pass emptied it (deleted files in it, or removed all its subfolders).
 */
async function removeEmptyFolders(dir: string, isRoot: boolean, emptiedHere: ReadonlySet<string>): Promise<boolean> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  let empty = true;
  let removedChildren = 0;
  for (const d of entries) {
    if (d.isDirectory() && (await removeEmptyFolders(join(dir, d.name), false, emptiedHere))) {
      removedChildren++;
      continue;
    }
    empty = false;
  }
  if (!empty || isRoot) return false;
  if (!emptiedHere.has(dir) && removedChildren === 0) {
    const s = await stat(dir).catch(() => undefined);
    if (!s || Date.now() - s.mtimeMs < RECENT_FOLDER_MS) return false;
  }
  // rmdir refuses a folder that is no longer empty (a writer got there first), which is what we want.
  return rmdir(dir).then(() => true, () => false);
}
