/**
 * buildModel: decoded profiles of one kind (e.g. a service's CPU profiles over a time range) → one ProfileModel
 * (types.ts). Profiles must share sample types (names and units, in order) and period type, as `go tool pprof`
 * requires to merge; otherwise a ProfileError names the file that differs.
 *
 * The first profile's drop_frames / keep_frames are applied first, as pprof does when it loads profiles
 * (profile/pruneFrames.ts). Then, profile by profile: functions and frames are interned (frameInterner.ts), each
 * sample's locations are expanded into its frames and the stack interned across the profiles (stackInterner.ts),
 * and the sample's values are added to the row of (stack, label set, profile). A single profile's samples are taken
 * as written (see samplesAsWritten). Nothing of a decoded Profile is kept but the values column of a single
 * profile: once built, the model alone answers every query (strings keep only their compacted bytes).
 */
import { GrowableFloat64, GrowableInt32 } from '../aggregate/growable';
import { PairIndex } from '../aggregate/pairIndex';
import { defaultSampleTypeIndex, describeSampleTypes } from '../aggregate/sampleType';
import { expandedLength } from '../profile/decode';
import { ProfileError } from '../profile/errors';
import type { Profile, ValueType } from '../profile/model';
import { pruneFrames } from '../profile/pruneFrames';
import { FrameInterner, type LocationFrames } from './frameInterner';
import { DEFAULT_MAX_LABEL_SETS, internLabelSets } from './labelSets';
import { finishHash, HASH_SEED, hashStep, StackInterner } from './stackInterner';
import type { ModelRows, ProfileModel, StackTable } from './types';

export interface BuildModelOptions {
  /** Told each note as it is made (a CLI prints them as warnings); every note is also in `model.notes`. */
  readonly warn?: (message: string) => void;
  /** The most label sets the model keeps (default 65,536); see labelSets.ts. */
  readonly maxLabelSets?: number;
  /**
   * The profiles are the model's to take apart (a caller that decoded them for this model alone): their sample
   * columns become the model's stack columns in place, and the profiles must not be read afterwards. Halves the
   * peak memory of a large profile's build.
   */
  readonly consumeProfiles?: boolean;
}

export function buildModel(input: readonly Profile[], options: BuildModelOptions = {}): ProfileModel {
  if (input.length === 0) throw new Error('buildModel needs at least one profile');
  for (const p of input.slice(1)) checkCompatible(input[0], p);
  const notes: string[] = [];
  const note = (message: string) => {
    notes.push(message);
    options.warn?.(message);
  };
  const profiles = pruneFrames(input, note);
  const first = profiles[0];
  const types = first.sampleTypes.length;

  const frames = new FrameInterner(profiles);
  const labels = internLabelSets(profiles, frames.strings, options.maxLabelSets ?? DEFAULT_MAX_LABEL_SETS);
  labels.notes.forEach(note);

  const locationFrames = profiles.map((p) => frames.addProfile(p));
  const { stacks, rows } = profiles.length === 1 && profiles[0].samples.count <= MAX_AS_WRITTEN
    ? samplesAsWritten(profiles[0], locationFrames[0], labels.ofSample[0], options.consumeProfiles === true)
    : mergedSamples(profiles, locationFrames, labels.ofSample, types);

  return {
    strings: frames.strings,
    sampleTypes: first.sampleTypes,
    defaultTypeIndex: defaultSampleTypeIndex(first.sampleTypes, first.defaultSampleType),
    defaultSampleType: first.defaultSampleType,
    periodType: first.periodType,
    period: Math.max(...profiles.map((p) => p.period)),
    profiles: {
      count: profiles.length,
      source: profiles.map((p) => p.source),
      timeNanos: Float64Array.from(profiles, (p) => p.timeNanos),
      durationNanos: Float64Array.from(profiles, (p) => p.durationNanos),
      sampleCount: Float64Array.from(profiles, (p) => p.samples.count),
      comments: profiles.map((p) => p.comments),
    },
    functions: frames.functions(),
    frames: frames.frames(),
    stacks,
    labelSets: labels.table,
    rows,
    notes,
  };
}

