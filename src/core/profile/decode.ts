/**
 * The pprof decoder: uncompressed profile.proto bytes → the columnar Profile of model.ts.
 *
 * It is hand-written rather than pprof-format's `Profile.decode` because pprof is millions of tiny nested
 * messages with 64-bit varints, and an object per sample/location costs both time and memory: see
 * bench/README-profile.md for the measured difference.
 *
 * Passes over the buffer (each top-level walk only reads a tag and a length per message, so walking again is
 * cheap; the inner bytes of samples are read twice, locations and tables once):
 *   1. count the top-level messages (samples, locations, lines, functions, strings...) and check wire types, so
 *      every column is allocated once at its exact size, and the limits are checked before allocating;
 *   2. strings (offsets only), sample types, mappings, functions and the scalar fields;
 *   3. locations and their lines, resolving function and mapping ids (both tables now known);
 *   4. only for an exact FrameRoom (or bounds too large to reserve): the samples' sizes — location references,
 *      labels, and the frames they expand to (a location is as many frames as it has lines: see FrameRoom,
 *      withFrameRoom); otherwise pass 5 fills columns reserved from upper bounds (references from the bytes of the
 *      sample run, each at least one byte), of which only what is written takes memory;
 *   5. samples, resolving location ids to dense indices as they are read, and counting the frames they expand to
 *      (expandedLength).
 * Repeated scalars are accepted packed or unpacked (both are legal; Go writes packed). Unknown fields are skipped.
 */
import { Cursor, countPackedVarints, WIRE_LENGTH, WIRE_VARINT } from './cursor';
import { MalformedProfile, ProfileError } from './errors';
import { displayId, IdIndex, idKey, type IdKey } from './idIndex';
import { resolveLimits, type ProfileLimits } from './limits';
import type { Profile, ValueType } from './model';
import { StringTable } from './stringTable';

/** Field numbers of profile.proto messages. */
const enum ProfileField {
  SampleType = 1, Sample = 2, Mapping = 3, Location = 4, Function = 5, StringTable = 6, DropFrames = 7,
  KeepFrames = 8, TimeNanos = 9, DurationNanos = 10, PeriodType = 11, Period = 12, Comment = 13,
  DefaultSampleType = 14, DocUrl = 15,
}

const FIELD_NAMES: Record<number, string> = {
  1: 'sample_type', 2: 'sample', 3: 'mapping', 4: 'location', 5: 'function', 6: 'string_table', 7: 'drop_frames',
  8: 'keep_frames', 9: 'time_nanos', 10: 'duration_nanos', 11: 'period_type', 12: 'period', 13: 'comment',
  14: 'default_sample_type', 15: 'doc_url',
};

// Whether uint32 halves can be written straight into a BigUint64Array's memory (every platform Node runs on).
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * How much room the sample location column leaves for its frames (withFrameRoom): exactly the frames its locations
 * expand to (pass 4 then resolves every location id, ~10% of the decode), or an upper bound (every byte of the
 * sample run a reference, as wide as the widest location: no pass 4), which costs nothing where memory is taken only
 * when written (Linux, macOS) but on Windows is committed memory, up to ~10x the frames.
 */
export type FrameRoom = 'exact' | 'bound';

const PLATFORM_FRAME_ROOM: FrameRoom = typeof process !== 'undefined' && process.platform === 'win32' ? 'exact' : 'bound';

/**
 * Decodes an uncompressed pprof profile. `source` names the file in error messages. Throws ProfileError for
 * anything that is not a valid profile or is over a limit; never any other error for bad input.
 */
export function decodeProfile(bytes: Uint8Array, source: string, limits?: Partial<ProfileLimits>, room: FrameRoom = PLATFORM_FRAME_ROOM): Profile {
  const resolved = resolveLimits(limits);
  if (bytes.length > resolved.maxDecompressedBytes) {
    throw new ProfileError(source, `profile is ${bytes.length} bytes, over the limit of ${resolved.maxDecompressedBytes} bytes (maxDecompressedBytes)`);
  }
  if (bytes.length === 0) throw new ProfileError(source, 'not a pprof profile (empty file)');
  if (bytes[0] === 0x1f && bytes.length > 1 && bytes[1] === 0x8b) {
    throw new ProfileError(source, 'profile is gzip-compressed; decompress it before decoding (see parseProfile)');
  }
  try {
    return new Decoder(bytes, source, resolved, room === 'exact').decode();
  } catch (e) {
    if (e instanceof MalformedProfile) throw e.toProfileError(source);
    if (e instanceof RangeError) throw new ProfileError(source, `cannot decode profile: ${e.message}`);
    throw e;
  }
}

/**
 * Where the fields of one kind (samples, locations) lie: from the first one's tag to the last one's end. `alone` when
 * no other field is among them (writers put each table's entries together), so a pass that reads them walks only
 * that run and the other passes step over it in one jump.
 */
