// Which profiles of the local store to show by default: the store layout is
// <service>/<version>/<profile type>/<unix millis>.pb.gz; the newest version (by newest profile) wins, and within
// it CPU profiles, else the type with the most profiles.
import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

export interface StoreEntry {
  readonly path: string;
  readonly service: string;
  readonly version: string;
  readonly type: string;
  readonly mtimeMs: number;
}

export interface StoreGroup {
  readonly service: string;
  readonly version: string;
  readonly type: string;
  readonly files: readonly StoreEntry[];
}

const PROFILE_FILE = /\.(pb\.gz|pprof|pb|prof)$/;
const MAX_FILES = 10_000;

export async function listStoreProfiles(root: string): Promise<StoreEntry[]> {
  const found: StoreEntry[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth > 6 || found.length >= MAX_FILES) return;
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p, depth + 1);
      else if (e.isFile() && PROFILE_FILE.test(e.name)) {
        const parts = relative(root, p).split(sep);
        const [service, version, type] = parts.length === 4 ? parts : ['unknown', 'unknown', 'unknown'];
        const s = await stat(p).catch(() => undefined);
        if (s) found.push({ path: p, service, version, type, mtimeMs: s.mtimeMs });
      }
    }
  };
  await walk(root, 0);
  return found;
}

/** Every (type) group of one service version, largest first: what the type switch offers besides the loaded files. */
export function groupsOfVersion(entries: readonly StoreEntry[], service: string, version: string): StoreGroup[] {
  const byType = new Map<string, StoreEntry[]>();
  for (const e of entries) {
    if (e.service !== service || e.version !== version || e.type === 'unknown') continue;
    byType.set(e.type, [...(byType.get(e.type) ?? []), e]);
  }
  return [...byType].map(([type, files]) => ({ service, version, type, files })).sort((a, b) => b.files.length - a.files.length);
}

export function pickDefaultGroup(entries: readonly StoreEntry[]): StoreGroup | undefined {
  if (entries.length === 0) return undefined;
  const newest = [...entries].sort((a, b) => b.mtimeMs - a.mtimeMs)[0];
  const sameVersion = entries.filter((e) => e.service === newest.service && e.version === newest.version);
  const counts = new Map<string, number>();
  for (const e of sameVersion) counts.set(e.type, (counts.get(e.type) ?? 0) + 1);
  const type = counts.has('cpu') ? 'cpu' : [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
  const files = type === 'unknown' ? [newest] : sameVersion.filter((e) => e.type === type);
  return { service: newest.service, version: newest.version, type, files };
}