/**
 * Above this many samples a single profile's stacks are interned too: no writer that aggregates its samples makes
 * that many (a 90 MB Go CPU profile has ~400,000), and one that does not would otherwise cost a stack, a row and
 * every view's per-stack columns per sample.
 */
const MAX_AS_WRITTEN = 1 << 21;

/** What the interning tables are made for at first; they grow from there (distinct stacks are usually far fewer than samples). */
const PRESIZED_STACKS = 1 << 20;

/**
 * One profile: its samples as they are, a stack and a row each. Writers (Go's runtime/pprof, @datadog/pprof,
 * Pyroscope) already aggregate identical (stack, labels) samples, so hashing every stack would cost a cache miss a
 * sample for nothing; the row values are the profile's own column, shared. With `inPlace`, the stacks' columns are
 * the profile's sample columns rewritten (when the decoder left room for the frames: decode.ts withFrameRoom).
 */
function samplesAsWritten(p: Profile, locationFrames: LocationFrames, labelSetOf: Int32Array | undefined, inPlace: boolean): { stacks: StackTable; rows: ModelRows } {
  const { start: locStart } = locationFrames;
  const { locations } = p.samples;
  const count = p.samples.count;
  const size = expandedLength(locations) ?? frameCount(locations, locStart);
  const roomy = inPlace && locations.byteOffset === 0 && !(locations.buffer instanceof SharedArrayBuffer) && locations.buffer.byteLength >= size * 4;
  const stacks = roomy ? expandedInPlace(p.samples, locationFrames, size) : expanded(p.samples, locationFrames, size);
  const stack = new Int32Array(count);
  for (let s = 0; s < count; s++) stack[s] = s;
  return {
    stacks,
    rows: { count, stack, labelSet: labelSetOf ?? new Int32Array(count), profile: new Int32Array(count), values: p.samples.values },
  };
}

/**
 * How many frames the locations expand to (the decoder counts them as it decodes: profile/decode.ts expandedLength).
 * A byte per location first, read from cache, so the frames column is allocated once, full.
 */
function frameCount(locations: Int32Array, locStart: Int32Array): number {
  const width = new Uint8Array(locStart.length - 1);
  let wide = false;
  for (let l = 0; l < width.length; l++) {
    const n = locStart[l + 1] - locStart[l];
    width[l] = Math.min(n, 255);
    if (n > 255) wide = true;
  }
  let size = 0;
  if (wide) for (let i = 0; i < locations.length; i++) size += locStart[locations[i] + 1] - locStart[locations[i]];
  else for (let i = 0; i < locations.length; i++) size += width[locations[i]];
  return size;
}

/** Each sample's locations expanded into their frames, in new columns of `size` frames. */
function expanded(samples: Profile['samples'], locationFrames: LocationFrames, size: number): StackTable {
  const { start: locStart, frames: locFrames, single } = locationFrames;
  const { locationStart, locations, count } = samples;
  const frames = new Int32Array(size);
  const start = new Int32Array(count + 1);
  let at = 0;
  for (let s = 0; s < count; s++) {
    const end = locationStart[s + 1];
    for (let i = locationStart[s]; i < end; i++) {
      const loc = locations[i];
      const f = single[loc];
      if (f >= 0) frames[at++] = f;
      else for (let k = locStart[loc]; k < locStart[loc + 1]; k++) frames[at++] = locFrames[k];
    }
    start[s + 1] = at;
  }
  return { count, start, frames };
}

/**
 * expanded() written over the samples' own columns: from the last location back, each location's frames end where
 * the next one's begin. A location never expands into fewer than one frame, so the frames written so far always end
 * at or after the location being read, and every location is read before it is written over.
 */
