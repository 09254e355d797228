/**
 * StackSet: one or more profiles of the same type merged into unique stacks with summed values — the input of
 * every aggregation (flat/cum tables, call tree, sandwich).
 *
 * Identity is by source, not by the files' ids (which differ between files):
 * - a function is (name, filename), as pprof's `-filefunctions` granularity;
 * - a frame is (function, line number); columns and addresses are ignored, like pprof's default aggregation;
 * - a location is its chain of frames, innermost inlined frame first;
 * - a stack is its chain of locations, leaf first. Identical stacks from different files are summed into one.
 *   Within a single file samples are taken as written (pprof writers already aggregate identical stacks; a stack
 *   may still repeat, e.g. with different labels). Every consumer sums values, so repeats only cost time.
 * Sample labels are not part of a stack's identity (they are dropped by the merge).
 *
 * A location without lines (an unsymbolized address) or a line with function_id 0 becomes a frame of a
 * placeholder function named like pprof does: `[<mapping file base name>]`, or `<unknown>` with no mapping.
 *
 * Stacks are not copied: each stack points at the first sample that had it (`stacks.source`, `stacks.sample`)
 * and reads that sample's location list through `inputs[source]`, translated to merged location indices by
 * `inputs[source].toMerged`. With a single input both arrays are undefined: stack s is sample s of input 0
 * (saves two arrays of the sample count). Use `stackInput`/`stackSample`/`stackLocations` (or copy their loops).
 * values may be the single input profile's own `samples.values` (shared; never modified).
 */
import type { ValueType } from '../profile/model';
import type { Strings } from './mergedStrings';

export interface StackSetFunctions {
  readonly count: number;
  /** Indices into StackSet.strings. */
  readonly name: Int32Array;
  readonly systemName: Int32Array;
  readonly file: Int32Array;
  /** start_line of the first definition seen with a nonzero one; 0 when unknown. */
  readonly startLine: Float64Array;
}

/** Unique (function, line) pairs. */
export interface StackSetFrames {
  readonly count: number;
  readonly function: Int32Array;
  readonly line: Float64Array;
}

/** Unique chains of frames: location l is frames `frameList[frameStart[l] .. frameStart[l + 1])`, innermost first. */
export interface StackSetLocations {
  readonly count: number;
  readonly frameStart: Int32Array;
  readonly frameList: Int32Array;
}

export interface StackSetInput {
  /** The merged profile's source (file name). */
  readonly source: string;
  /** The profile's own sample → location CSR (shared, not copied). */
  readonly locationStart: Int32Array;
  readonly locations: Int32Array;
  /** Profile location index → merged location index. */
  readonly toMerged: Int32Array;
  /** Per profile sample, 1 for a diff base sample (absoluteTotal.ts); undefined when the profile has none. */
  readonly diffBase?: Uint8Array;
}

export interface StackSet {
  readonly sampleTypes: readonly ValueType[];
  /** Index of the type to show when the user names none: default_sample_type if set, else the last type (pprof). */
  readonly defaultTypeIndex: number;
  readonly defaultSampleType: string;
  readonly periodType: ValueType | undefined;
  /** Largest period of the inputs (as pprof's merge). */
  readonly period: number;
  /** Earliest nonzero time_nanos of the inputs; 0 if none. */
  readonly timeNanos: number;
  /** Sum of the inputs' duration_nanos. */
  readonly durationNanos: number;
  /** Deduplicated function and file names, decoded on demand (`strings.get(i)`); index 0 is "". */
  readonly strings: Strings;
  readonly functions: StackSetFunctions;
  readonly frames: StackSetFrames;
  readonly locations: StackSetLocations;
  readonly inputs: readonly StackSetInput[];
  readonly stacks: {
    readonly count: number;
    /** Input index holding the stack's first sample; undefined with one input (then always 0). */
    readonly source: Int32Array | undefined;
    /** That sample's index in its profile; undefined with one input (then stack s is sample s). */
    readonly sample: Int32Array | undefined;
  };
  /** stacks.count × sampleTypes.length summed values, row-major (value of type t: `values[s * types + t]`). */
  readonly values: Float64Array;
}

/**
 * Writes the merged location indices of stack `s` (leaf first) into `out` (which must be long enough; the
 * deepest stack of a set is at most the longest sample) and returns how many there are.
 */
export function stackLocations(set: StackSet, s: number, out: Int32Array): number {
  const input = set.inputs[stackInput(set, s)];
  const sample = stackSample(set, s);
  const start = input.locationStart[sample];
  const end = input.locationStart[sample + 1];
  for (let i = start; i < end; i++) out[i - start] = input.toMerged[input.locations[i]];
  return end - start;
}

/** Index (into `inputs`) of the input holding stack s. */
export function stackInput(set: StackSet, s: number): number {
  return set.stacks.source === undefined ? 0 : set.stacks.source[s];
}

/** Index of the sample (in its input profile) that stack s reads its locations from. */
export function stackSample(set: StackSet, s: number): number {
  return set.stacks.sample === undefined ? s : set.stacks.sample[s];
}

/** Length of the longest stack, for sizing scratch arrays. */
export function maxStackDepth(set: StackSet): number {
  let max = 0;
  for (let s = 0; s < set.stacks.count; s++) {
    const input = set.inputs[stackInput(set, s)];
    const sample = stackSample(set, s);
    const depth = input.locationStart[sample + 1] - input.locationStart[sample];
    if (depth > max) max = depth;
  }
  return max;
}

/** Convenience accessors for reading names without touching the columns. */
export function functionName(set: StackSet, f: number): string {
  return set.strings.get(set.functions.name[f]);
}

export function functionFile(set: StackSet, f: number): string {
  return set.strings.get(set.functions.file[f]);
}

