// Decodes a set of profile files one at a time, giving way before each (`step`). A file that does not decode fails
// the set — or, when `unreadable` is given (a store's files), is told to it and left out; the set fails only when no
// file decodes. Returns the files kept, in order, with their profiles.
import { ProfileError } from '../core/profile/errors';
import type { ProfileLimits } from '../core/profile/limits';
import type { Profile } from '../core/profile/model';
import { readProfileFile } from '../core/profile/parse';

export interface DecodedFiles {
  readonly sources: readonly string[];
  readonly profiles: Profile[];
}

export async function decodeFiles(
  sources: readonly string[], limits: Partial<ProfileLimits>, step: () => Promise<void>,
  unreadable?: (file: string, reason: string) => void, decoded?: (file: string, index: number) => Profile | undefined,
): Promise<DecodedFiles> {
  const kept: string[] = [];
  const profiles: Profile[] = [];
  for (let i = 0; i < sources.length; i++) {
    let p = decoded?.(sources[i], i);
    if (!p) {
      await step();
      try {
        p = readProfileFile(sources[i], limits);
      } catch (e) {
        if (!unreadable || !(e instanceof ProfileError)) throw e;
        unreadable(sources[i], e.message);
        continue;
      }
    }
    kept.push(sources[i]);
    profiles.push(p);
  }
  if (profiles.length === 0) throw new ProfileError(sources.length === 1 ? sources[0] : `${sources.length} profiles`, 'none of them could be read (see the PerfLens log for each)');
  return { sources: kept, profiles };
}
