/**
 * speedscope's JSON format (https://www.speedscope.app/file-format-schema.json), as written by py-spy, rbspy,
 * dotnet-trace, Austin, speedscope's own export and others: shared frames, then profiles, each "sampled" (stacks of
 * frame indices, root first, with weights) or "evented" (open/close events in time order).
 *
 * Read with the pull reader (json/jsonReader.ts), never JSON.parse: a 100 MB file is walked twice over its bytes —
 * once for the frames, once for the profiles — and what it keeps is the profile's columns, not the document. The
 * profiles of one kind (same unit, sampled or evented) become one Profile whose samples carry the profile's name as
 * the label `thread` when the file has several; profiles of another kind become another Profile.
 */
import { ProfileError } from '../../profile/errors';
import type { ProfileLimits } from '../../profile/limits';
import type { Profile, ValueType } from '../../profile/model';
import { MAX_STACK_DEPTH, ProfileBuilder } from '../build/profileBuilder';
import type { ProfileFormat } from '../format';
import { jsonHeadHas } from '../json/detect';
import { JsonError, JsonReader } from '../json/jsonReader';

const SCHEMA = 'https://www.speedscope.app/file-format-schema.json';

export const speedscopeFormat: ProfileFormat = {
  name: 'speedscope',
  accepts: 'speedscope JSON (py-spy, rbspy, dotnet-trace, speedscope\'s export)',
  detect: (bytes) => jsonHeadHas(bytes, SCHEMA) || (jsonHeadHas(bytes, '"shared"', '"frames"') && jsonHeadHas(bytes, '"profiles"')),
  read(bytes, source, limits) {
    try {
      return readSpeedscope(bytes, source, limits);
    } catch (e) {
      if (e instanceof JsonError) throw new ProfileError(source, `not a valid speedscope file: ${e.message}`);
      if (e instanceof RangeError) throw new ProfileError(source, `cannot read this speedscope file: ${e.message}`);
      throw e;
    }
  },
};

