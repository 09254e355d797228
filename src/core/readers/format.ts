/** What each reader of a profile format gives the dispatcher (index.ts). */
import type { ProfileLimits } from '../profile/limits';
import type { Profile } from '../profile/model';

export interface ProfileFormat {
  /** The format's name in messages: "pprof", "collapsed stacks"... */
  readonly name: string;
  /** How the one-line "what is accepted" message names it, with what makes it (".cpuprofile from Node/Chrome"). */
  readonly accepts: string;
  /**
   * Whether the (decompressed) bytes are in this format, from their first bytes only: cheap, and sure enough that
   * a file detected as this format and refused by `read` gets this reader's error, not another's.
   */
  detect(bytes: Uint8Array): boolean;
  /** The profiles in the file (one per sample-type group). Throws ProfileError naming `source`. */
  read(bytes: Uint8Array, source: string, limits: ProfileLimits): Profile[];
}
