// The profile worker's decoded profiles: the last two sets of files (as the core's ProfileCache, which decodes a
// file in both sets once), keyed by each file's version (path, size, time) so a rewritten file is decoded again.
// Flame graphs of time windows overlap — the big profile alone, with the next one, with the next two — and each
// decoded 80 MB profile is ~250 MB of columns.
import type { ProfileLimits } from '../core/profile/limits';
import type { Profile } from '../core/profile/model';
import { kindOf, ProfileCache } from '../core/workspace/buildWorkspaceProfile';
import { decodeFiles } from './decodeFiles';
import { fileVersionKey } from './fileVersion';

export class DecodedProfiles extends ProfileCache {
  /**
   * The files decoded one at a time (see decodeFiles: giving way before each, a store's unreadable files left out):
   * the files kept, and their profiles of the kind with `typeName` (a file may hold several kinds), the same array
   * for the same set and kind (callers key further caches on it).
   */
  async load(sources: readonly string[], limits: Partial<ProfileLimits>, step: () => Promise<void>, unreadable?: (file: string, reason: string) => void, typeName?: string): Promise<{ sources: readonly string[]; profiles: Profile[] }> {
    const { hit, fileKeys, known } = this.lookup(sources, limits);
    if (hit) return { sources, profiles: kindOf(hit, typeName) };
    const decoded = await decodeFiles(sources, limits, step, unreadable, (_file, i) => known.get(fileKeys[i]));
    const keptKeys = decoded.sources.map((s) => fileKeys[sources.indexOf(s)]);
    return { sources: decoded.sources, profiles: kindOf(this.keep(keptKeys, decoded.files), typeName) };
  }

  protected override fileKey(path: string, limits: Partial<ProfileLimits>): string {
    const k = fileVersionKey(path, limits);
    return typeof k === 'string' ? k : JSON.stringify([path, k.error]); // reading it reports the missing file
  }
}
