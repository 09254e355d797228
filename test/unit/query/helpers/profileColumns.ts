/**
 * A decoded profile presented as the columns the query's filters read (until the engine's model lands these are
 * what it will hold): functions and frames (a location's lines expanded innermost first; a location without lines
 * is one placeholder frame named by its binary, as pprof names it), stacks leaf first, one label set per sample.
 * And the way back: filtered stacks written as a pprof profile, so the production decoder and aggregator (not test
 * code) count flat and cum, to compare with `go tool pprof`.
 */
import { Function as PprofFunction, Line, Location, Mapping, Profile as PprofProfile, Sample, StringTable, ValueType } from 'pprof-format';
import type { Profile } from '../../../../src/core/profile/model';
import type { StackTable } from '../../../../src/core/model/types';
import type { FilterFrames, FilterFunctions } from '../../../../src/core/query/filtersMatch';
import type { Strings } from '../../../../src/core/aggregate/mergedStrings';
import type { LabelSetTable } from '../../../../src/core/model/types';
import { sampleLabelSets } from '../../../../src/core/query/labelsMatch';

export interface ProfileColumns {
  readonly profile: Profile;
  readonly strings: Strings;
  readonly functions: FilterFunctions;
  readonly frames: FilterFrames & { readonly line: Float64Array };
  /** Stack s is sample s. */
  readonly stacks: StackTable;
  /** Per slot of stacks.frames: 1 when the frame is inlined into the next one (same location). */
  readonly inlined: Uint8Array;
  /** Label set s is sample s's labels. */
  readonly labelSets: LabelSetTable;
}

export function profileColumns(p: Profile): ProfileColumns {
  const extra: string[] = [];
  const base = p.strings.count;
  const addString = (s: string) => base + extra.push(s) - 1;
  const strings: Strings = { get count() { return base + extra.length; }, get: (i) => (i >= base ? extra[i - base] : p.strings.get(i)) };

  // Placeholder functions, one per binary name, after the profile's own.
  const names = Array.from(p.functions.name);
  const files = Array.from(p.functions.filename);
  const placeholder: number[] = names.map(() => 0);
  const placeholderOf = new Map<string, number>();
  const placeholderFunction = (mapping: number) => {
    const file = mapping >= 0 ? p.strings.get(p.mappings.filename[mapping]) : '';
    const name = file ? `[${file.split('/').pop()}]` : '<unknown>';
    let f = placeholderOf.get(name);
    if (f === undefined) {
      f = names.length;
      names.push(addString(name));
      files.push(0);
      placeholder.push(1);
      placeholderOf.set(name, f);
    }
    return f;
  };

  // Frames per location: its lines, or one placeholder.
  const frameFunction: number[] = [];
  const frameLine: number[] = [];
  const frameBinary: number[] = [];
  const locationFrames: number[][] = [];
  for (let l = 0; l < p.locations.count; l++) {
    const m = p.locations.mapping[l];
    const binary = m >= 0 ? p.mappings.filename[m] : 0;
    const list: number[] = [];
    const a = p.locations.lineStart[l];
    const b = p.locations.lineStart[l + 1];
    for (let j = a; j < b; j++) {
      list.push(frameFunction.length);
      frameFunction.push(p.lines.function[j] >= 0 ? p.lines.function[j] : placeholderFunction(m));
      frameLine.push(p.lines.line[j]);
      frameBinary.push(binary);
    }
    if (a === b) {
      list.push(frameFunction.length);
      frameFunction.push(placeholderFunction(m));
      frameLine.push(0);
      frameBinary.push(binary);
    }
    locationFrames.push(list);
  }

  const start = new Int32Array(p.samples.count + 1);
  const stackFrames: number[] = [];
  const inlined: number[] = [];
  for (let s = 0; s < p.samples.count; s++) {
    start[s] = stackFrames.length;
    for (let i = p.samples.locationStart[s]; i < p.samples.locationStart[s + 1]; i++) {
      const list = locationFrames[p.samples.locations[i]];
      list.forEach((f, k) => {
        stackFrames.push(f);
        inlined.push(k < list.length - 1 ? 1 : 0);
      });
    }
  }
  start[p.samples.count] = stackFrames.length;

  return {
    profile: p,
    strings,
    functions: { count: names.length, name: Int32Array.from(names), file: Int32Array.from(files), placeholder: Uint8Array.from(placeholder) },
    frames: { count: frameFunction.length, function: Int32Array.from(frameFunction), line: Float64Array.from(frameLine), binary: Int32Array.from(frameBinary) },
    stacks: { count: p.samples.count, start, frames: Int32Array.from(stackFrames) },
    inlined: Uint8Array.from(inlined),
    labelSets: sampleLabelSets(p),
  };
}


