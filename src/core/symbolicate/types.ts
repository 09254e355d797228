// Shared vocabulary of the symbolication core. Everything here is plain data so the CLI, the extension host and a
// worker thread can pass it around (structured clone) without classes.

/** Where a frame's code comes from, as the user thinks about it. */
export type FrameClass = 'app' | 'dependency' | 'runtime' | 'unknown';

/** The classes in a fixed order, so a class can be stored as its index in a typed array (one byte per frame). */
export const FRAME_CLASSES: readonly FrameClass[] = ['app', 'dependency', 'runtime', 'unknown'];

/** A file inside one workspace root, named by the root's index and a forward-slash path relative to it. */
export interface WorkspaceFile {
  root: number;
  path: string;
}

/** Which step of the resolution chain produced an answer; shown to the user as "why is this here?". */
export type ResolutionStep =
  | 'user-rule'
  | 'pyroscope-config'
  | 'learned-rule'
  | 'inside-root'
  | 'go-module'
  | 'go-stdlib'
  | 'go-module-cache'
  | 'go-vendor'
  | 'node-internal'
  | 'node-modules'
  | 'python-stdlib'
  | 'python-site-packages'
  | 'rust-std'
  | 'rust-crate'
  | 'dotnet-type'
  | 'dotnet-runtime'
  | 'java-class'
  | 'jvm-runtime'
  | 'pseudo-frame'
  | 'native'
  | 'suffix-match'
  | 'source-map'
  | 'none';

/** The answer for one distinct profile path (plus function name where the path alone is not enough). */
export interface PathResolution {
  class: FrameClass;
  /** Set when the code is a file of the workspace (also for vendored / node_modules dependencies). */
  file?: WorkspaceFile;
  /** 0..1: 1 = certain (rule or exact module path), lower for suffix guesses, ambiguous picks lower still. */
  confidence: number;
  via: ResolutionStep;
  /** Why the path is not an app file (or how unsure the mapping is), in words a user understands. */
  reason?: string;
  /** Other workspace files that matched equally well: the mapping is a guess and is reported as such. */
  ambiguous?: WorkspaceFile[];
  /** For dependencies: the package/module and version when the path names them. */
  dependency?: { name: string; version?: string };
}

/** Reads a workspace file's text; undefined when it does not exist or may not be read. */
export type ReadWorkspaceText = (file: WorkspaceFile) => Promise<string | undefined>;