class FieldRun {
  from = -1;
  to = -1;
  alone = true;
  private after = false;

  /** Pass 1 tells every top-level field, in order: whether it is of this kind, and where it starts and ends. */
  see(ofKind: boolean, start: number, end: number): void {
    if (!ofKind) {
      if (this.from >= 0) this.after = true;
      return;
    }
    if (this.from < 0) this.from = start;
    else if (this.after) this.alone = false;
    this.to = end;
  }

  /** Where a pass that reads only these fields starts and stops. */
  bounds(end: number): [number, number] {
    if (this.from < 0) return [end, end];
    return this.alone ? [this.from, this.to] : [0, end];
  }
}

class Decoder {
  private readonly c: Cursor;
  private readonly end: number;

  // Counts from pass 1.
  private nSampleTypes = 0;
  private nSamples = 0;
  private nMappings = 0;
  private nLocations = 0;
  private nLines = 0;
  private nFunctions = 0;
  private nStrings = 0;
  private nComments = 0;
  /** Strings the table really has (an empty table still has the implicit ""). */
  private stringCount = 1;
  private readonly sampleRun = new FieldRun();
  private readonly locationRun = new FieldRun();

  constructor(private readonly buf: Uint8Array, private readonly source: string, private readonly limits: ProfileLimits, private readonly exactFrameRoom: boolean) {
    this.c = new Cursor(buf);
    this.end = buf.length;
  }

  decode(): Profile {
    this.countFields();
    if (this.nSampleTypes === 0) throw new MalformedProfile('no sample types');
    if (this.nSamples > this.limits.maxSamples) {
      throw new ProfileError(this.source, `${this.nSamples} samples, over the limit of ${this.limits.maxSamples} (maxSamples)`);
    }
    if (this.nStrings > this.limits.maxStrings) {
      throw new ProfileError(this.source, `${this.nStrings} strings, over the limit of ${this.limits.maxStrings} (maxStrings)`);
    }
    this.stringCount = Math.max(1, this.nStrings);
    const tables = this.decodeTables();
    const locations = this.decodeLocations(tables.functionIndex, tables.mappingIndex);
    const reader = new LocationIdReader(this.c, locations.index, this.nLocations);
    const width = frameWidths(locations.locations.lineStart);
    const samples = this.decodeSamples(reader, width, this.sampleRoom(reader, width));

    let strings = tables.strings;
    if (strings.get(0) !== '') throw new MalformedProfile('string_table[0] must be the empty string', 'invalid');
    // Copy string bytes out so the decompressed buffer can be freed while strings stay lazy.
    strings = strings.compactStringBytes();
    const str = (i: number) => strings.get(i);
    const valueType = (t: [number, number]): ValueType => ({ type: str(t[0]), unit: str(t[1]) });
    return {
      source: this.source,
      strings,
      sampleTypes: tables.sampleTypes.map(valueType),
      defaultSampleType: str(tables.scalars.defaultSampleType),
      periodType: tables.periodType ? valueType(tables.periodType) : undefined,
      period: tables.scalars.period,
      timeNanos: tables.scalars.timeNanos,
      durationNanos: tables.scalars.durationNanos,
      dropFrames: str(tables.scalars.dropFrames),
      keepFrames: str(tables.scalars.keepFrames),
      comments: Array.from(tables.comments, str),
      docUrl: str(tables.scalars.docUrl),
      samples: samples.samples,
      labels: samples.labels,
      locations: locations.locations,
      lines: locations.lines,
      functions: tables.functions,
      mappings: tables.mappings,
    };
  }

  // ---- pass 1: counts and wire types ----

  private countFields(): void {
    const c = this.c;
    const buf = this.buf;
    const end = this.end;
    while (c.pos < end) {
      const tagStart = c.pos;
      const tag = c.tag();
      const field = tag >>> 3;
      const wire = tag & 7;
      switch (field) {
        case ProfileField.SampleType:
        case ProfileField.Mapping:
        case ProfileField.Function:
        case ProfileField.StringTable:
        case ProfileField.PeriodType: {
          this.expectWire(field, wire, WIRE_LENGTH, tagStart);
          c.pos = c.lengthEnd(end);
          if (field === ProfileField.SampleType) this.nSampleTypes++;
          else if (field === ProfileField.Mapping) this.nMappings++;
          else if (field === ProfileField.Function) this.nFunctions++;
          else if (field === ProfileField.StringTable) this.nStrings++;
          break;
        }
        case ProfileField.Sample:
          this.expectWire(field, wire, WIRE_LENGTH, tagStart);
          c.pos = c.lengthEnd(end);
          this.nSamples++;
          break;
        case ProfileField.Location: {
          this.expectWire(field, wire, WIRE_LENGTH, tagStart);
          const e = c.lengthEnd(end);
          this.nLocations++;
          this.countLocation(e);
          break;
        }
        case ProfileField.Comment:
          if (wire === WIRE_VARINT) {
            c.u();
            this.nComments++;
          } else {
            this.expectWire(field, wire, WIRE_LENGTH, tagStart);
            const e = c.lengthEnd(end);
            this.nComments += countPackedVarints(buf, c.pos, e);
            c.pos = e;
          }
          break;
        case ProfileField.DropFrames:
        case ProfileField.KeepFrames:
        case ProfileField.TimeNanos:
        case ProfileField.DurationNanos:
        case ProfileField.Period:
        case ProfileField.DefaultSampleType:
        case ProfileField.DocUrl:
          this.expectWire(field, wire, WIRE_VARINT, tagStart);
          c.u();
          break;
        default:
          c.skip(wire, end);
      }
      if (c.pos > end) throw new MalformedProfile(`truncated field at byte ${tagStart}`);
      this.sampleRun.see(field === ProfileField.Sample, tagStart, c.pos);
      this.locationRun.see(field === ProfileField.Location, tagStart, c.pos);
    }
  }

