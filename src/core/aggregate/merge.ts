/**
 * mergeProfiles: profiles of one type (e.g. the same service's CPU profiles over a time range) → one StackSet
 * whose identical stacks are summed. See stackSet.ts for what "identical" means. A single profile goes through
 * the same path (functions, frames and locations are interned; its samples are used as they are).
 *
 * Profiles must have the same sample types (names and units, in the same order) and the same period type, as
 * `go tool pprof` requires when it merges; otherwise a ProfileError names the file that differs.
 *
 * The first profile's drop_frames / keep_frames are applied first, as pprof does when it loads profiles
 * (profile/pruneFrames.ts); `warn` is told when they cannot be used.
 *
 * Cost: functions/locations are interned through Maps (per location, not per sample); with several files, stacks
 * are hashed over their merged location indices with an open-addressing Int32 table (no per-sample objects).
 */
import { ProfileError } from '../profile/errors';
import type { Profile, ValueType } from '../profile/model';
import { pruneFrames } from '../profile/pruneFrames';
import { diffBaseSamples } from './absoluteTotal';
import { GrowableFloat64, GrowableInt32 } from './growable';
import { MergedStrings } from './mergedStrings';
import { PairIndex } from './pairIndex';
import { defaultSampleTypeIndex, describeSampleTypes } from './sampleType';
import type { StackSet, StackSetInput } from './stackSet';

export function mergeProfiles(input: readonly Profile[], warn?: (message: string) => void): StackSet {
  if (input.length === 0) throw new Error('mergeProfiles needs at least one profile');
  for (const p of input.slice(1)) checkCompatible(input[0], p);
  const profiles = pruneFrames(input, warn);
  const first = profiles[0];

  const tables = new MergedTables(profiles);
  const inputs: StackSetInput[] = profiles.map((p) => ({
    source: p.source,
    locationStart: p.samples.locationStart,
    locations: p.samples.locations,
    toMerged: tables.addLocations(p),
    diffBase: diffBaseSamples(p),
  }));
  const stacks = dedupeStacks(profiles, inputs);

  let timeNanos = 0;
  let durationNanos = 0;
  let period = 0;
  for (const p of profiles) {
    if (p.timeNanos !== 0 && (timeNanos === 0 || p.timeNanos < timeNanos)) timeNanos = p.timeNanos;
    durationNanos += p.durationNanos;
    if (p.period > period) period = p.period;
  }
  return {
    sampleTypes: first.sampleTypes,
    defaultTypeIndex: defaultSampleTypeIndex(first.sampleTypes, first.defaultSampleType),
    defaultSampleType: first.defaultSampleType,
    periodType: first.periodType,
    period,
    timeNanos,
    durationNanos,
    strings: tables.strings,
    functions: {
      count: tables.fnName.length,
      name: tables.fnName.trim(),
      systemName: tables.fnSystemName.trim(),
      file: tables.fnFile.trim(),
      startLine: tables.fnStartLine.trim(),
    },
    frames: { count: tables.frameFunction.length, function: tables.frameFunction.trim(), line: tables.frameLine.trim() },
    locations: {
      count: tables.locationFrameStart.length - 1,
      frameStart: tables.locationFrameStart.trim(),
      frameList: tables.locationFrames.trim(),
    },
    inputs,
    stacks: { count: stacks.count, source: stacks.source, sample: stacks.sample },
    values: stacks.values,
  };
}

function sameValueType(a: ValueType | undefined, b: ValueType | undefined): boolean {
  return a?.type === b?.type && a?.unit === b?.unit;
}

function checkCompatible(first: Profile, p: Profile): void {
  const sameTypes = first.sampleTypes.length === p.sampleTypes.length &&
    first.sampleTypes.every((t, i) => sameValueType(t, p.sampleTypes[i]));
  if (!sameTypes) {
    throw new ProfileError(p.source, `cannot merge: its sample types [${describeSampleTypes(p.sampleTypes)}] differ from ${first.source}'s [${describeSampleTypes(first.sampleTypes)}]`);
  }
  if (!sameValueType(first.periodType, p.periodType)) {
    const show = (t: ValueType | undefined) => (t ? `${t.type}/${t.unit}` : 'none');
    throw new ProfileError(p.source, `cannot merge: its period type ${show(p.periodType)} differs from ${first.source}'s ${show(first.periodType)}`);
  }
}

