// What the editor asks the profile worker to analyse: a set of profile files, mapped onto the workspace folders.
// Decoding, merging, aggregation and symbolication run there so the extension host's main thread never blocks on a
// large profile (the worker channel's vocabulary is in workerProtocol.ts).
import type { ProfileHints } from './profileSelection';

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
  readonly limits: { maxDecompressedBytes: number; maxSamples: number; maxStrings: number };
  /** What the source knows about the files (e.g. the store's <service>/<version>/ folders), used when labels are silent. */
  readonly hints?: ProfileHints;
  /** Files that do not decode are left out (and reported once) rather than failing the load: a store's files. */
  readonly skipUnreadable?: boolean;
}
