// Decoded profiles (core/profile's columnar model) → the symbolication core's input: a table of distinct frames
// (function, file, line, column, binary) and every sample's frames leaf first, inlined frames innermost first.
// Several profiles share one frame table, so a path is resolved once however many files name it.
//
// The table is columns. Frames, functions and paths are told apart by numbers, never by keys built from strings:
// names and files are interned by their bytes (MergedStrings), then (name, file) → function and
// (function, line, column) → frame are int32-pair lookups. A frame's name and file are its function's, so they
// are stored once per function; frame objects are made only when asked for. A profile of 10^6 distinct functions
// used to cost 10^6 concatenated key strings and 10^6 frame objects here, and as much again in each consumer.

import type { Profile } from '../profile/model';
import { pruneFrames } from '../profile/pruneFrames';
import { FrameStacks, type FrameStackTable } from './frame-stacks';
import type { ProfileFrame } from './frame-symbolicator';
import { FrameTableBuilder } from './frame-table-builder';

/** One distinct stack: the values of all samples with exactly these frames, summed. */
export interface FrameSample {
  value: number;
  /** Frame ids, leaf first. */
  frames: Int32Array;
}

export interface ProfileFrameTable {
  readonly frameCount: number;
  /**
   * Per frame: its function, numbered from 0 in order of first frame — a distinct (function name, file), the unit
   * pprof's -filefunctions costs.
   */
  readonly frameFunction: Int32Array;
  /** Per frame: the line (1-based; 0 or less = unknown) and column (0 = unknown), as the profile has them. */
  readonly frameLine: Float64Array;
  readonly frameColumn: Float64Array;
  /** The binary (pprof Mapping.filename) of frames of unsymbolized code — locations without lines — by frame. */
  readonly frameBinary: ReadonlyMap<number, string>;
  readonly functionCount: number;
  /** Per function: its name and file as the profile has them. */
  readonly functionName: readonly string[];
  readonly functionFile: readonly string[];
  /**
   * Per frame: what its workspace file is resolved by, numbered from 0 in order of first frame — the file name,
   * or for a frame without one, its function and binary. Equal numbers, equal resolution.
   */
  readonly framePath: Int32Array;
  readonly pathCount: number;
  /** The distinct stacks, summed, in columns. */
  readonly stacks: FrameStackTable;
  /** The frames as objects, made on first access (for small tables and tests; the analysis reads the columns). */
  readonly frames: readonly ProfileFrame[];
  /** The stacks as objects, made on first access (likewise). */
  readonly samples: readonly FrameSample[];
  /** Sample label pairs (string labels only), for finding the commit the profile was taken at. */
  readonly labels: [string, string][];
}

/** Frame f as the object the symbolicator takes. */
export function frameAt(table: ProfileFrameTable, f: number): ProfileFrame {
  const fn = table.frameFunction[f];
  const binary = table.frameBinary.get(f);
  if (binary !== undefined) return { functionName: table.functionName[fn], file: '', line: 0, mappingFile: binary };
  return { functionName: table.functionName[fn], file: table.functionFile[fn], line: table.frameLine[f], column: table.frameColumn[f] };
}

/**
 * @param typeIndex which value column of each profile to read (the profiles must share sample types)
 * @param warn told when the first profile's drop_frames cannot be applied (see profile/pruneFrames.ts)
 */
export function profileFrames(input: readonly Profile[], typeIndex: number, warn?: (message: string) => void): ProfileFrameTable {
  const profiles = pruneFrames(input, warn);
  const builder = new FrameTableBuilder(profiles);
  // Samples with identical frames are summed: memory per distinct stack, not per sample (10^7-sample profiles).
  let sampleCount = 0;
  for (const p of profiles) sampleCount += p.samples.count;
  const stacks = new FrameStacks(sampleCount);
  let stack: Int32Array = new Int32Array(256);
  const labels = new Map<string, [string, string]>();

  for (const profile of profiles) {
    const { lineFrame, locationFrame } = builder.add(profile);
    const { locations } = profile;
    const str = (i: number) => (i > 0 ? profile.strings.get(i) : '');
    const types = profile.sampleTypes.length;
    const { locationStart, values, labelStart } = profile.samples;
    const sampleLocations = profile.samples.locations;
    for (let s = 0; s < profile.samples.count; s++) {
      let depth = 0;
      for (let i = locationStart[s]; i < locationStart[s + 1]; i++) {
        const loc = sampleLocations[i];
        const from = locations.lineStart[loc];
        const to = locations.lineStart[loc + 1];
        if (depth + Math.max(1, to - from) > stack.length) stack = growTo(stack, depth + Math.max(1, to - from));
        if (to === from) stack[depth++] = locationFrame[loc];
        else for (let l = from; l < to; l++) stack[depth++] = lineFrame[l];
      }
      stacks.add(stack, depth, values[s * types + typeIndex]);
      for (let k = labelStart[s]; k < labelStart[s + 1]; k++) {
        const value = profile.labels.str[k];
        if (value <= 0) continue;
        const key = str(profile.labels.key[k]);
        if (!labels.has(key)) labels.set(key, [key, str(value)]);
      }
    }
  }
  const stackTable = stacks.table();
  let frames: ProfileFrame[] | undefined;
  let samples: FrameSample[] | undefined;
  const table: ProfileFrameTable = {
    frameCount: builder.frameFunction.length,
    frameFunction: builder.frameFunction.trim(),
    frameLine: builder.frameLine.trim(),
    frameColumn: builder.frameColumn(),
    frameBinary: builder.frameBinary,
    functionCount: builder.functionName.length,
    functionName: builder.functionName,
    functionFile: builder.functionFile,
    framePath: builder.framePath.trim(),
    pathCount: builder.pathCount,
    stacks: stackTable,
    get frames() {
      frames ??= Array.from({ length: table.frameCount }, (_, f) => frameAt(table, f));
      return frames;
    },
    get samples() {
      samples ??= Array.from({ length: stackTable.count }, (_, s) => ({ value: stackTable.value[s], frames: stackTable.frames.subarray(stackTable.start[s], stackTable.start[s + 1]) }));
      return samples;
    },
    labels: [...labels.values()],
  };
  return table;
}

function growTo(stack: Int32Array, size: number): Int32Array {
  const next = new Int32Array(Math.max(size, stack.length * 2));
  next.set(stack);
  return next;
}