  private countLocation(e: number): void {
    const c = this.c;
    const start = c.pos;
    while (c.pos < e) {
      const tagStart = c.pos;
      const tag = c.tag();
      if (tag >>> 3 === 4) {
        if ((tag & 7) !== WIRE_LENGTH) throw this.wireError('location.line', tag & 7, tagStart);
        this.nLines++;
        c.pos = c.lengthEnd(e);
      } else {
        c.skip(tag & 7, e);
      }
    }
    c.expectEnd(e, 'location', start);
  }

  // ---- pass 2: strings, sample types, mappings, functions, scalars ----

  private decodeTables() {
    const c = this.c;
    const end = this.end;
    const stringStarts = new Int32Array(this.nStrings);
    const stringLengths = new Int32Array(this.nStrings);
    const sampleTypes: [number, number][] = [];
    let periodType: [number, number] | undefined;
    const comments: number[] = [];
    const scalars = { dropFrames: 0, keepFrames: 0, timeNanos: 0, durationNanos: 0, period: 0, defaultSampleType: 0, docUrl: 0 };

    const nf = this.nFunctions;
    const functions = {
      count: nf,
      id: new Float64Array(nf),
      name: new Int32Array(nf),
      systemName: new Int32Array(nf),
      filename: new Int32Array(nf),
      startLine: new Float64Array(nf),
    };
    const functionKeys: IdKey[] = new Array(nf);
    const nm = this.nMappings;
    const mappings = {
      count: nm,
      id: new Float64Array(nm),
      memoryStart: new BigUint64Array(nm),
      memoryLimit: new BigUint64Array(nm),
      fileOffset: new BigUint64Array(nm),
      filename: new Int32Array(nm),
      buildId: new Int32Array(nm),
      flags: new Uint8Array(nm),
    };
    const mappingKeys: IdKey[] = new Array(nm);
    const mappingWords = [
      new Uint32Array(mappings.memoryStart.buffer),
      new Uint32Array(mappings.memoryLimit.buffer),
      new Uint32Array(mappings.fileOffset.buffer),
    ];

    let si = 0;
    let fi = 0;
    let mi = 0;
    const samples = this.sampleRun;
    const locationRun = this.locationRun;
    c.pos = 0;
    while (c.pos < end) {
      if (c.pos === samples.from && samples.alone) {
        c.pos = samples.to;
        continue;
      }
      if (c.pos === locationRun.from && locationRun.alone) {
        c.pos = locationRun.to;
        continue;
      }
      const tag = c.tag();
      const field = tag >>> 3;
      const wire = tag & 7;
      switch (field) {
        case ProfileField.StringTable: {
          const e = c.lengthEnd(end);
          stringStarts[si] = c.pos;
          stringLengths[si] = e - c.pos;
          si++;
          c.pos = e;
          break;
        }
        case ProfileField.SampleType:
          sampleTypes.push(this.valueType(c.lengthEnd(end), 'sample_type'));
          break;
        case ProfileField.PeriodType:
          periodType = this.valueType(c.lengthEnd(end), 'period_type');
          break;
        case ProfileField.Function: {
          const e = c.lengthEnd(end);
          const start = c.pos;
          while (c.pos < e) {
            const tagStart = c.pos;
            const t = c.tag();
            const w = t & 7;
            switch (t >>> 3) {
              case 1:
                this.expectWireIn('function.id', w, WIRE_VARINT, tagStart);
                functions.id[fi] = c.u();
                functionKeys[fi] = idKey(functions.id[fi], c.hi, c.lo);
                break;
              case 2: functions.name[fi] = this.stringIndex(c, w, tagStart, 'function.name'); break;
              case 3: functions.systemName[fi] = this.stringIndex(c, w, tagStart, 'function.system_name'); break;
              case 4: functions.filename[fi] = this.stringIndex(c, w, tagStart, 'function.filename'); break;
              case 5:
                this.expectWireIn('function.start_line', w, WIRE_VARINT, tagStart);
                functions.startLine[fi] = c.s();
                break;
              default: c.skip(w, e);
            }
          }
          c.expectEnd(e, 'function', start);
          if (functionKeys[fi] === undefined) functionKeys[fi] = 0;
          fi++;
          break;
        }
        case ProfileField.Mapping: {
          const e = c.lengthEnd(end);
          const start = c.pos;
          while (c.pos < e) {
            const tagStart = c.pos;
            const t = c.tag();
            const f = t >>> 3;
            const w = t & 7;
            if (f >= 1 && f <= 4) {
              this.expectWireIn('mapping field', w, WIRE_VARINT, tagStart);
              const v = c.u();
              if (f === 1) {
                mappings.id[mi] = v;
                mappingKeys[mi] = idKey(v, c.hi, c.lo);
              } else {
                writeUint64(mappingWords[f - 2], mi, v, c);
              }
            } else if (f === 5) {
              mappings.filename[mi] = this.stringIndex(c, w, tagStart, 'mapping.filename');
            } else if (f === 6) {
              mappings.buildId[mi] = this.stringIndex(c, w, tagStart, 'mapping.build_id');
            } else if (f >= 7 && f <= 10) {
              this.expectWireIn('mapping flag', w, WIRE_VARINT, tagStart);
              const bit = 1 << (f - 7);
              if (c.u() !== 0) mappings.flags[mi] |= bit;
              else mappings.flags[mi] &= ~bit;
            } else {
              c.skip(w, e);
            }
          }
          c.expectEnd(e, 'mapping', start);
          if (mappingKeys[mi] === undefined) mappingKeys[mi] = 0;
          mi++;
          break;
        }
        case ProfileField.Comment:
          if (wire === WIRE_VARINT) {
            comments.push(this.checkString(c.s(), 'comment'));
          } else {
            const e = c.lengthEnd(end);
            const start = c.pos;
            while (c.pos < e) comments.push(this.checkString(c.s(), 'comment'));
            c.expectEnd(e, 'comment', start);
          }
          break;
        case ProfileField.DropFrames: scalars.dropFrames = this.checkString(c.s(), 'drop_frames'); break;
        case ProfileField.KeepFrames: scalars.keepFrames = this.checkString(c.s(), 'keep_frames'); break;
        case ProfileField.TimeNanos: scalars.timeNanos = c.s(); break;
        case ProfileField.DurationNanos: scalars.durationNanos = c.s(); break;
        case ProfileField.Period: scalars.period = c.s(); break;
        case ProfileField.DefaultSampleType: scalars.defaultSampleType = this.checkString(c.s(), 'default_sample_type'); break;
        case ProfileField.DocUrl: scalars.docUrl = this.checkString(c.s(), 'doc_url'); break;
        default:
          c.skip(wire, end);
      }
    }

    const strings = this.nStrings === 0
      ? new StringTable(new Uint8Array(0), new Int32Array(1), new Int32Array(1))
      : new StringTable(this.buf, stringStarts, stringLengths);
    return {
      strings,
      sampleTypes,
      periodType,
      comments,
      scalars,
      functions,
      mappings,
      functionIndex: new IdIndex(functionKeys, 'function'),
      mappingIndex: new IdIndex(mappingKeys, 'mapping'),
    };
  }