/** The merged string, function, frame and location tables, filled profile by profile. */
class MergedTables {
  readonly strings = new MergedStrings();
  // Sized from upper bounds so the columns never grow (growing leaves garbage while the profile buffer that was
  // just decoded may not be collected yet, which is what sets the peak memory).
  readonly fnName: GrowableInt32;
  readonly fnSystemName: GrowableInt32;
  readonly fnFile: GrowableInt32;
  readonly fnStartLine: GrowableFloat64;
  private readonly fnIndex = new PairIndex(1 << 12);
  readonly frameFunction: GrowableInt32;
  readonly frameLine: GrowableFloat64;
  private readonly frameIndex = new PairIndex(1 << 12);
  /** Frames whose line is not an int32 (never in real profiles), by "function:line". */
  private readonly oddFrameIndex = new Map<string, number>();
  /** Merged location made of exactly one frame, by frame index (-1: none yet); other chains use locationIndex. */
  private singleFrameLocation: Int32Array;
  readonly locationFrameStart: GrowableInt32;
  readonly locationFrames: GrowableInt32;
  private readonly locationIndex = new Map<string, number>();

  constructor(profiles: readonly Profile[]) {
    let functions = 0;
    let frames = 0;
    let locations = 0;
    for (const p of profiles) {
      functions += p.functions.count + p.mappings.count + 1; // + placeholders
      frames += p.lines.count + p.locations.count; // + one frame per location without lines
      locations += p.locations.count;
    }
    this.fnName = new GrowableInt32(functions);
    this.fnSystemName = new GrowableInt32(functions);
    this.fnFile = new GrowableInt32(functions);
    this.fnStartLine = new GrowableFloat64(functions);
    this.frameFunction = new GrowableInt32(frames);
    this.frameLine = new GrowableFloat64(frames);
    this.singleFrameLocation = new Int32Array(Math.max(16, frames)).fill(-1);
    this.locationFrameStart = new GrowableInt32(locations + 1);
    this.locationFrames = new GrowableInt32(frames);
    this.locationFrameStart.push(0);
  }

  /** A function by its merged name and file string ids. */
  private internFunction(name: number, file: number, systemName: number, startLine: number): number {
    let f = this.fnIndex.getOrAdd(name, file, this.fnName.length);
    if (f < 0) {
      f = this.fnName.length;
      this.fnName.push(name);
      this.fnFile.push(file);
      this.fnSystemName.push(systemName);
      this.fnStartLine.push(startLine);
    } else if (this.fnStartLine.data[f] === 0 && startLine !== 0) {
      this.fnStartLine.data[f] = startLine;
    }
    return f;
  }

  private internFrame(fn: number, line: number): number {
    const next = this.frameFunction.length;
    let fr: number;
    if ((line | 0) === line) {
      fr = this.frameIndex.getOrAdd(fn, line, next);
    } else {
      fr = this.oddFrameIndex.get(`${fn}:${line}`) ?? -1;
      if (fr < 0) this.oddFrameIndex.set(`${fn}:${line}`, next);
    }
    if (fr < 0) {
      fr = next;
      this.frameFunction.push(fn);
      this.frameLine.push(line);
    }
    return fr;
  }

  private newLocation(frames: readonly number[]): number {
    const merged = this.locationFrameStart.length - 1;
    for (const fr of frames) this.locationFrames.push(fr);
    this.locationFrameStart.push(this.locationFrames.length);
    return merged;
  }

  private singleFrameLocationOf(frame: number): number {
    if (frame >= this.singleFrameLocation.length) {
      const grown = new Int32Array(Math.max(frame + 1, this.singleFrameLocation.length * 2)).fill(-1);
      grown.set(this.singleFrameLocation);
      this.singleFrameLocation = grown;
    }
    let merged = this.singleFrameLocation[frame];
    if (merged < 0) {
      merged = this.newLocation([frame]);
      this.singleFrameLocation[frame] = merged;
    }
    return merged;
  }

  private multiFrameLocationOf(frames: readonly number[]): number {
    const key = frames.join(',');
    let merged = this.locationIndex.get(key);
    if (merged === undefined) {
      merged = this.newLocation(frames);
      this.locationIndex.set(key, merged);
    }
    return merged;
  }