/**
 * A pprof profile of `stacks` (each frame its own location; a placeholder frame a location without lines in its
 * binary), one sample per stack with the values of `valueOf(stack)` (the profile's sample types); stacks whose
 * valueOf is undefined are left out.
 */
export function stacksAsPprof(c: ProfileColumns, stacks: StackTable, valueOf: (stack: number) => readonly number[] | undefined): Uint8Array {
  const st = new StringTable();
  const p = c.profile;
  const fns = new Map<number, PprofFunction>();
  const maps = new Map<number, Mapping>();
  const locs = new Map<number, Location>();
  const fn = (f: number) => {
    let out = fns.get(f);
    if (!out) {
      out = new PprofFunction({ id: fns.size + 1, name: st.dedup(c.strings.get(c.functions.name[f])), filename: st.dedup(c.strings.get(c.functions.file[f])) });
      fns.set(f, out);
    }
    return out;
  };
  const mapping = (binary: number) => {
    let out = maps.get(binary);
    if (!out) {
      out = new Mapping({ id: maps.size + 1, filename: st.dedup(c.strings.get(binary)), memoryStart: 0x1000 * (maps.size + 1), memoryLimit: 0x1000 * (maps.size + 2) - 1 });
      maps.set(binary, out);
    }
    return out;
  };
  const location = (frame: number) => {
    let out = locs.get(frame);
    if (!out) {
      const f = c.functions.placeholder![c.frames.function[frame]] ? undefined : c.frames.function[frame];
      const binary = c.frames.binary![frame];
      out = new Location({
        id: locs.size + 1,
        mappingId: binary !== 0 ? mapping(binary).id : 0,
        address: f === undefined ? 0x1000 * (binary !== 0 ? Number(mapping(binary).id) : 1) + locs.size : 0,
        line: f === undefined ? [] : [new Line({ functionId: fn(f).id, line: c.frames.line[frame] })],
      });
      locs.set(frame, out);
    }
    return out;
  };
  const samples: Sample[] = [];
  for (let s = 0; s < stacks.count; s++) {
    const values = valueOf(s);
    if (!values) continue;
    const ids: number[] = [];
    for (let i = stacks.start[s]; i < stacks.start[s + 1]; i++) ids.push(Number(location(stacks.frames[i]).id));
    samples.push(new Sample({ locationId: ids, value: [...values] }));
  }
  const out = new PprofProfile({
    sampleType: p.sampleTypes.map((t) => new ValueType({ type: st.dedup(t.type), unit: st.dedup(t.unit) })),
    sample: samples,
    defaultSampleType: p.defaultSampleType ? st.dedup(p.defaultSampleType) : 0,
    periodType: p.periodType ? new ValueType({ type: st.dedup(p.periodType.type), unit: st.dedup(p.periodType.unit) }) : undefined,
    period: p.period,
    stringTable: st,
  });
  out.mapping = [...maps.values()];
  out.location = [...locs.values()];
  out.function = [...fns.values()];
  return out.encode();
}

/** The values of input sample s, as numbers. */
export function sampleValues(p: Profile, s: number): number[] {
  const n = p.sampleTypes.length;
  return Array.from(p.samples.values.subarray(s * n, s * n + n));
}