function expandedInPlace(samples: Profile['samples'], locationFrames: LocationFrames, size: number): StackTable {
  const { start: locStart, frames: locFrames, single } = locationFrames;
  const { locationStart, locations, count } = samples;
  const frames = new Int32Array(locations.buffer, 0, size);
  const start = locationStart;
  let w = size;
  let hi = locationStart[count];
  start[count] = size;
  for (let s = count - 1; s >= 0; s--) {
    const lo = locationStart[s];
    for (let i = hi - 1; i >= lo; i--) {
      const loc = frames[i];
      const f = single[loc];
      if (f >= 0) frames[--w] = f;
      else for (let k = locStart[loc + 1] - 1; k >= locStart[loc]; k--) frames[--w] = locFrames[k];
    }
    start[s] = w;
    hi = lo;
  }
  return { count, start, frames };
}

/** Several profiles: identical stacks interned across them, one row per (stack, label set, profile). */
function mergedSamples(profiles: readonly Profile[], locationFrames: readonly LocationFrames[], labelSetOf: readonly (Int32Array | undefined)[], types: number): { stacks: StackTable; rows: ModelRows } {
  let samples = 0;
  let frames = 0;
  for (let pi = 0; pi < profiles.length; pi++) {
    samples += profiles[pi].samples.count;
    frames += frameEstimate(profiles[pi], locationFrames[pi]);
  }
  const presized = Math.min(samples, PRESIZED_STACKS);
  const stacks = new StackInterner(presized, Math.ceil(frames * (presized / Math.max(1, samples))) + 16);
  const rows = new RowBuilder(types, presized);
  let scratch: Int32Array<ArrayBuffer> = new Int32Array(256);
  for (let pi = 0; pi < profiles.length; pi++) {
    const p = profiles[pi];
    const { start: locStart, frames: locFrames, single } = locationFrames[pi];
    const { locationStart, locations, values } = p.samples;
    const sets = labelSetOf[pi];
    rows.beginProfile(pi);
    for (let s = 0; s < p.samples.count; s++) {
      let depth = 0;
      let h = HASH_SEED;
      const end = locationStart[s + 1];
      for (let i = locationStart[s]; i < end; i++) {
        const loc = locations[i];
        const f = single[loc];
        if (f >= 0) {
          if (depth === scratch.length) scratch = grown(scratch, depth + 1);
          scratch[depth++] = f;
          h = hashStep(h, f);
          continue;
        }
        const from = locStart[loc];
        const to = locStart[loc + 1];
        if (depth + to - from > scratch.length) scratch = grown(scratch, depth + to - from);
        for (let k = from; k < to; k++) {
          const g = locFrames[k];
          scratch[depth++] = g;
          h = hashStep(h, g);
        }
      }
      rows.add(stacks.internHashed(scratch, depth, finishHash(h, depth)), sets === undefined ? 0 : sets[s], values, s * types);
    }
  }
  return { stacks: stacks.table(), rows: rows.table() };
}

/** About how many frames a profile's samples hold: location references times the average frames per location. */
function frameEstimate(p: Profile, locationFrames: LocationFrames): number {
  const locations = locationFrames.start.length - 1;
  return Math.ceil(p.samples.locations.length * (locations > 0 ? locationFrames.start[locations] / locations : 1)) + 16;
}

function grown(a: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const next = new Int32Array(Math.max(size, a.length * 2));
  next.set(a);
  return next;
}

/**
 * Rows keyed by (stack, label set, profile). Profiles are added one after the other, so a stack's row in the
 * current profile is remembered beside the stack (one array read per sample); only stacks met again with another
 * label set in the same profile go through a (stack, label set) index, made per profile when first needed.
 */
