// What an editor asks to have analysed: a set of profile files of one sample type, mapped onto the workspace
// folders with the user's path rules, moved to today's lines when git may run. The profile worker answers it with a
// WorkspaceProfile (workspaceProfile.ts); the same workspace settings come with every request that maps profiles.
import type { ProfileLimits } from '../profile/limits';
import type { FrameFilter } from '../query/filters';
import type { LabelMatcher } from '../query/labels';

export interface WorkspaceRoot {
  readonly name: string;
  /** Absolute path of the workspace folder on this machine. */
  readonly path: string;
}

export interface AnalyzeRequest {
  /** Profile files to merge (absolute paths). */
  readonly sources: readonly string[];
  /** Sample type to show (`cpu`, `alloc_space`...); the profile's default when absent. */
  readonly typeName?: string;
  readonly roots: readonly WorkspaceRoot[];
  readonly pathMappings: readonly { from: string; to: string }[];
  /** The commit the profile was taken at when the user set it; else read from the profile's labels. */
  readonly gitRef?: string;
  /** False in untrusted workspaces: no git is run, no line drift. */
  readonly allowGit: boolean;
  readonly limits: ProfileLimits;
  /** What the source knows about the files (e.g. the store's <service>/<version>/ folders), used when labels are silent. */
  readonly hints?: { readonly service?: string; readonly version?: string };
  /** Only the samples whose labels pass these matchers (a link's label selector, a span's or trace's id). */
  readonly labels?: readonly LabelMatcher[];
  /** Frame filters and presets (focus, ignore, hide, show_from, runtime noise, "my code only"); none: every frame. */
  readonly frames?: FrameFilter;
  /** Files that do not decode are left out (and reported once) rather than failing the load: a store's files. */
  readonly skipUnreadable?: boolean;
}
