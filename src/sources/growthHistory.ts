/**
 * The in-use heap snapshots `perflens growth` and the editor's Memory growth view (in the profile worker) read: a
 * store's last files of one service and memory type in a time range, each reduced to its allocation sites'
 * in-use (and, with Go's cumulative figures, allocated) values (core/trends/snapshotSites.ts). Unreadable files
 * are skipped with a warning.
 */
import { ProfileError } from '../core/profile/errors';
import type { ProfileLimits } from '../core/profile/limits';
import type { Profile } from '../core/profile/model';
import { readProfileFile } from '../core/profile/parse';
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

export async function storeGrowthHistory(
  store: LocalStore,
  query: { service: string; type: string; range?: TimeRange; last: number; limits?: Partial<ProfileLimits> },
  warn: (m: string) => void,
  step?: () => Promise<void>,
): Promise<GrowthHistory> {
  const index = new KeyIndex();
  const snapshots: Snapshot[] = [];
  const notes: string[] = [];
  let unit = '';
  let type = query.type;
  let last: Profile | undefined;
  const files = await store.listFiles({ service: query.service, type: query.type, range: query.range });
  if (files.length > query.last) notes.push(`the last ${query.last} of ${files.length} snapshots${query.range ? ' in the period' : ''}`);
  for (const file of files.slice(-query.last)) {
    await step?.();
    try {
      const profile = readProfileFile(file.path, query.limits);
      const s = snapshotSites(profile, sampleTypeFor(query.type), index);
      unit = s.unit;
      type = s.type;
      last = profile;
      snapshots.push({ timeMs: s.timeMs || file.timeMs, sites: s.sites, period: s.period });
    } catch (e) {
      if (!(e instanceof ProfileError)) throw e;
      warn(`${e.message}; skipped`);
    }
  }
  return { snapshots, index, type, unit, last, notes };
}
