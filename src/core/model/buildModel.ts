/**
 * buildModel: decoded profiles of one kind (e.g. a service's CPU profiles over a time range) → one ProfileModel
 * (types.ts). Profiles must share sample types (names and units, in order) and period type, as `go tool pprof`
 * requires to merge; otherwise a ProfileError names the file that differs.
 *
 * The first profile's drop_frames / keep_frames are applied first, as pprof does when it loads profiles
 * (profile/pruneFrames.ts). Then, profile by profile: functions and frames are interned (frameInterner.ts), each
 * sample's locations are expanded into its frames and the stack interned (stackInterner.ts), and the sample's values
 * are added to the row of (stack, label set, profile). Nothing of a decoded Profile is kept: once built, the
 * model alone answers every query (strings keep only their compacted bytes).
 */
import { GrowableFloat64, GrowableInt32 } from '../aggregate/growable';
import { PairIndex } from '../aggregate/pairIndex';
import { defaultSampleTypeIndex, describeSampleTypes } from '../aggregate/sampleType';
import { ProfileError } from '../profile/errors';
import type { Profile, ValueType } from '../profile/model';
import { pruneFrames } from '../profile/pruneFrames';
import { FrameInterner, type LocationFrames } from './frameInterner';
import { DEFAULT_MAX_LABEL_SETS, internLabelSets } from './labelSets';
import { finishHash, HASH_SEED, hashStep, StackInterner } from './stackInterner';
import type { ModelRows, ProfileModel } from './types';

export interface BuildModelOptions {
  /** Told each note as it is made (a CLI prints them as warnings); every note is also in `model.notes`. */
  readonly warn?: (message: string) => void;
  /** The most label sets the model keeps (default 65,536); see labelSets.ts. */
  readonly maxLabelSets?: number;
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
  let samples = 0;
  let frameBound = 0;
  for (let pi = 0; pi < profiles.length; pi++) {
    samples += profiles[pi].samples.count;
    frameBound += expandedLength(profiles[pi], locationFrames[pi]);
  }
  const stacks = new StackInterner(samples, frameBound);
  const rows = new RowBuilder(types, samples);
  let scratch: Int32Array<ArrayBuffer> = new Int32Array(256);
  for (let pi = 0; pi < profiles.length; pi++) {
    const p = profiles[pi];
    const { start: locStart, frames: locFrames } = locationFrames[pi];
    const { locationStart, locations, values } = p.samples;
    const labelSetOf = labels.ofSample[pi];
    rows.beginProfile(pi);
    for (let s = 0; s < p.samples.count; s++) {
      let depth = 0;
      let h = HASH_SEED;
      for (let i = locationStart[s]; i < locationStart[s + 1]; i++) {
        const loc = locations[i];
        const from = locStart[loc];
        const to = locStart[loc + 1];
        if (depth + to - from > scratch.length) scratch = grown(scratch, depth + to - from);
        for (let k = from; k < to; k++) {
          const f = locFrames[k];
          scratch[depth++] = f;
          h = hashStep(h, f);
        }
      }
      rows.add(stacks.internHashed(scratch, depth, finishHash(h, depth)), labelSetOf === undefined ? 0 : labelSetOf[s], values, s * types);
    }
  }

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
    stacks: stacks.table(),
    labelSets: labels.table,
    rows: rows.table(),
    notes,
  };
}

/** How many frames the profile's samples hold with their locations expanded (the most its stacks can hold). */
function expandedLength(p: Profile, frames: LocationFrames): number {
  const { locations } = p.samples;
  const start = frames.start;
  let n = 0;
  for (let i = 0; i < locations.length; i++) n += start[locations[i] + 1] - start[locations[i]];
  return n;
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