  /** A ValueType message (sample_type, period_type): [type string index, unit string index]. */
  private valueType(e: number, what: string): [number, number] {
    const c = this.c;
    const start = c.pos;
    let type = 0;
    let unit = 0;
    while (c.pos < e) {
      const tagStart = c.pos;
      const t = c.tag();
      const f = t >>> 3;
      if (f === 1) type = this.stringIndex(c, t & 7, tagStart, `${what}.type`);
      else if (f === 2) unit = this.stringIndex(c, t & 7, tagStart, `${what}.unit`);
      else c.skip(t & 7, e);
    }
    c.expectEnd(e, what, start);
    return [type, unit];
  }

  // ---- pass 3: locations and lines ----

  private decodeLocations(functionIndex: IdIndex, mappingIndex: IdIndex) {
    const c = this.c;
    const end = this.end;
    const n = this.nLocations;
    const locations = {
      count: n,
      id: new Float64Array(n),
      mapping: new Int32Array(n).fill(-1),
      address: new BigUint64Array(n),
      isFolded: new Uint8Array(n),
      lineStart: new Int32Array(n + 1),
    };
    const addressWords = new Uint32Array(locations.address.buffer);
    const nl = this.nLines;
    const lines = {
      count: nl,
      function: new Int32Array(nl).fill(-1),
      line: new Float64Array(nl),
      column: new Float64Array(nl),
    };
    const keys: IdKey[] = new Array(n);
    let li = 0;
    let lineAt = 0;
    const [from, to] = this.locationRun.bounds(end);
    c.pos = from;
    while (c.pos < to) {
      const tag = c.tag();
      if (tag >>> 3 !== ProfileField.Location) {
        c.skip(tag & 7, end);
        continue;
      }
      const e = c.lengthEnd(end);
      const start = c.pos;
      locations.lineStart[li] = lineAt;
      keys[li] = 0;
      while (c.pos < e) {
        const tagStart = c.pos;
        const t = c.tag();
        const w = t & 7;
        switch (t >>> 3) {
          case 1:
            this.expectWireIn('location.id', w, WIRE_VARINT, tagStart);
            locations.id[li] = c.u();
            keys[li] = idKey(locations.id[li], c.hi, c.lo);
            break;
          case 2: {
            this.expectWireIn('location.mapping_id', w, WIRE_VARINT, tagStart);
            const v = c.u();
            if (v === 0) {
              locations.mapping[li] = -1;
            } else {
              const key = idKey(v, c.hi, c.lo);
              const m = mappingIndex.get(key);
              if (m < 0) throw new MalformedProfile(`location ${li + 1} refers to mapping id ${displayId(key)}, which is not defined`, 'invalid');
              locations.mapping[li] = m;
            }
            break;
          }
          case 3:
            this.expectWireIn('location.address', w, WIRE_VARINT, tagStart);
            writeUint64(addressWords, li, c.u(), c);
            break;
          case 4: {
            const le = c.lengthEnd(e);
            const lineStartPos = c.pos;
            while (c.pos < le) {
              const lineTagStart = c.pos;
              const lt = c.tag();
              const lw = lt & 7;
              switch (lt >>> 3) {
                case 1: {
                  this.expectWireIn('line.function_id', lw, WIRE_VARINT, lineTagStart);
                  const v = c.u();
                  if (v === 0) {
                    lines.function[lineAt] = -1;
                  } else {
                    const key = idKey(v, c.hi, c.lo);
                    const fn = functionIndex.get(key);
                    if (fn < 0) throw new MalformedProfile(`location ${li + 1} refers to function id ${displayId(key)}, which is not defined`, 'invalid');
                    lines.function[lineAt] = fn;
                  }
                  break;
                }
                case 2:
                  this.expectWireIn('line.line', lw, WIRE_VARINT, lineTagStart);
                  lines.line[lineAt] = c.s();
                  break;
                case 3:
                  this.expectWireIn('line.column', lw, WIRE_VARINT, lineTagStart);
                  lines.column[lineAt] = c.s();
                  break;
                default:
                  c.skip(lw, le);
              }
            }
            c.expectEnd(le, 'line', lineStartPos);
            lineAt++;
            break;
          }
          case 5:
            this.expectWireIn('location.is_folded', w, WIRE_VARINT, tagStart);
            locations.isFolded[li] = c.u() !== 0 ? 1 : 0;
            break;
          default:
            c.skip(w, e);
        }
      }
      c.expectEnd(e, 'location', start);
      li++;
    }
    locations.lineStart[n] = lineAt;
    return { locations, lines, index: new IdIndex(keys, 'location') };
  }

