/**
 * The decoded pprof profile, in columns.
 *
 * Every table of profile.proto becomes a set of typed arrays indexed by a dense index (0..count-1, in file order),
 * never an object per sample. Cross references (sample → location, location → mapping, line → function) are
 * already resolved to those dense indices: the arbitrary uint64 ids of the file survive only in the `id` columns.
 * Strings are indices into `strings` (a lazily decoding StringTable); index 0 is "".
 *
 * Numbers:
 * - int64 fields (sample values, label numbers, line numbers, times, period) are JS numbers: exact for
 *   |v| < 2^53, rounded to the nearest double beyond that (2^53 ns is 104 days; 2^53 bytes is 8 PiB, so real
 *   profiles never get there). Negative values (10-byte varints) decode exactly, as in diff profiles.
 * - uint64 ids are JS numbers too, and are *looked up exactly* while decoding even above 2^53 (a profile with
 *   such ids decodes correctly; only the `id` column shown to callers is rounded).
 * - addresses and mapping bounds are BigUint64Array: exact, as native symbolication needs.
 *
 * How a sample's stack reads (as in profile.proto): `samples.locations[samples.locationStart[s] ..
 * samples.locationStart[s + 1])` lists location indices from the leaf (index 0, where flat time goes) to the root.
 * A location's lines `locations.lineStart[l] .. lineStart[l + 1]` list inlined frames innermost first: the first
 * line is the function that was executing, the last one is the real (non-inlined) caller frame.
 *
 * Consumers (aggregation, symbolication) read the columns directly. To rewrite frames (e.g. map a bundle's
 * file/line to its original source), build new `functions`/`lines` columns and spread them into a new Profile
 * object; append new strings with `strings.intern(...)`. Columns are never modified in place by this package.
 */
import type { StringTable } from './stringTable';

/** A sample type or the period type: names as decoded strings (e.g. `{type: 'cpu', unit: 'nanoseconds'}`). */
export interface ValueType {
  readonly type: string;
  readonly unit: string;
}

export interface SampleTable {
  readonly count: number;
  /** CSR offsets into `locations`; length count + 1. */
  readonly locationStart: Int32Array;
  /** Location indices (dense, into LocationTable), leaf first. */
  readonly locations: Int32Array;
  /** count × sampleTypes.length values, row-major: value of type t for sample s is `values[s * types + t]`. */
  readonly values: Float64Array;
  /** CSR offsets into the label columns; length count + 1. */
  readonly labelStart: Int32Array;
}

/**
 * Sample labels (all samples' labels in one table). A string label has `str` != 0; a numeric label has `str` == 0
 * and its value in `num` (with `numUnit`, a string index, 0 if none), as profile.proto defines.
 */
export interface LabelTable {
  readonly count: number;
  readonly key: Int32Array;
  readonly str: Int32Array;
  readonly num: Float64Array;
  readonly numUnit: Int32Array;
}

export interface LocationTable {
  readonly count: number;
  /** The file's location id (rounded above 2^53, see above). */
  readonly id: Float64Array;
  /** Mapping index, or -1 when the location has no mapping (mapping_id 0). */
  readonly mapping: Int32Array;
  readonly address: BigUint64Array;
  /** 1 if is_folded. */
  readonly isFolded: Uint8Array;
  /** CSR offsets into LineTable; length count + 1. A location may have no lines (unsymbolized address). */
  readonly lineStart: Int32Array;
}

export interface LineTable {
  readonly count: number;
  /** Function index, or -1 when the line has function_id 0 (no function). */
  readonly function: Int32Array;
  readonly line: Float64Array;
  /** Line.column (field 3 in newer profile.proto); 0 when absent. */
  readonly column: Float64Array;
}

export interface FunctionTable {
  readonly count: number;
  readonly id: Float64Array;
  /** String indices. */
  readonly name: Int32Array;
  readonly systemName: Int32Array;
  readonly filename: Int32Array;
  readonly startLine: Float64Array;
}

/** Bits of MappingTable.flags. */
export const MappingFlag = {
  hasFunctions: 1,
  hasFilenames: 2,
  hasLineNumbers: 4,
  hasInlineFrames: 8,
} as const;

export interface MappingTable {
  readonly count: number;
  readonly id: Float64Array;
  readonly memoryStart: BigUint64Array;
  readonly memoryLimit: BigUint64Array;
  readonly fileOffset: BigUint64Array;
  /** String indices. */
  readonly filename: Int32Array;
  readonly buildId: Int32Array;
  /** MappingFlag bits. */
  readonly flags: Uint8Array;
}

export interface Profile {
  /** Where the profile came from (a file name), used in error messages. */
  readonly source: string;
  /** The file format it was read from ("pprof", "collapsed stacks", "JFR"...), when read through core/readers. */
  readonly format?: string;
  readonly strings: StringTable;
  readonly sampleTypes: readonly ValueType[];
  /** default_sample_type as a name; "" when not set. */
  readonly defaultSampleType: string;
  readonly periodType: ValueType | undefined;
  readonly period: number;
  readonly timeNanos: number;
  readonly durationNanos: number;
  /**
   * drop_frames / keep_frames regular expressions ("" when absent), as written in the file: the columns below are
   * not pruned. buildModel applies them (pruneFrames.ts), as go tool pprof does on loading.
   */
  readonly dropFrames: string;
  readonly keepFrames: string;
  readonly comments: readonly string[];
  readonly docUrl: string;
  readonly samples: SampleTable;
  readonly labels: LabelTable;
  readonly locations: LocationTable;
  readonly lines: LineTable;
  readonly functions: FunctionTable;
  readonly mappings: MappingTable;
}
