/**
 * The profile model: every decoded profile of one set of files, merged once, with functions, frames, stacks and
 * label sets interned once. Every view (top, heat, hovers, lenses, Hotspots, flame graph, sandwich, diff) is a
 * query on it (core/query) aggregated by core/aggregate. Built by buildModel (buildModel.ts).
 *
 * Everything is columns of typed arrays indexed by dense ids; memory is per distinct function, frame, stack,
 * label set and (stack, label set, profile) row — never per sample, never an object per row.
 *
 * Identity (as `go tool pprof` aggregates, with `-filefunctions`):
 * - a function is (name, file); a placeholder function stands for code without symbols: `[<binary base name>]`,
 *   or `<unknown>` when the location has no mapping either;
 * - a frame is (function, line, column, binary): one source position. `binary` is the mapping's file for frames of
 *   unsymbolized code (what symbolication resolves them by), 0 for every other frame;
 * - a stack is a sequence of frames, leaf first; a location's inlined lines are expanded innermost first (the
 *   first frame of a location is the code that was running, its last one the real call site). Stacks are interned
 *   across the profiles of a model; a single profile's samples are taken as written (its writer aggregated them:
 *   a stack repeats only with other labels), so two stacks may have the same frames and every reader sums;
 * - a label set is a sorted set of (key, value) labels; set 0 is the empty set;
 * - a row is one (stack, label set, profile) with its values summed over the samples that have them.
 *
 * Strings are ids into `strings` (0 is ""). Lines and columns are 1-based; 0 means unknown.
 */
import type { ValueType } from '../profile/model';

/** Read access to the model's strings; index 0 is "". */
export interface ModelStrings {
  readonly count: number;
  get(i: number): string;
}

/** The files the model was merged from, in the order given to buildModel. */
export interface ModelProfiles {
  readonly count: number;
  /** Where each profile came from (a file name). */
  readonly source: readonly string[];
  /** time_nanos (0 when the profile does not say): a time range selects profiles by it. */
  readonly timeNanos: Float64Array;
  /** duration_nanos (0 when the profile does not say). */
  readonly durationNanos: Float64Array;
  /** Number of samples in each file, as decoded. */
  readonly sampleCount: Float64Array;
  /** Each profile's comments (e.g. `service_git_ref=…` written by some tools). */
  readonly comments: readonly (readonly string[])[];
}

export interface ModelFunctions {
  readonly count: number;
  /** String ids. */
  readonly name: Int32Array;
  readonly systemName: Int32Array;
  readonly file: Int32Array;
  /** start_line of the first definition seen with a nonzero one; 0 when unknown. */
  readonly startLine: Float64Array;
}

export interface ModelFrames {
  readonly count: number;
  /** Function id (always a valid one: placeholders stand for missing functions). */
  readonly function: Int32Array;
  /** 1-based line as profiled; 0 = unknown. */
  readonly line: Float64Array;
  /** 1-based column as profiled; 0 = unknown (most profiles have none). */
  readonly column: Float64Array;
  /** String id of the binary (mapping file) of a frame of unsymbolized code; 0 for every other frame. */
  readonly binary: Int32Array;
}

/**
 * Frame sequences, in compressed rows: stack s is `frames[start[s] .. start[s + 1])`, leaf first. A stack may be
 * empty (a sample without locations: it counts in totals only).
 */
export interface StackTable {
  readonly count: number;
  /** Length count + 1. */
  readonly start: Int32Array;
  /** Frame ids. */
  readonly frames: Int32Array;
}

/**
 * Interned label sets, in compressed rows: set l is entries `start[l] .. start[l + 1])`, sorted by key id then
 * value. A string label has `str` != 0; a numeric label has `str` == 0, its value in `num` and its unit in `unit`
 * (a string id, 0 when none), as profile.proto defines. Set 0 is the empty set.
 */
export interface LabelSetTable {
  readonly count: number;
  readonly start: Int32Array;
  readonly key: Int32Array;
  readonly str: Int32Array;
  readonly num: Float64Array;
  readonly unit: Int32Array;
}

/** The samples, deduplicated by (stack, label set, profile) and summed. */
export interface ModelRows {
  readonly count: number;
  readonly stack: Int32Array;
  readonly labelSet: Int32Array;
  readonly profile: Int32Array;
  /** count × sampleTypes.length values, row-major: value of type t for row r is `values[r * types + t]`. */
  readonly values: Float64Array;
  /**
   * The same layout, each the sum of |value| over the row's samples; only when some sample has a negative value
   * (delta and diff profiles), where it differs from |values|: pprof's total sums |value| per sample, before samples
   * of one stack net out (aggregate/absoluteTotal.ts).
   */
  readonly absValues?: Float64Array;
}

export interface ProfileModel {
  readonly strings: ModelStrings;
  /** The sample types every profile of the model has (names and units, in this order). */
  readonly sampleTypes: readonly ValueType[];
  /** Index of the type to show when none is asked for: default_sample_type if set, else the last type (pprof). */
  readonly defaultTypeIndex: number;
  /** default_sample_type as the first profile names it; "" when not set. */
  readonly defaultSampleType: string;
  readonly periodType: ValueType | undefined;
  /** The largest period of the profiles (as pprof's merge). */
  readonly period: number;
  readonly profiles: ModelProfiles;
  readonly functions: ModelFunctions;
  readonly frames: ModelFrames;
  readonly stacks: StackTable;
  readonly labelSets: LabelSetTable;
  readonly rows: ModelRows;
  /** What the build changed or left out, in words a user understands (labels capped, drop_frames ignored...). */
  readonly notes: readonly string[];
}

/** Bytes held by the model's columns (strings not counted): what a cache of models weighs. */
export function modelBytes(model: ProfileModel): number {
  const { functions: fn, frames: fr, stacks: st, labelSets: ls, rows, profiles } = model;
  const columns = [fn.name, fn.systemName, fn.file, fn.startLine, fr.function, fr.line, fr.column, fr.binary, st.start, st.frames,
    ls.start, ls.key, ls.str, ls.num, ls.unit, rows.stack, rows.labelSet, rows.profile, rows.values, profiles.timeNanos, profiles.durationNanos, profiles.sampleCount];
  return columns.reduce((sum, c) => sum + c.byteLength, 0);
}
