// The symbolicated profile as the editor sees it: costs already mapped to workspace files and today's lines.
// Built in the profile worker (buildWorkspaceProfile.ts) from a model's selection and its workspace mapping; plain
// data, so it crosses worker and webview boundaries by structured clone.
import type { LineCost } from '../aggregate/lineCosts';
import type { SpanNameCost } from '../aggregate/spanNames';
import type { ValueType } from '../profile/model';
import type { FrameClass } from '../symbolicate/types';

export type { LineCost } from '../aggregate/lineCosts';

export interface FileCost {
  /** Absolute path on this machine, inside a workspace folder. */
  readonly path: string;
  /** Path relative to its workspace folder, forward slashes. */
  readonly relativePath: string;
  readonly flat: number;
  readonly cum: number;
  /** Sorted by line. */
  readonly lines: readonly LineCost[];
}

export interface CallEdge {
  /** Index into WorkspaceProfile.functions. */
  readonly fn: number;
  /** Cost flowing along the edge (cum of the callee under this caller). */
  readonly value: number;
}

export interface FunctionCost {
  readonly name: string;
  /** The file as the profile names it. */
  readonly profileFile: string;
  /** The workspace file it maps to, if any (absolute path). */
  readonly path?: string;
  readonly class: FrameClass;
  /** Lowest line (current text, 1-based) where the function has cost in `path`; 0 when unknown. */
  readonly firstLine: number;
  readonly flat: number;
  readonly cum: number;
  /** Top callers and callees by value, largest first. */
  readonly callers: readonly CallEdge[];
  readonly callees: readonly CallEdge[];
  /** The span names (endpoints) that spend the most in it, costliest first, when samples carry span names. */
  readonly spanNames?: readonly SpanNameCost[];
}

export interface Coverage {
  readonly app: number;
  readonly dependency: number;
  readonly runtime: number;
  readonly unmapped: number;
}

export interface UnmappedPath {
  readonly path: string;
  readonly cost: number;
  readonly reason: string;
}

export interface WorkspaceProfile {
  /** Files the profile was merged from. */
  readonly sources: readonly string[];
  /** The profile's sample types (`cpu`/`nanoseconds`...), as the decoder names them. */
  readonly sampleTypes: readonly ValueType[];
  readonly typeIndex: number;
  readonly type: string;
  readonly unit: string;
  readonly total: number;
  /** Earliest sample time (ms since epoch) and summed duration (ms); 0 when the profile does not say. */
  readonly startMs: number;
  readonly durationMs: number;
  /** Number of samples (distinct stacks × their counts are not known for every type: this is stacks merged). */
  readonly sampleCount: number;
  readonly service?: string;
  readonly version?: string;
  /** The commit the profile was taken at, when known; line drift was applied against it. */
  readonly gitRef?: string;
  readonly files: readonly FileCost[];
  /** Sorted by cum descending. */
  readonly functions: readonly FunctionCost[];
  readonly coverage: Coverage;
  readonly unmapped: readonly UnmappedPath[];
  /** Human-readable notes (e.g. "line drift skipped: workspace not trusted"). */
  readonly notes: readonly string[];
  /**
   * When the functions' callers, callees and span names come later than the rest (the editor's heat does not wait for
   * them): resolves once they are in (never rejects). Calling it says someone waits for them (a hover): they are
   * counted before other background work. Absent: they came with it.
   */
  readonly functionDetails?: () => Promise<void>;
}
