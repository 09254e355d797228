/**
 * What a view asks of a model: which sample type, which profiles (time range), which samples (label matchers),
 * which frames (frame filter), split how (group-by) — and the answer every aggregation reads, a Selection: the
 * model's stacks (or stacks rewritten by a frame filter or group-by) with one value per stack.
 */
import type { FlatCumSource } from '../aggregate/flatCum';
import type { ValueType } from '../profile/model';
import type { CountSource } from '../diff/significance';
import type { ModelFrames, ModelFunctions, ModelStrings, ProfileModel, StackTable } from '../model/types';
import type { FrameFilter } from './filters';
import type { LabelMatcher } from './labels';
import type { LabelGroupKind } from './labelsGroupBy';

/** Profiles whose time_nanos is in [startMs, endMs) (ms since the epoch); profiles without a time are left out. */
export interface TimeRange {
  readonly startMs: number;
  readonly endMs: number;
}

export type { LabelMatcher } from './labels';
export type { FrameFilter } from './filters';

export interface ProfileQuery {
  /** Sample type: a name (cpu, alloc_space, …) or a 0-based index; default: the model's default type. */
  readonly type?: string | number;
  readonly timeRange?: TimeRange;
  /** Label matchers (labels.ts): all must hold (AND). */
  readonly labels?: readonly LabelMatcher[];
  /** pprof's -tagfocus / -tagignore, in pprof's syntax (labelsTagFilter.ts). */
  readonly tagFocus?: string;
  readonly tagIgnore?: string;
  /** Frame filters with go tool pprof's semantics, and presets (filters.ts). */
  readonly frames?: FrameFilter;
  /** Split the stacks by the values of this label key: a root frame per value (labelsGroupBy.ts). */
  readonly groupBy?: string;
  /** How many of the group-by key's values get a group of their own (default 20); the rest are one "other". */
  readonly groupTop?: number;
}

/**
 * What a query needs besides the model: the workspace's kind of code per frame, for the `app-only` preset ("my
 * code only"), as an index into FRAME_CLASSES (symbolicate/types.ts) per model frame.
 */
export interface SelectContext {
  readonly frameClass?: Uint8Array;
  /** Flat and cum of earlier selections of the same model, to aggregate this one from (the profile worker's). */
  readonly flatCums?: FlatCumSource;
  /**
   * A second sample type (an index) to sum per stack over the same rows, in the same pass (Selection.companion): the
   * flame graph's sample counts beside CPU time, without a selection of their own.
   */
  readonly companionType?: number;
}

/** The groups of a group-by: each is a root frame of its own in the selection's stacks. */
export interface SelectionGroups {
  readonly key: string;
  /** Per group, its title (`endpoint=POST /checkout`, `endpoint: other (12 values)`, `no endpoint`). */
  readonly titles: readonly string[];
  readonly kinds: readonly LabelGroupKind[];
  /** Per group, the frame id of its root frame in the selection's frames. */
  readonly frame: Int32Array;
  /** Per group, its share of the selection: the sum of |value| of its rows. */
  readonly total: Float64Array;
}

/**
 * Stacks a query sums rows into in place of the model's (a frame filter or group-by rewrites them): its own frame
 * and function tables (the model's, extended) and, per model stack, the stack it becomes (-1: dropped).
 * Frames and functions past the model's counts are made up by the query (a group's root frame, a run of
 * dependency code under `app-only`): columns indexed by model frame (a workspace mapping) do not cover them.
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
  /**
   * SelectContext.companionType and, per stack, its values summed over the selected rows: what selecting that type
   * with the same query gives as its value. Undefined when not asked for.
   */
  readonly companion?: { readonly typeIndex: number; readonly value: Float64Array };
  /** Where `count` comes from (diff/significance.ts). */
  readonly countSource: CountSource;
  /** pprof's total (aggregate/absoluteTotal.ts): the sum of |value| over the selected rows, or over the diff base's. */
  readonly total: number;
  /** The same of the counts; 0 without counts. */
  readonly countTotal: number;
  /** Selected rows with a nonzero value, and the profiles selected by the time range (to say "matches nothing"). */
  readonly matchedRows: number;
  readonly matchedProfiles: number;
  /** 1 per selected profile (by the time range). */
  readonly profileSelected: Uint8Array;
  /** Earliest nonzero time_nanos and summed duration_nanos of the selected profiles (0 when unknown). */
  readonly timeNanos: number;
  readonly durationNanos: number;
  /** Per model label set: the summed values (and counts) of its selected rows — what a label picker offers. */
  readonly labelSetValue: Float64Array;
  readonly labelSetCount: Float64Array | undefined;
  /** Set when the query groups by a label. */
  readonly groups?: SelectionGroups;
  /** What a person should know about the filters: patterns that matched no frame, values too long to match... */
  readonly notes: readonly string[];
  /** Where aggregations of this selection find earlier ones' flat and cum (SelectContext.flatCums). */
  readonly flatCums?: FlatCumSource;
}