  // ---- passes 4 and 5: samples ----

  /**
   * Steps to the next sample (over any other field before `to`, the end of the sample run) and returns its end, the
   * cursor at its first field; -1 when there is none.
   */
  private nextSample(to: number): number {
    const c = this.c;
    while (c.pos < to) {
      const tag = c.tag();
      if (tag >>> 3 === ProfileField.Sample) return c.lengthEnd(this.end);
      c.skip(tag & 7, this.end);
    }
    return -1;
  }

  /**
   * Pass 4 (only for an exact FrameRoom, or a bound too large to reserve): how many location references and labels
   * the samples hold (wire types checked), so pass 5 fills columns of exact sizes, and the frames they expand to:
   * exactly (the location ids resolved, each as many frames as its location's lines) with an exact FrameRoom, else an
   * upper bound (every reference as wide as the widest location).
   */
  private sampleSizes(reader: LocationIdReader, { width, widest }: FrameWidths): SampleSizes {
    const c = this.c;
    const exact = this.exactFrameRoom && widest > 1;
    let scratch = new Int32Array(256);
    let refs = 0;
    let frames = 0;
    let labels = 0;
    const [from, to] = this.sampleRun.bounds(this.end);
    c.pos = from;
    for (let s = 0, e = this.nextSample(to); e >= 0; s++, e = this.nextSample(to)) {
      const start = c.pos;
      while (c.pos < e) {
        const tagStart = c.pos;
        const t = c.tag();
        const field = t >>> 3;
        const w = t & 7;
        if (field === 1) {
          if (w !== WIRE_LENGTH && w !== WIRE_VARINT) throw this.wireError('sample.location_id', w, tagStart);
          if (!exact) {
            if (w === WIRE_VARINT) {
              c.u();
              refs++;
            } else {
              const pe = c.lengthEnd(e);
              refs += c.countVarints(c.pos, pe);
              c.pos = pe;
            }
            continue;
          }
          // A packed run holds at most one id per byte.
          if (e - c.pos >= scratch.length) scratch = new Int32Array(Math.max(e - c.pos + 1, 2 * scratch.length));
          const n = reader.read(w, e, scratch, 0, s);
          refs += n;
          for (let i = 0; i < n; i++) frames += width[scratch[i]];
        } else if (field === 2) {
          if (w === WIRE_LENGTH) c.pos = c.lengthEnd(e);
          else if (w === WIRE_VARINT) c.u();
          else throw this.wireError('sample.value', w, tagStart);
        } else if (field === 3) {
          if (w !== WIRE_LENGTH) throw this.wireError('sample.label', w, tagStart);
          labels++;
          c.pos = c.lengthEnd(e);
        } else {
          c.skip(w, e);
        }
      }
      c.expectEnd(e, 'sample', start);
    }
    return { refs, frames: exact ? frames : Math.min(refs * widest, MAX_FRAME_ROOM), labels };
  }

