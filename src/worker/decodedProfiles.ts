// The profile worker's decoded profiles: the last two sets of files (as the core's ProfileCache), but a file in both
// sets is decoded once and shared. Flame graphs of time windows overlap — the big profile alone, with the next one,
// with the next two — and each decoded 80 MB profile is ~250 MB of columns.
import { ProfileCache } from '../core/workspace/buildWorkspaceProfile';
import type { ProfileLimits } from '../core/profile/limits';
import type { Profile } from '../core/profile/model';
import { readProfileFile } from '../core/profile/parse';
import { decodeFiles, type DecodedFiles } from './decodeFiles';
import { fileVersionKey } from './fileVersion';

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
    const { hit, fileKeys, known } = this.lookup(sources, limits);
    return hit ?? this.keep(fileKeys, sources.map((s, i) => known.get(fileKeys[i]) ?? readProfileFile(s, limits)));
  }

  /** As read, one file at a time (see decodeFiles: giving way before each, a store's unreadable files left out). */
  async load(sources: readonly string[], limits: Partial<ProfileLimits>, step: () => Promise<void>, unreadable?: (file: string, reason: string) => void): Promise<DecodedFiles> {
    const { hit, fileKeys, known } = this.lookup(sources, limits);
    if (hit) return { sources, profiles: hit };
    const files = await decodeFiles(sources, limits, step, unreadable, (_file, i) => known.get(fileKeys[i]));
    const keptKeys = files.sources.map((s) => fileKeys[sources.indexOf(s)]);
    return { sources: files.sources, profiles: this.keep(keptKeys, files.profiles) };
  }

  /** Lets every decoded profile go (the worker has been idle a while). */
  clear(): void {
    this.sets.length = 0;
  }

  private lookup(sources: readonly string[], limits: Partial<ProfileLimits>) {
    const fileKeys = sources.map((s) => {
      const k = fileVersionKey(s, limits);
      return typeof k === 'string' ? k : JSON.stringify([s, k.error]); // readProfileFile reports the missing file
    });
    const key = JSON.stringify(fileKeys);
    const at = this.sets.findIndex((e) => e.key === key);
    if (at >= 0) {
      const [hit] = this.sets.splice(at, 1);
      this.sets.unshift(hit);
      return { hit: hit.profiles, fileKeys, known: new Map<string, Profile>() };
    }
    const known = new Map<string, Profile>();
    for (const set of this.sets) set.fileKeys.forEach((k, i) => known.set(k, set.profiles[i]));
    return { hit: undefined, fileKeys, known };
  }

  private keep(fileKeys: readonly string[], profiles: Profile[]): Profile[] {
    this.sets.unshift({ key: JSON.stringify(fileKeys), fileKeys, profiles });
    this.sets.length = Math.min(this.sets.length, this.setCapacity);
    return profiles;
  }
}
