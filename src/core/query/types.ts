/**
 * What a view asks of a model: which sample type, which profiles (time range), which samples (label matchers),
 * which frames (frame filter), split how (group-by) — and the answer every aggregation reads, a Selection: the
 * model's stacks (or stacks rewritten by a frame filter or group-by) with one value per stack.
 */
import type { ValueType } from '../profile/model';
import type { CountSource } from '../diff/significance';
import type { ModelFrames, ModelFunctions, ModelStrings, ProfileModel, StackTable } from '../model/types';
import type { FrameFilter } from './filters';
import type { LabelMatcher } from './labels';

export type { FrameFilter } from './filters';
export type { LabelMatcher } from './labels';

/** Profiles whose time_nanos is in [startMs, endMs) (ms since the epoch); profiles without a time are left out. */
export interface TimeRange {
  readonly startMs: number;
  readonly endMs: number;
}

export interface ProfileQuery {
  /** Sample type: a name (cpu, alloc_space, …) or a 0-based index; default: the model's default type. */
  readonly type?: string | number;
  readonly timeRange?: TimeRange;
  /** All must hold (AND); the label filter language is labels.ts's. */
  readonly labels?: readonly LabelMatcher[];
  readonly frames?: FrameFilter;
  /** Split the stacks by the values of this label key. */
  readonly groupBy?: string;
}

/**
 * Stacks a query sums rows into in place of the model's (a frame filter or group-by rewrites them): its own frame
 * and function tables (the model's, extended) and, per model stack, the stack it becomes (-1: dropped).
 */
export interface StackRewrite {
  readonly strings: ModelStrings;
  readonly functions: ModelFunctions;
  readonly frames: ModelFrames;
  readonly stacks: StackTable;
  readonly stackOf: Int32Array;
}

export interface Selection {
  readonly model: ProfileModel;
  /** The query this selection answers. */
  readonly query: ProfileQuery;
  readonly typeIndex: number;
  readonly sampleType: ValueType;
  /** The model's tables, or a rewrite's. */
  readonly strings: ModelStrings;
  readonly functions: ModelFunctions;
  readonly frames: ModelFrames;
  readonly stacks: StackTable;
  /** Per stack: the summed values of the selected rows, of the selected type. */
  readonly value: Float64Array;
  /** Per stack: the same in sample counts (for the noise test), when the profile has a way to count samples. */
  readonly count: Float64Array | undefined;
  /** Where `count` comes from (diff/significance.ts). */
  readonly countSource: CountSource;
  /** Sum of |value| over the stacks (pprof's total). */
  readonly total: number;
  /** Sum of |count| over the stacks; 0 without counts. */
  readonly countTotal: number;
  /** Selected rows with a nonzero value, and the profiles selected by the time range (to say "matches nothing"). */
  readonly matchedRows: number;
  readonly matchedProfiles: number;
  /** 1 per selected profile (by the time range). */
  readonly profileSelected: Uint8Array;
  /** Earliest nonzero time_nanos and summed duration_nanos of the selected profiles (0 when unknown). */
  readonly timeNanos: number;
  readonly durationNanos: number;
}