  /**
   * The sample location column's room (withFrameRoom) and the labels there are: reserved from upper bounds without
   * pass 4 (every reference is at least a byte of the sample run; labels -1: not counted) unless the room must be
   * exact, or the bound is more than can be reserved.
   */
  private sampleRoom(reader: LocationIdReader, width: FrameWidths): { room: Int32Array; labels: number } {
    const [from, to] = this.sampleRun.bounds(this.end);
    if (!this.exactFrameRoom && (to - from) * width.widest <= MAX_FRAME_ROOM) {
      try {
        return { room: withFrameRoom(to - from, (to - from) * width.widest), labels: -1 };
      } catch (e) {
        // Address space refused (a small machine with strict overcommit): counted exactly instead.
        if (!(e instanceof RangeError)) throw e;
      }
    }
    const sizes = this.sampleSizes(reader, width);
    return { room: withFrameRoom(sizes.refs, sizes.frames), labels: sizes.labels };
  }

  /**
   * Pass 5: the samples' columns and their labels, in the room sampleRoom made (the column is its first entries)
   * and labels in columns of pass 4's count, or growing.
   */
  private decodeSamples(reader: LocationIdReader, { width, wide }: FrameWidths, { room, labels: labelCount }: { room: Int32Array; labels: number }) {
    const c = this.c;
    const ns = this.nSamples;
    const nTypes = this.nSampleTypes;
    const locationStart = new Int32Array(ns + 1);
    const values = new Float64Array(ns * nTypes);
    const labelStart = new Int32Array(ns + 1);
    const labels = new LabelColumns(Math.max(0, labelCount));

    let at = 0;
    let frames = 0;
    const [from, to] = this.sampleRun.bounds(this.end);
    c.pos = from;
    for (let s = 0, e = this.nextSample(to); e >= 0; s++, e = this.nextSample(to)) {
      const start = c.pos;
      locationStart[s] = at;
      labelStart[s] = labels.count;
      const valueBase = s * nTypes;
      let nValues = 0;
      while (c.pos < e) {
        const tagStart = c.pos;
        const t = c.tag();
        const field = t >>> 3;
        const w = t & 7;
        if (field === 1) {
          if (w !== WIRE_LENGTH && w !== WIRE_VARINT) throw this.wireError('sample.location_id', w, tagStart);
          const first = at;
          at += reader.read(w, e, room, at, s);
          // The ids just written are in cache: their frames are counted here rather than in a pass of their own.
          for (let i = first; i < at; i++) frames += width[room[i]];
        } else if (field === 2) {
          if (w === WIRE_LENGTH) {
            const pe = c.lengthEnd(e);
            const runStart = c.pos;
            while (c.pos < pe) {
              const v = c.s();
              if (nValues < nTypes) values[valueBase + nValues] = v;
              nValues++;
            }
            c.expectEnd(pe, 'sample.value', runStart);
          } else {
            if (w !== WIRE_VARINT) throw this.wireError('sample.value', w, tagStart);
            const v = c.s();
            if (nValues < nTypes) values[valueBase + nValues] = v;
            nValues++;
          }
        } else if (field === 3) {
          if (w !== WIRE_LENGTH) throw this.wireError('sample.label', w, tagStart);
          this.decodeLabel(c.lengthEnd(e), labels, labels.add());
        } else {
          c.skip(w, e);
        }
      }
      c.expectEnd(e, 'sample', start);
      if (nValues !== nTypes) {
        throw new MalformedProfile(`sample ${s + 1} has ${nValues} values but the profile has ${nTypes} sample types`, 'invalid');
      }
    }
    locationStart[ns] = at;
    labelStart[ns] = labels.count;
    const locations = at === room.length ? room : new Int32Array(room.buffer, 0, at);
    if (!wide) expandedLengths.set(locations, frames);
    return { samples: { count: ns, locationStart, locations, values, labelStart }, labels: labels.table() };
  }