  /** Interns the profile's functions and locations; returns its location index → merged location index. */
  addLocations(p: Profile): Int32Array {
    // Profile string index → merged string id, filled as strings are first used (most never are).
    const merged = new Int32Array(p.strings.count).fill(-1);
    const str = (i: number) => {
      if (merged[i] < 0) merged[i] = this.strings.internFrom(p.strings, i);
      return merged[i];
    };
    const fnMap = new Int32Array(p.functions.count);
    for (let f = 0; f < p.functions.count; f++) {
      fnMap[f] = this.internFunction(
        str(p.functions.name[f]), str(p.functions.filename[f]), str(p.functions.systemName[f]), p.functions.startLine[f]);
    }
    const placeholder = (l: number) => {
      const m = p.locations.mapping[l];
      const file = m >= 0 ? p.strings.get(p.mappings.filename[m]) : '';
      const name = file === '' ? '<unknown>' : `[${file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1)}]`;
      return this.internFunction(this.strings.intern(name), 0, 0, 0);
    };

    const toMerged = new Int32Array(p.locations.count);
    const frames: number[] = [];
    for (let l = 0; l < p.locations.count; l++) {
      frames.length = 0;
      const start = p.locations.lineStart[l];
      const end = p.locations.lineStart[l + 1];
      if (start === end) {
        frames.push(this.internFrame(placeholder(l), 0));
      } else {
        for (let j = start; j < end; j++) {
          const fn = p.lines.function[j];
          frames.push(this.internFrame(fn >= 0 ? fnMap[fn] : placeholder(l), p.lines.line[j]));
        }
      }
      toMerged[l] = frames.length === 1 ? this.singleFrameLocationOf(frames[0]) : this.multiFrameLocationOf(frames);
    }
    return toMerged;
  }
}

/**
 * The stacks of the inputs. One input: its samples as they are (writers such as Go's runtime/pprof and
 * @datadog/pprof already aggregate identical stacks, so hashing would cost time for nothing), sharing the
 * profile's value array. Several inputs: identical stacks (by merged location sequence) are summed.
 */
function dedupeStacks(profiles: readonly Profile[], inputs: readonly StackSetInput[]) {
  if (profiles.length === 1) {
    return { count: profiles[0].samples.count, source: undefined, sample: undefined, values: profiles[0].samples.values };
  }
  const types = profiles[0].sampleTypes.length;
  let total = 0;
  for (const p of profiles) total += p.samples.count;
  let capacity = 16;
  while (capacity * 2 < total * 3) capacity *= 2; // load factor <= 2/3
  const mask = capacity - 1;
  // Interleaved [hash, stack + 1] pairs: a probe touches one cache line. Stack 0 marks an empty slot.
  const table = new Int32Array(capacity * 2);
  const source = new Int32Array(total);
  const sample = new Int32Array(total);
  const values = new Float64Array(total * types);
  let count = 0;

  for (let pi = 0; pi < profiles.length; pi++) {
    const { locationStart, locations, toMerged } = inputs[pi];
    const sampleValues = profiles[pi].samples.values;
    const n = profiles[pi].samples.count;
    for (let s = 0; s < n; s++) {
      const start = locationStart[s];
      const end = locationStart[s + 1];
      let h = (end - start) ^ 0x811c9dc5;
      for (let i = start; i < end; i++) h = Math.imul(h ^ toMerged[locations[i]], 0x01000193);
      h = finalMix(h);
      let slot = h & mask;
      let stack: number;
      for (;;) {
        const entry = table[2 * slot + 1];
        if (entry === 0) {
          stack = count++;
          table[2 * slot] = h;
          table[2 * slot + 1] = stack + 1;
          source[stack] = pi;
          sample[stack] = s;
          break;
        }
        if (table[2 * slot] === h && sameStack(inputs, source[entry - 1], sample[entry - 1], pi, start, end)) {
          stack = entry - 1;
          break;
        }
        slot = (slot + 1) & mask;
      }
      const from = s * types;
      const to = stack * types;
      for (let t = 0; t < types; t++) values[to + t] += sampleValues[from + t];
    }
  }
  return {
    count,
    source: count === total ? source : source.slice(0, count),
    sample: count === total ? sample : sample.slice(0, count),
    values: count === total ? values : values.slice(0, count * types),
  };
}

function sameStack(inputs: readonly StackSetInput[], stackInput: number, stackSample: number, pi: number, start: number, end: number): boolean {
  const a = inputs[stackInput];
  const aStart = a.locationStart[stackSample];
  if (a.locationStart[stackSample + 1] - aStart !== end - start) return false;
  const b = inputs[pi];
  for (let i = 0; i < end - start; i++) {
    if (a.toMerged[a.locations[aStart + i]] !== b.toMerged[b.locations[start + i]]) return false;
  }
  return true;
}

/** murmur3's 32-bit finaliser: spreads FNV's low-bit patterns so `h & mask` is uniform. */
function finalMix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
