// Decodes a set of profile files one at a time, giving way before each (`step`). A file that does not decode fails
// the set — or, when `unreadable` is given (a store's files), is told to it and left out; the set fails only when no
// file decodes. Returns the files kept, in order, with each file's profiles (one per kind: readers/groups.ts).
import { ProfileError } from '../core/profile/errors';
import type { ProfileLimits } from '../core/profile/limits';
import type { Profile } from '../core/profile/model';
import { readProfilesFile } from '../core/readers';

export interface DecodedFiles {
  readonly sources: readonly string[];
  readonly files: Profile[][];
}

export async function decodeFiles(
  sources: readonly string[], limits: Partial<ProfileLimits>, step: () => Promise<void>,
  unreadable?: (file: string, reason: string) => void, decoded?: (file: string, index: number) => Profile[] | undefined,
): Promise<DecodedFiles> {
  const kept: string[] = [];
  const files: Profile[][] = [];
  for (let i = 0; i < sources.length; i++) {
    let p = decoded?.(sources[i], i);
    if (!p) {
      await step();
      try {
        p = await readProfilesFile(sources[i], sources[i], limits);
      } catch (e) {
        if (!unreadable || !(e instanceof ProfileError)) throw e;
        unreadable(sources[i], e.message);
        continue;
      }
    }
    kept.push(sources[i]);
    files.push(p);
  }
  if (files.length === 0) throw new ProfileError(sources.length === 1 ? sources[0] : `${sources.length} profiles`, 'none of them could be read (see the PerfLens log for each)');
  return { sources: kept, files };
}
