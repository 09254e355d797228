// What the profile worker keeps between requests: decoded profiles, the merged stacks of a decoded set, and the
// files it already reported as unreadable. Handlers get it next to their request.
import type { StackSet } from '../core/aggregate/stackSet';
import type { ProfileLimits } from '../core/profile/limits';
import type { Profile } from '../core/profile/model';
import type { FileDescription } from '../sources/profile-metadata';
import { DecodedProfiles } from './decodedProfiles';
import { fileVersionKey } from './fileVersion';

/** Store files never change once written; a listing describes the same few files again and again. */
const MAX_DESCRIPTIONS = 20_000;

export class WorkerState {
  readonly decoded = new DecodedProfiles();
  /** The merged stacks of a decoded set (keyed on the set's array, which the cache hands back while it holds the files). */
  readonly merged = new WeakMap<readonly Profile[], StackSet>();
  private readonly reported = new Set<string>();
  private readonly descriptions = new Map<string, FileDescription>();

  constructor(private readonly tell: (file: string, reason: string) => void) {}

  /** A file that does not decode, told to the extension host once per file and reason. */
  readonly reportBadFile = (file: string, reason: string): void => {
    const key = `${file}\u0000${reason}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.tell(file, reason);
  };

  /** A file's description, remembered per file version (`describe` runs when it is not). */
  async described(file: string, limits: Partial<ProfileLimits>, describe: () => Promise<FileDescription>): Promise<FileDescription> {
    const key = fileVersionKey(file, limits);
    if (typeof key !== 'string') return describe();
    let d = this.descriptions.get(key);
    if (!d) {
      d = await describe();
      if (this.descriptions.size >= MAX_DESCRIPTIONS) this.descriptions.delete(this.descriptions.keys().next().value!);
      this.descriptions.set(key, d);
    }
    return d;
  }

  /** Lets decoded profiles go (the worker has been idle a while). */
  release(): void {
    this.decoded.clear();
  }
}