class RowBuilder {
  private readonly stack: GrowableInt32;
  private readonly labelSet: GrowableInt32;
  private readonly profile: GrowableInt32;
  private readonly values: GrowableFloat64;
  /** Made at the first negative value (ModelRows.absValues). */
  private absValues: GrowableFloat64 | undefined;
  private lastRow = new Int32Array(1024).fill(-1);
  private byLabelSet: PairIndex | undefined;
  private current = -1;

  constructor(private readonly types: number, expected: number) {
    this.stack = new GrowableInt32(expected);
    this.labelSet = new GrowableInt32(expected);
    this.profile = new GrowableInt32(expected);
    this.values = new GrowableFloat64(expected * types);
  }

  beginProfile(profile: number): void {
    this.current = profile;
    this.byLabelSet = undefined;
  }

  add(stack: number, labelSet: number, values: Float64Array, from: number): void {
    if (stack >= this.lastRow.length) {
      const next = new Int32Array(Math.max(stack + 1, this.lastRow.length * 2)).fill(-1);
      next.set(this.lastRow);
      this.lastRow = next;
    }
    let row = this.lastRow[stack];
    if (row < 0 || this.profile.data[row] !== this.current) {
      row = this.newRow(stack, labelSet);
      this.lastRow[stack] = row;
    } else if (this.labelSet.data[row] !== labelSet) {
      // A stack met again with another label set: its rows of this profile go by (stack, label set) from now on.
      const index = (this.byLabelSet ??= new PairIndex(1 << 10));
      index.getOrAdd(stack, this.labelSet.data[row], row);
      const known = index.getOrAdd(stack, labelSet, this.stack.length);
      row = known >= 0 ? known : this.newRow(stack, labelSet);
    }
    const types = this.types;
    const out = this.values.data;
    let negative = false;
    for (let t = 0; t < types; t++) {
      const v = values[from + t];
      out[row * types + t] += v;
      if (v < 0) negative = true;
    }
    if (negative && !this.absValues) {
      // Every value so far was >= 0, so |sum| = sum of |v| for the rows before this sample; this one is undone.
      this.absValues = new GrowableFloat64(Math.max(16, this.values.length));
      for (let i = 0; i < this.values.length; i++) this.absValues.push(i >= row * types && i < (row + 1) * types ? out[i] - values[from + i - row * types] : out[i]);
    }
    const abs = this.absValues;
    if (abs) for (let t = 0; t < types; t++) abs.data[row * types + t] += Math.abs(values[from + t]);
  }

  table(): ModelRows {
    return { count: this.stack.length, stack: this.stack.trim(), labelSet: this.labelSet.trim(), profile: this.profile.trim(), values: this.values.trim(), absValues: this.absValues?.trim() };
  }

  private newRow(stack: number, labelSet: number): number {
    const row = this.stack.length;
    this.stack.push(stack);
    this.labelSet.push(labelSet);
    this.profile.push(this.current);
    for (let t = 0; t < this.types; t++) this.values.push(0);
    if (this.absValues) for (let t = 0; t < this.types; t++) this.absValues.push(0);
    return row;
  }
}

function sameValueType(a: ValueType | undefined, b: ValueType | undefined): boolean {
  return a?.type === b?.type && a?.unit === b?.unit;
}

function checkCompatible(first: Profile, p: Profile): void {
  const sameTypes = first.sampleTypes.length === p.sampleTypes.length && first.sampleTypes.every((t, i) => sameValueType(t, p.sampleTypes[i]));
  if (!sameTypes) {
    throw new ProfileError(p.source, `cannot merge: its sample types [${describeSampleTypes(p.sampleTypes)}] differ from ${first.source}'s [${describeSampleTypes(first.sampleTypes)}]`);
  }
  if (!sameValueType(first.periodType, p.periodType)) {
    const show = (t: ValueType | undefined) => (t ? `${t.type}/${t.unit}` : 'none');
    throw new ProfileError(p.source, `cannot merge: its period type ${show(p.periodType)} differs from ${first.source}'s ${show(first.periodType)}`);
  }
}
