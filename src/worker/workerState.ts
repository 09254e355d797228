// What the profile worker keeps between requests: decoded profiles, the merged stacks of a decoded set, and the
// files it already reported as unreadable. Handlers get it next to their request.
import type { StackSet } from '../core/aggregate/stackSet';
import type { Profile } from '../core/profile/model';
import { DecodedProfiles } from './decodedProfiles';

export class WorkerState {
  readonly decoded = new DecodedProfiles();
  /** The merged stacks of a decoded set (keyed on the set's array, which the cache hands back while it holds the files). */
  readonly merged = new WeakMap<readonly Profile[], StackSet>();
  private readonly reported = new Set<string>();

  constructor(private readonly tell: (file: string, reason: string) => void) {}

  /** A file that does not decode, told to the extension host once per file and reason. */
  readonly reportBadFile = (file: string, reason: string): void => {
    const key = `${file}\u0000${reason}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.tell(file, reason);
  };

  /** Lets decoded profiles go (the worker has been idle a while). */
  release(): void {
    this.decoded.clear();
  }
}