interface Frame {
  readonly name: string;
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

/** Time units become nanoseconds (pprof's unit for time); others keep their values. */
const UNITS: Record<string, { readonly valueType: ValueType; readonly scale: number }> = {
  nanoseconds: { valueType: { type: 'wall', unit: 'nanoseconds' }, scale: 1 },
  microseconds: { valueType: { type: 'wall', unit: 'nanoseconds' }, scale: 1e3 },
  milliseconds: { valueType: { type: 'wall', unit: 'nanoseconds' }, scale: 1e6 },
  seconds: { valueType: { type: 'wall', unit: 'nanoseconds' }, scale: 1e9 },
  bytes: { valueType: { type: 'alloc_space', unit: 'bytes' }, scale: 1 },
  none: { valueType: { type: 'samples', unit: 'count' }, scale: 1 },
};

/** One Profile being built: the profiles of one kind. */
interface Kind {
  readonly builder: ProfileBuilder;
  /** Whether it counts samples besides their weight (sample types [samples, weight]). */
  readonly counted: boolean;
  readonly scale: number;
  /** Location of each shared frame in this builder's tables (-1: not made yet). */
  readonly locationOf: Int32Array;
  durationNanos: number;
}

export function readSpeedscope(bytes: Uint8Array, source: string, limits: ProfileLimits): Profile[] {
  const reader = new JsonReader(bytes);
  const { frames, profilesAt, comments } = readShared(reader, source);
  if (profilesAt < 0) throw new ProfileError(source, 'not a speedscope file: it has no "profiles"');

  const kinds = new Map<string, Kind>();
  const profileCount = countProfiles(reader, profilesAt);
  reader.pos = profilesAt;
  reader.beginArray();
  let index = 0;
  while (reader.hasNext()) {
    readProfile(reader, index++, { source, limits, frames, kinds, comments, labelled: profileCount > 1 });
  }
  if (kinds.size === 0) throw new ProfileError(source, 'the speedscope file has no profiles');
  return [...kinds.values()].map((k) => ({ ...k.builder.build(), durationNanos: k.durationNanos, comments }));
}

function readShared(reader: JsonReader, source: string): { frames: Frame[]; profilesAt: number; comments: string[] } {
  let frames: Frame[] | undefined;
  let profilesAt = -1;
  const comments: string[] = [];
  reader.beginObject();
  for (let key = reader.key(); key !== undefined; key = reader.key()) {
    if (key === 'shared' && reader.peek() === 0x7b) {
      reader.beginObject();
      for (let k = reader.key(); k !== undefined; k = reader.key()) {
        if (k === 'frames') frames = readFrames(reader);
        else reader.skipValue();
      }
    } else if (key === 'profiles') {
      profilesAt = reader.pos;
      reader.skipValue();
    } else if ((key === 'name' || key === 'exporter') && reader.peek() === 0x22) {
      comments.push(`speedscope ${key}: ${reader.string()}`);
    } else {
      reader.skipValue();
    }
  }
  if (!reader.atEnd()) throw reader.error('unexpected content after the document');
  if (!frames) throw new ProfileError(source, 'not a speedscope file: it has no "shared": {"frames": [...]}');
  return { frames, profilesAt, comments };
}

function readFrames(reader: JsonReader): Frame[] {
  const frames: Frame[] = [];
  reader.beginArray();
  while (reader.hasNext()) {
    let name = '';
    let file = '';
    let line = 0;
    let col = 0;
    reader.beginObject();
    for (let k = reader.key(); k !== undefined; k = reader.key()) {
      const next = reader.peek();
      if (k === 'name' && next === 0x22) name = reader.string();
      else if (k === 'file' && next === 0x22) file = reader.string();
      else if (k === 'line' && next !== 0x6e) line = reader.number();
      else if (k === 'col' && next !== 0x6e) col = reader.number();
      else reader.skipValue();
    }
    frames.push({ name, file, line, col });
  }
  return frames;
}

function countProfiles(reader: JsonReader, at: number): number {
  reader.pos = at;
  let n = 0;
  reader.beginArray();
  while (reader.hasNext()) {
    reader.skipValue();
    n++;
  }
  return n;
}

interface ReadContext {
  readonly source: string;
  readonly limits: ProfileLimits;
  readonly frames: readonly Frame[];
  readonly kinds: Map<string, Kind>;
  readonly comments: string[];
  readonly labelled: boolean;
}

function readProfile(reader: JsonReader, index: number, ctx: ReadContext): void {
  let type = '';
  let name = `profile ${index + 1}`;
  let unit = 'none';
  let startValue = 0;
  let endValue = 0;
  let samplesAt = -1;
  let weightsAt = -1;
  let eventsAt = -1;
  reader.beginObject();
  for (let k = reader.key(); k !== undefined; k = reader.key()) {
    const next = reader.peek();
    if (k === 'type' && next === 0x22) type = reader.string();
    else if (k === 'name' && next === 0x22) name = reader.string();
    else if (k === 'unit' && next === 0x22) unit = reader.string();
    else if (k === 'startValue' && next !== 0x6e) startValue = reader.number();
    else if (k === 'endValue' && next !== 0x6e) endValue = reader.number();
    else {
      if (k === 'samples') samplesAt = reader.pos;
      else if (k === 'weights') weightsAt = reader.pos;
      else if (k === 'events') eventsAt = reader.pos;
      reader.skipValue();
    }
  }
  const after = reader.pos;
  const units = UNITS[unit];
  if (!units) throw new ProfileError(ctx.source, `profile "${name}" has unit "${unit}"; speedscope units are ${Object.keys(UNITS).join(', ')}`);
  if (type !== 'sampled' && type !== 'evented') throw new ProfileError(ctx.source, `profile "${name}" has type "${type}"; speedscope profiles are "sampled" or "evented"`);
  const kind = kindFor(ctx, type === 'sampled', unit);
  const labelSet = ctx.labelled ? kind.builder.labelSet([kind.builder.strings.intern('thread'), kind.builder.strings.intern(name)]) : 0;
  if (units.valueType.unit === 'nanoseconds') kind.durationNanos = Math.max(kind.durationNanos, (endValue - startValue) * units.scale);
  if (type === 'sampled') {
    if (samplesAt < 0) throw new ProfileError(ctx.source, `sampled profile "${name}" has no "samples"`);
    readSampled(reader, samplesAt, weightsAt, kind, labelSet, ctx, name);
  } else {
    if (eventsAt < 0) throw new ProfileError(ctx.source, `evented profile "${name}" has no "events"`);
    readEvented(reader, eventsAt, kind, labelSet, ctx, { name, startValue, endValue });
  }
  reader.pos = after;
}

function kindFor(ctx: ReadContext, sampled: boolean, unit: string): Kind {
  const key = `${sampled}\u0000${unit}`;
  let kind = ctx.kinds.get(key);
  if (!kind) {
    const { valueType, scale } = UNITS[unit];
    // A sampled profile also counts its samples (what the noise test of a diff needs), unless that is its unit.
    const sampleTypes = sampled && valueType.type !== 'samples' ? [{ type: 'samples', unit: 'count' }, valueType] : [valueType];
    const builder = new ProfileBuilder(ctx.source, ctx.limits, { sampleTypes, defaultSampleType: valueType.type, periodType: valueType, period: 0 });
    kind = { builder, counted: sampleTypes.length === 2, scale, locationOf: new Int32Array(ctx.frames.length).fill(-1), durationNanos: 0 };
    ctx.kinds.set(key, kind);
  }
  return kind;
}

function location(kind: Kind, ctx: ReadContext, frame: number, reader: JsonReader): number {
  if (!(frame >= 0 && frame < ctx.frames.length) || (frame | 0) !== frame) {
    throw reader.error(`frame index ${frame} is not one of the ${ctx.frames.length} shared frames`);
  }
  let loc = kind.locationOf[frame];
  if (loc < 0) {
    const f = ctx.frames[frame];
    const b = kind.builder;
    // speedscope's frames name the line being run, not where the function starts.
    loc = b.frame(b.function(b.strings.intern(f.name), b.strings.intern(f.file)), f.line, f.col);
    kind.locationOf[frame] = loc;
  }
  return loc;
}

function readSampled(reader: JsonReader, samplesAt: number, weightsAt: number, kind: Kind, labelSet: number, ctx: ReadContext, name: string): void {
  let weights: Float64Array = new Float64Array(0);
  let nWeights = 0;
  if (weightsAt >= 0) {
    reader.pos = weightsAt;
    weights = new Float64Array(1024);
    reader.beginArray();
    while (reader.hasNext()) {
      if (nWeights === weights.length) {
        const next = new Float64Array(weights.length * 2);
        next.set(weights);
        weights = next;
      }
      weights[nWeights++] = reader.number();
    }
  }
  reader.pos = samplesAt;
  let stack = new Int32Array(256);
  const values = new Float64Array(kind.counted ? 2 : 1);
  let s = 0;
  reader.beginArray();
  while (reader.hasNext()) {
    let depth = 0;
    let seen = 0;
    reader.beginArray();
    while (reader.hasNext()) {
      const loc = location(kind, ctx, reader.number(), reader);
      // Keep the leaf-most frames of an over-deep stack: slide the window once it is full.
      if (depth === stack.length && depth < MAX_STACK_DEPTH) {
        const next = new Int32Array(Math.min(stack.length * 2, MAX_STACK_DEPTH));
        next.set(stack);
        stack = next;
      }
      if (depth === MAX_STACK_DEPTH) {
        stack.copyWithin(0, 1, depth);
        depth--;
      }
      stack[depth++] = loc;
      seen++;
    }
    if (weightsAt >= 0 && s >= nWeights) throw new ProfileError(ctx.source, `sampled profile "${name}" has more samples than weights (${nWeights})`);
    const weight = weightsAt >= 0 ? weights[s] : 1;
    if (kind.counted) {
      values[0] = 1;
      values[1] = weight * kind.scale;
    } else {
      values[0] = weight * kind.scale;
    }
    if (seen > MAX_STACK_DEPTH) truncatedNote(ctx);
    kind.builder.sample(stack, depth, values, labelSet, true);
    s++;
  }
}

/**
 * Time with no frame open (before the first event, between root frames, after the last one up to endValue) is a
 * sample with an empty stack: it counts in the total, as speedscope counts the whole startValue..endValue span.
 */
function readEvented(reader: JsonReader, eventsAt: number, kind: Kind, labelSet: number, ctx: ReadContext, span: { name: string; startValue: number; endValue: number }): void {
  const { name } = span;
  reader.pos = eventsAt;
  let stack = new Int32Array(256);
  let frames = new Int32Array(256);
  let depth = 0;
  let last = span.startValue;
  const value = new Float64Array(1);
  reader.beginArray();
  while (reader.hasNext()) {
    let type = '';
    let frame = -1;
    let at = Number.NaN;
    reader.beginObject();
    for (let k = reader.key(); k !== undefined; k = reader.key()) {
      if (k === 'type' && reader.peek() === 0x22) type = reader.string();
      else if (k === 'frame' && reader.peek() !== 0x6e) frame = reader.number();
      else if (k === 'at' && reader.peek() !== 0x6e) at = reader.number();
      else reader.skipValue();
    }
    if (Number.isNaN(at)) throw reader.error(`an event of profile "${name}" has no time ("at")`);
    if (at < last) throw reader.error(`events of profile "${name}" are not in time order (or before its startValue)`);
    if (at > last) {
      value[0] = (at - last) * kind.scale;
      kind.builder.sample(stack, depth, value, labelSet, true);
    }
    last = at;
    if (type === 'O') {
      if (depth === MAX_STACK_DEPTH) throw reader.error(`profile "${name}" opens frames ${MAX_STACK_DEPTH} deep`);
      if (depth === stack.length) {
        stack = grown(stack);
        frames = grown(frames);
      }
      stack[depth] = location(kind, ctx, frame, reader);
      frames[depth++] = frame;
    } else if (type === 'C') {
      if (depth === 0 || frames[depth - 1] !== frame) {
        throw reader.error(`profile "${name}" closes frame ${frame} while ${depth === 0 ? 'no frame is open' : `frame ${frames[depth - 1]} is open`}`);
      }
      depth--;
    } else {
      throw reader.error(`an event of profile "${name}" has type "${type}" (not "O" or "C")`);
    }
  }
  if (span.endValue > last) {
    value[0] = (span.endValue - last) * kind.scale;
    kind.builder.sample(stack, depth, value, labelSet, true);
  }
}

function truncatedNote(ctx: ReadContext): void {
  const note = `perflens: stacks deeper than ${MAX_STACK_DEPTH} frames keep their ${MAX_STACK_DEPTH} innermost frames`;
  if (!ctx.comments.includes(note)) ctx.comments.push(note);
}

function grown(a: Int32Array): Int32Array<ArrayBuffer> {
  const next = new Int32Array(a.length * 2);
  next.set(a);
  return next;
}
