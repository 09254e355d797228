// Decoded profiles (core/profile's columnar model) → the symbolication core's input: a table of distinct frames
// (function, file, line, column, binary) and every sample's frames leaf first, inlined frames innermost first.
// Several profiles share one frame table, so a path is resolved once however many files name it.

import type { Profile } from '../profile/model';
import { FrameStacks } from './frame-stacks';
import type { ProfileFrame } from './frame-symbolicator';

/** One distinct stack: the values of all samples with exactly these frames, summed. */
export interface FrameSample {
  value: number;
  /** Frame ids, leaf first. */
  frames: Int32Array;
}

export interface ProfileFrameTable {
  frames: ProfileFrame[];
  samples: FrameSample[];
  /** Sample label pairs (string labels only), for finding the commit the profile was taken at. */
  labels: [string, string][];
}

/** @param typeIndex which value column of each profile to read (the profiles must share sample types) */
export function profileFrames(profiles: readonly Profile[], typeIndex: number): ProfileFrameTable {
  const frames: ProfileFrame[] = [];
  const ids = new Map<string, number>();
  // Samples with identical frames are summed: memory per distinct stack, not per sample (10^7-sample profiles).
  const stacks = new FrameStacks();
  let stack: Int32Array = new Int32Array(256);
  const labels = new Map<string, [string, string]>();

  for (const profile of profiles) {
    const str = (i: number) => (i > 0 ? profile.strings.get(i) : '');
    const { lines, functions, locations, mappings } = profile;
    const frameOf = (key: string, make: () => ProfileFrame) => {
      let id = ids.get(key);
      if (id === undefined) {
        ids.set(key, (id = frames.length));
        frames.push(make());
      }
      return id;
    };
    // Per profile: line index → frame id, and line-less location → placeholder frame id.
    const lineFrame = new Int32Array(lines.count);
    for (let l = 0; l < lines.count; l++) {
      const fn = lines.function[l];
      const name = fn >= 0 ? str(functions.name[fn]) : '';
      const file = fn >= 0 ? str(functions.filename[fn]) : '';
      const line = lines.line[l];
      const column = lines.column[l];
      lineFrame[l] = frameOf(`${name}\u0000${file}\u0000${line}\u0000${column}`, () => ({ functionName: name, file, line, column }));
    }
    const locationFrame = new Int32Array(locations.count).fill(-1);
    for (let loc = 0; loc < locations.count; loc++) {
      if (locations.lineStart[loc + 1] > locations.lineStart[loc]) continue;
      const mapping = locations.mapping[loc];
      const binary = mapping >= 0 ? str(mappings.filename[mapping]) : '';
      const base = binary.split(/[\\/]/).pop() ?? '';
      // Unsymbolized code: pprof names it after the binary.
      locationFrame[loc] = frameOf(`\u0001${binary}`, () => ({ functionName: base ? `[${base}]` : '<unknown>', file: '', line: 0, mappingFile: binary }));
    }

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
  return { frames, samples: stacks.stacks(), labels: [...labels.values()] };
}

function growTo(stack: Int32Array, size: number): Int32Array {
  const next = new Int32Array(Math.max(size, stack.length * 2));
  next.set(stack);
  return next;
}
