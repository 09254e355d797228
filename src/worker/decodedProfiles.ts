// The profile worker's decoded profiles: the last two sets of files (as the core's ProfileCache), but a file in both
// sets is decoded once and shared. Flame graphs of time windows overlap — the big profile alone, with the next one,
// with the next two — and each decoded 80 MB profile is ~250 MB of columns.
import { statSync } from 'node:fs';
import { ProfileCache } from '../core/workspace/buildWorkspaceProfile';
import type { ProfileLimits } from '../core/profile/limits';
import type { Profile } from '../core/profile/model';
import { readProfileFile } from '../core/profile/parse';

interface CachedSet {
  readonly key: string;
  readonly fileKeys: readonly string[];
  readonly profiles: Profile[];
}

export class DecodedProfiles extends ProfileCache {
  private readonly sets: CachedSet[] = [];

  constructor(private readonly setCapacity = 2) {
    super(0);
  }

  /** The same array for the same files and limits while they are cached (callers key further caches on it). */
  override read(sources: readonly string[], limits: Partial<ProfileLimits>): Profile[] {
    const fileKeys = sources.map((s) => fileKey(s, limits));
    const key = JSON.stringify(fileKeys);
    const at = this.sets.findIndex((e) => e.key === key);
    if (at >= 0) {
      const [hit] = this.sets.splice(at, 1);
      this.sets.unshift(hit);
      return hit.profiles;
    }
    const known = new Map<string, Profile>();
    for (const set of this.sets) set.fileKeys.forEach((k, i) => known.set(k, set.profiles[i]));
    const profiles = sources.map((s, i) => known.get(fileKeys[i]) ?? readProfileFile(s, limits));
    this.sets.unshift({ key, fileKeys, profiles });
    this.sets.length = Math.min(this.sets.length, this.setCapacity);
    return profiles;
  }

  /** Lets every decoded profile go (the worker has been idle a while). */
  clear(): void {
    this.sets.length = 0;
  }
}

/** A file as decoded: its path, size and time (a rewritten file is decoded again), and the limits it was read with. */
function fileKey(path: string, limits: Partial<ProfileLimits>): string {
  try {
    const s = statSync(path);
    return JSON.stringify([path, s.size, s.mtimeMs, limits]);
  } catch {
    return JSON.stringify([path, -1, -1, limits]); // readProfileFile reports the missing file
  }
}
