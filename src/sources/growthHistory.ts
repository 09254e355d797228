/**
 * The in-use heap snapshots `perflens growth` and the editor's Memory growth view (in the profile worker) read: a
 * store's last files of one service and memory type in a time range, each reduced to its allocation sites'
 * in-use (and, with Go's cumulative figures, allocated) values (core/trends/snapshotSites.ts). Unreadable files
 * are skipped with a warning; a cache keeps what was read for the next ask.
 */
import { statSync } from 'node:fs';
import { ProfileError } from '../core/profile/errors';
import type { ProfileLimits } from '../core/profile/limits';
import type { Profile } from '../core/profile/model';
import { parseProfile, readProfileFile } from '../core/profile/parse';
import type { Snapshot } from '../core/trends/growth';
import { snapshotSites } from '../core/trends/snapshotSites';
import { KeyIndex } from '../core/trends/summary';
import { sampleTypeFor } from './profile-types';
import type { LocalStore } from './store/local-store';
import type { TimeRange } from './types';

export interface GrowthHistory {
  readonly snapshots: readonly Snapshot[];
  /** Site keys (core/trends/allocationSites siteKey) by the snapshots' ids. */
  readonly index: KeyIndex;
  /** The in-use sample type read (inuse_space…) and its unit. */
  readonly type: string;
  readonly unit: string;
  /** The newest snapshot read, decoded (where the sites' frames are mapped onto the workspace). */
  readonly last?: Profile;
  readonly notes: readonly string[];
}

/**
 * What one store's snapshots reduced to, kept between two asks (the profile worker's): per file version (path,
 * size, modification time) its snapshot, with site ids of the one shared index. Bounded: the oldest go first.
 */
export class SnapshotCache {
  readonly index = new KeyIndex();
  private readonly entries = new Map<string, { snapshot: Snapshot; type: string; unit: string }>();

  constructor(private readonly maxEntries = 1000) {}

  get(stamp: string): { snapshot: Snapshot; type: string; unit: string } | undefined {
    return this.entries.get(stamp);
  }

  set(stamp: string, entry: { snapshot: Snapshot; type: string; unit: string }): void {
    this.entries.set(stamp, entry);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }
}

/** The file's version: a store file rewritten in place (compaction) is read again. */
function stampOf(path: string, type: string): string | undefined {
  try {
    const s = statSync(path);
    return `${path}\u0000${s.size}\u0000${s.mtimeMs}\u0000${type}`;
  } catch {
    return undefined;
  }
}

/** @param cache snapshots already reduced (the newest file is decoded regardless: its frames place the sites) */
export async function storeGrowthHistory(
  store: LocalStore,
  query: { service: string; type: string; range?: TimeRange; last: number; limits?: Partial<ProfileLimits> },
  warn: (m: string) => void,
  step?: () => Promise<void>,
  cache: SnapshotCache = new SnapshotCache(),
): Promise<GrowthHistory> {
  const { index } = cache;
  const snapshots: Snapshot[] = [];
  const notes: string[] = [];
  let unit = '';
  let type = query.type;
  let last: Profile | undefined;
  const files = await store.listFiles({ service: query.service, type: query.type, range: query.range });
  if (files.length > query.last) notes.push(`the last ${query.last} of ${files.length} snapshots${query.range ? ' in the period' : ''}`);
  const kept = files.slice(-query.last);
  for (const [i, file] of kept.entries()) {
    const stamp = stampOf(file.path, query.type);
    const known = stamp === undefined ? undefined : cache.get(stamp);
    if (known && i < kept.length - 1) {
      ({ unit, type } = known);
      snapshots.push(known.snapshot);
      continue;
    }
    await step?.();
    try {
      const profile = readProfileFile(file.path, query.limits);
      const s = snapshotSites(profile, sampleTypeFor(query.type), index);
      unit = s.unit;
      type = s.type;
      last = profile;
      const snapshot = { timeMs: s.timeMs || file.timeMs, sites: s.sites, period: s.period };
      snapshots.push(snapshot);
      if (stamp !== undefined) cache.set(stamp, { snapshot, type, unit });
    } catch (e) {
      if (!(e instanceof ProfileError)) throw e;
      warn(`${e.message}; skipped`);
    }
  }
  return { snapshots, index, type, unit, last, notes };
}

/**
 * One remote bucket: its merged profile (the sum of its snapshots) and what it is divided by to average it over the
 * bucket — its snapshots per series-equivalent (core/trends/bucketDivisors.ts).
 */
export interface MergedBucket {
  readonly startMs: number;
  readonly bytes: Uint8Array;
  readonly origin: string;
  readonly snapshotsPerSeries: number;
}

/**
 * The growth history of a remote source's buckets: each merge's in-use values divided by its snapshots per series
 * — the service's in-use memory (every series together) averaged over the bucket — at the bucket's middle. The
 * cumulative allocation figures are left out: summed over snapshots they say nothing of what a site allocated.
 */
export function bucketGrowthHistory(
  buckets: readonly MergedBucket[], widthMs: number, type: string, warn: (m: string) => void, limits?: Partial<ProfileLimits>,
): GrowthHistory {
  const index = new KeyIndex();
  const snapshots: Snapshot[] = [];
  let unit = '';
  let read = type;
  let last: Profile | undefined;
  for (const b of buckets) {
    if (!(b.snapshotsPerSeries > 0)) continue;
    try {
      const profile = parseProfile(b.bytes, b.origin, limits);
      const s = snapshotSites(profile, sampleTypeFor(type), index);
      const per = 1 / b.snapshotsPerSeries;
      snapshots.push({
        timeMs: b.startMs + widthMs / 2,
        period: s.period,
        sites: { keys: s.sites.keys, values: [s.sites.values[0].map((v) => v * per)], totals: [s.sites.totals[0] * per] },
      });
      ({ unit, type: read } = s);
      last = profile;
    } catch (e) {
      if (!(e instanceof ProfileError)) throw e;
      warn(`${new Date(b.startMs).toISOString()}: ${e.message}; skipped`);
    }
  }
  return { snapshots, index, type: read, unit, last, notes: [] };
}