  private decodeLabel(e: number, labels: LabelColumns, i: number): void {
    const c = this.c;
    const start = c.pos;
    while (c.pos < e) {
      const tagStart = c.pos;
      const t = c.tag();
      const w = t & 7;
      switch (t >>> 3) {
        case 1: labels.key[i] = this.stringIndex(c, w, tagStart, 'label.key'); break;
        case 2: labels.str[i] = this.stringIndex(c, w, tagStart, 'label.str'); break;
        case 3:
          this.expectWireIn('label.num', w, WIRE_VARINT, tagStart);
          labels.num[i] = c.s();
          break;
        case 4: labels.numUnit[i] = this.stringIndex(c, w, tagStart, 'label.num_unit'); break;
        default: c.skip(w, e);
      }
    }
    c.expectEnd(e, 'label', start);
  }

  // ---- helpers ----

  private stringIndex(c: Cursor, wire: number, tagStart: number, what: string): number {
    this.expectWireIn(what, wire, WIRE_VARINT, tagStart);
    return this.checkString(c.s(), what);
  }

  private checkString(index: number, what: string): number {
    if (index < 0 || index >= this.stringCount) {
      throw new MalformedProfile(`${what} refers to string ${index}, but the string table has ${this.nStrings} entries`, 'invalid');
    }
    return index;
  }

  private expectWire(field: number, wire: number, expected: number, tagStart: number): void {
    if (wire !== expected) throw this.wireError(FIELD_NAMES[field] ?? `field ${field}`, wire, tagStart);
  }

  private expectWireIn(what: string, wire: number, expected: number, tagStart: number): void {
    if (wire !== expected) throw this.wireError(what, wire, tagStart);
  }

  private wireError(what: string, wire: number, tagStart: number): MalformedProfile {
    return new MalformedProfile(`${what} has wire type ${wire} at byte ${tagStart}`);
  }
}

interface SampleSizes {
  /** Location references of all samples (or an upper bound). */
  readonly refs: number;
  /** The frames those references expand to: each location as many as its lines, at least one (or an upper bound). */
  readonly frames: number;
  readonly labels: number;
}

/**
 * A byte per location: the frames it expands to (its lines, at least one), so the table stays in cache while every
 * reference reads it. A location of more than 255 lines (no real profile has one) counts as 255 and makes the table
 * `wide`: then the count is not exact, and buildModel counts the frames itself.
 */
interface FrameWidths {
  readonly width: Uint8Array;
  readonly widest: number;
  readonly wide: boolean;
}

function frameWidths(lineStart: Int32Array): FrameWidths {
  const width = new Uint8Array(lineStart.length - 1);
  let widest = 1;
  let wide = false;
  for (let l = 0; l < width.length; l++) {
    const n = lineStart[l + 1] - lineStart[l];
    if (n > 255) wide = true;
    width[l] = Math.min(255, Math.max(1, n));
    if (width[l] > widest) widest = width[l];
  }
  return { width, widest, wide };
}

/** The frames decoded sample location columns expand to (expandedLength), by column. */
const expandedLengths = new WeakMap<Int32Array, number>();

/**
 * How many frames a decoded profile's sample locations expand to, each location as many as its lines and at least
 * one (what buildModel expands them to), counted while they were decoded: undefined for a column the decoder did not
 * make (a pruned or synthesized profile) or when a location has more than 255 lines.
 */
export function expandedLength(locations: Int32Array): number | undefined {
  return expandedLengths.get(locations);
}

/** Sample labels as they are decoded: exactly sized when pass 4 counted them, else growing. */
class LabelColumns {
  count = 0;
  key: Int32Array;
  str: Int32Array;
  num: Float64Array;
  numUnit: Int32Array;

  constructor(capacity: number) {
    this.key = new Int32Array(capacity);
    this.str = new Int32Array(capacity);
    this.num = new Float64Array(capacity);
    this.numUnit = new Int32Array(capacity);
  }

  /** Index of a new label (zeros: absent fields are 0). */
  add(): number {
    if (this.count === this.key.length) {
      const capacity = Math.max(1024, 2 * this.count);
      this.key = grownInt32(this.key, capacity);
      this.str = grownInt32(this.str, capacity);
      this.numUnit = grownInt32(this.numUnit, capacity);
      const num = new Float64Array(capacity);
      num.set(this.num);
      this.num = num;
    }
    return this.count++;
  }

  table() {
    const n = this.count;
    const fit = <T extends Int32Array | Float64Array>(a: T): T => (a.length === n ? a : (a.slice(0, n) as T));
    return { count: n, key: fit(this.key), str: fit(this.str), num: fit(this.num), numUnit: fit(this.numUnit) };
  }
}

