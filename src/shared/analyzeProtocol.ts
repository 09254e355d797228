// Messages between the extension host and the profile worker (src/worker/profileWorker.ts): decoding, merging,
// aggregation and symbolication run there so the extension host's main thread never blocks on a large profile.
import type { FlameGraphRequest, ProfileTotal, ProfileTotalsRequest } from './flamegraphProtocol';
import type { ReleaseDiffRequest } from '../core/workspace/buildReleaseDiffView';
import type { ReleaseDiffView } from './releaseDiffView';
import type { WorkspaceProfile } from './workspaceProfile';

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
  readonly hints?: { readonly service?: string; readonly version?: string };
}

export type ToWorker =
  | { readonly id: number; readonly kind: 'analyze'; readonly request: AnalyzeRequest }
  /** The flame graph's call tree; answered by a 'flameGraph' message whose two ArrayBuffers are transferred. */
  | { readonly id: number; readonly kind: 'flameGraph'; readonly request: FlameGraphRequest }
  | { readonly id: number; readonly kind: 'releaseDiff'; readonly request: ReleaseDiffRequest }
  /** Each file's total of one sample type (the flame graph's timeline). */
  | { readonly id: number; readonly kind: 'profileTotals'; readonly request: ProfileTotalsRequest };

export type FromWorker =
  | { readonly id: number; readonly kind: 'progress'; readonly message: string }
  | { readonly id: number; readonly kind: 'result'; readonly profile: WorkspaceProfile }
  | { readonly id: number; readonly kind: 'flameGraph'; readonly tree: ArrayBuffer; readonly annotations: ArrayBuffer }
  /** The view's `flame` ArrayBuffer is transferred. */
  | { readonly id: number; readonly kind: 'releaseDiff'; readonly view: ReleaseDiffView }
  | { readonly id: number; readonly kind: 'profileTotals'; readonly totals: readonly ProfileTotal[] }
  | { readonly id: number; readonly kind: 'error'; readonly message: string };