function grownInt32(a: Int32Array, capacity: number): Int32Array {
  const next = new Int32Array(capacity);
  next.set(a);
  return next;
}

/**
 * Reads a sample's location_id field (a packed run, or one varint) at the cursor, resolving each id to its dense
 * location index: the hottest loop of the decoder (one iteration per stack frame of every sample), run by pass 4 to
 * size the columns and by pass 5 to fill them.
 */
class LocationIdReader {
  /** Ids 1..n in order (Go) are their index plus one: no lookup (0 when they are not). */
  private readonly sequential: number;
  /** Else the flat id → index table when ids are small; an empty one sends every id to the slow path. */
  private readonly dense: Int32Array;

  constructor(private readonly c: Cursor, private readonly index: IdIndex, locations: number) {
    this.sequential = index.sequential ? locations : 0;
    this.dense = index.table ?? new Int32Array(0);
  }

  /**
   * Writes the field's location indices to `out` from `at` (room for one entry per byte of the field, or exactly as
   * many as it holds) and returns how many; `sample` (0-based) names the sample in errors. `e` is the sample's end.
   */
  read(wire: number, e: number, out: Int32Array, at: number, sample: number): number {
    const c = this.c;
    const dense = this.dense;
    const denseLength = dense.length;
    const first = at;
    if (wire !== WIRE_LENGTH) {
      const id = c.u();
      let index = id < denseLength ? dense[id] : -1;
      if (index < 0) index = this.slow(id, sample);
      out[at] = index;
      return 1;
    }
    const pe = c.lengthEnd(e);
    const runStart = c.pos;
    const sequential = this.sequential;
    // Varints of up to 3 bytes (ids < 2^21) are decoded from three bytes read at once, their lengths from the
    // continuation bits without a branch (which would be mispredicted about once an id); longer ones, and the last
    // two bytes of the buffer, go through the cursor.
    const buf = c.buf;
    let pos = c.pos;
    const fastEnd = Math.min(pe, buf.length - 2);
    while (pos < pe) {
      let id: number;
      if (pos < fastEnd) {
        const b0 = buf[pos];
        const b1 = buf[pos + 1];
        const b2 = buf[pos + 2];
        const c0 = b0 >> 7;
        const c1 = c0 & (b1 >> 7);
        if ((c1 & (b2 >> 7)) === 0) {
          id = (b0 & 0x7f) | (((b1 & 0x7f) << 7) & -c0) | ((b2 << 14) & -c1);
          pos += 1 + c0 + c1;
        } else {
          c.pos = pos;
          id = c.u();
          pos = c.pos;
        }
      } else {
        c.pos = pos;
        id = c.u();
        pos = c.pos;
      }
      let index = id - 1;
      if (!(index >= 0 && index < sequential)) {
        index = id < denseLength ? dense[id] : -1;
        if (index < 0) {
          if (pos > pe) break; // a varint running past the run: reported as truncated below
          index = this.slow(id, sample);
        }
      }
      out[at++] = index;
    }
    c.pos = pos;
    c.expectEnd(pe, 'sample.location_id', runStart);
    return at - first;
  }

  /** A location id not in the flat table: a large id, or one that is not defined. */
  private slow(id: number, sample: number): number {
    const key = idKey(id, this.c.hi, this.c.lo);
    const found = this.index.get(key);
    if (found < 0) {
      throw new MalformedProfile(`sample ${sample + 1} refers to location id ${displayId(key)}, which is not defined`, 'invalid');
    }
    return found;
  }
}

/**
 * Room for the sample location column, in a buffer with room for it to be expanded in place into one entry per frame
 * (every location as many as its lines: what buildModel does when it may take the profile apart), so a model is built
 * without a second column of that size. `refs` and `frames` are pass 4's figures or upper bounds (see FrameRoom):
 * memory is taken only where written. The column is the first `refs` entries, or fewer (decodeSamples).
 */
function withFrameRoom(refs: number, frames: number): Int32Array {
  if (frames <= refs || frames > MAX_FRAME_ROOM) return new Int32Array(refs);
  return new Int32Array(new ArrayBuffer(frames * 4), 0, refs);
}

/** The most entries withFrameRoom leaves room for (4 GB); a larger expansion makes a new column. */
const MAX_FRAME_ROOM = 1 << 30;

/** Stores the uint64 just read (value `v`, halves in the cursor when v needed 5+ bytes) into a BigUint64Array's words. */
function writeUint64(words: Uint32Array, i: number, v: number, c: Cursor): void {
  let hi = 0;
  let lo = v;
  if (v >= 268435456) {
    hi = c.hi;
    lo = c.lo;
  }
  if (LITTLE_ENDIAN) {
    words[2 * i] = lo;
    words[2 * i + 1] = hi;
  } else {
    words[2 * i] = hi;
    words[2 * i + 1] = lo;
  }
}
