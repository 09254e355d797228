/**
 * The OpenTelemetry profiles signal on the wire, pinned to `opentelemetry.proto.profiles.v1development` as the Go
 * module `go.opentelemetry.io/proto/otlp/profiles/v1development` v0.3.0 generates it (common v1 from
 * go.opentelemetry.io/proto/otlp v1.10.0) — the version Grafana Pyroscope and Parca accept. Reads an
 * `ExportProfilesServiceRequest` (the collector's request) or a `ProfilesData` (the file form): both are
 * `{1: repeated ResourceProfiles, 2: ProfilesDictionary}`.
 *
 * The dictionary's tables become typed columns indexed as in the message (index 0 is each table's null entry);
 * profiles keep their samples as columns too (stack, attributes, link, summed value, number of observations).
 * Sample timestamps are counted, not kept. Indices are checked against their tables here, so later stages never
 * see a dangling reference. Field numbers are written next to each reader, from profiles.proto / common.proto.
 */
import { GrowableFloat64, GrowableInt32 } from '../../aggregate/growable';
import { Cursor, WIRE_FIXED64, WIRE_LENGTH, WIRE_VARINT } from '../../profile/cursor';
import { MalformedProfile } from '../../profile/errors';
import { StringTable } from '../../profile/stringTable';

/** An attribute value as a label takes it: text, or an integer (a pprof numeric label). */
export type AttributeValue = { readonly str: string } | { readonly num: number };

export interface Attribute {
  readonly key: string;
  readonly value: AttributeValue;
  readonly unit: string;
}

export interface OtlpDictionary {
  readonly strings: StringTable;
  readonly mappings: {
    readonly count: number;
    readonly memoryStart: BigUint64Array;
    readonly memoryLimit: BigUint64Array;
    readonly fileOffset: BigUint64Array;
    readonly filename: Int32Array;
    /** `process.executable.build_id.*` attribute of the mapping, '' when none. */
    readonly buildId: readonly string[];
  };
  readonly locations: { readonly count: number; readonly mapping: Int32Array; readonly address: BigUint64Array; readonly lineStart: Int32Array };
  readonly lines: { readonly count: number; readonly function: Int32Array; readonly line: Float64Array; readonly column: Float64Array };
  readonly functions: { readonly count: number; readonly name: Int32Array; readonly systemName: Int32Array; readonly filename: Int32Array; readonly startLine: Float64Array };
  /** Trace and span ids, lower-case hex ('' when absent). */
  readonly links: { readonly traceId: readonly string[]; readonly spanId: readonly string[] };
  readonly attributes: readonly Attribute[];
  readonly stacks: { readonly count: number; readonly start: Int32Array; readonly locations: Int32Array };
}

export interface OtlpSamples {
  readonly count: number;
  readonly stack: Int32Array;
  /** CSR into `attributes` (dictionary attribute indices). */
  readonly attributeStart: Int32Array;
  readonly attributes: Int32Array;
  readonly link: Int32Array;
  /** Sum of the sample's values; its number of timestamps when it has no values (each counts 1, as the spec says). */
  readonly value: Float64Array;
  /** Observations: the number of values, or of timestamps when there are no values. */
  readonly events: Float64Array;
}

export interface OtlpProfileMessage {
  readonly resource: readonly Attribute[];
  readonly scope: readonly Attribute[];
  readonly sampleType: { readonly type: string; readonly unit: string };
  readonly periodType: { readonly type: string; readonly unit: string } | undefined;
  readonly period: number;
  readonly timeNanos: number;
  readonly durationNanos: number;
  readonly attributes: readonly number[];
  readonly samples: OtlpSamples;
}

export interface OtlpMessage {
  readonly dictionary: OtlpDictionary;
  readonly profiles: readonly OtlpProfileMessage[];
}

/** Bounds on what a message may ask for, beyond its size: `maxSamples`/`maxStrings` are the core's limits. */
export interface OtlpWireLimits {
  readonly maxSamples: number;
  readonly maxStrings: number;
}

/** A message over one of the limits (a size, not a defect): the reader says which limit. */
export class OtlpLimitError extends Error {}

/** Deepest nesting of array/kvlist attribute values read (deeper ones read as "…"). */
const MAX_VALUE_DEPTH = 4;
/** Longest text an attribute value becomes. */
const MAX_VALUE_TEXT = 4096;

export function decodeOtlpMessage(buf: Uint8Array, limits: OtlpWireLimits): OtlpMessage {
  const c = new Cursor(buf);
  const resourceRanges: [number, number][] = [];
  let dictionary: [number, number] | undefined;
  while (c.pos < buf.length) {
    const tag = c.tag();
    if (tag === ((1 << 3) | WIRE_LENGTH)) resourceRanges.push(range(c, buf.length));
    else if (tag === ((2 << 3) | WIRE_LENGTH)) dictionary = range(c, buf.length); // last one wins, as protobuf merges
    else c.skip(tag & 7, buf.length);
  }
  if (!dictionary) throw new MalformedProfile('the message has no ProfilesDictionary (field 2)', 'invalid');
  const dict = new DictionaryReader(buf, limits).read(dictionary[0], dictionary[1]);
  const profiles: OtlpProfileMessage[] = [];
  let samples = 0;
  for (const [start, end] of resourceRanges) {
    for (const p of readResourceProfiles(c, start, end, dict)) {
      samples += p.samples.count;
      if (samples > limits.maxSamples) throw new OtlpLimitError(`more than ${limits.maxSamples} samples, over the limit (maxSamples)`);
      profiles.push(p);
    }
  }
  return { dictionary: dict, profiles };
}

function range(c: Cursor, limit: number): [number, number] {
  const end = c.lengthEnd(limit);
  const start = c.pos;
  c.pos = end;
  return [start, end];
}

class DictionaryReader {
  private readonly c: Cursor;
  constructor(private readonly buf: Uint8Array, private readonly limits: OtlpWireLimits) {
    this.c = new Cursor(buf);
  }

  read(start: number, end: number): OtlpDictionary {
    const c = this.c;
    const parts: Record<number, [number, number][]> = { 1: [], 2: [], 3: [], 4: [], 5: [], 6: [], 7: [] };
    c.pos = start;
    while (c.pos < end) {
      const tag = c.tag();
      const field = tag >>> 3;
      if ((tag & 7) === WIRE_LENGTH && field >= 1 && field <= 7) parts[field].push(range(c, end));
      else c.skip(tag & 7, end);
    }
    if (parts[5].length > this.limits.maxStrings) throw new OtlpLimitError(`${parts[5].length} strings, over the limit of ${this.limits.maxStrings} (maxStrings)`);
    const strings = this.strings(parts[5]);
    const str = (i: number, what: string) => {
      if (i < 0 || i >= strings.count) throw new MalformedProfile(`${what} refers to string ${i}, outside the string table (${strings.count})`, 'invalid');
      return i;
    };
    const attributes = parts[6].map(([s, e]) => this.keyValueAndUnit(s, e, strings));
    const functions = this.functions(parts[3], str);
    const mappings = this.mappings(parts[1], str, attributes);
    const { locations, lines } = this.locations(parts[2], mappings.count, functions.count);
    const links = this.links(parts[4]);
    const stacks = this.stacks(parts[7], locations.count);
    return { strings, mappings, locations, lines, functions, links, attributes, stacks };
  }

  private strings(ranges: readonly [number, number][]): StringTable {
    const n = Math.max(1, ranges.length);
    const starts = new Int32Array(n);
    const lengths = new Int32Array(n);
    ranges.forEach(([s, e], i) => {
      starts[i] = s;
      lengths[i] = e - s;
    });
    const table = new StringTable(this.buf, starts, lengths);
    if (table.get(0) !== '') throw new MalformedProfile('string_table[0] must be the empty string', 'invalid');
    return table.compactStringBytes();
  }

  private keyValueAndUnit(start: number, end: number, strings: StringTable): Attribute {
    const c = this.c;
    c.pos = start;
    let key = 0;
    let unit = 0;
    let value: AttributeValue = { str: '' };
    while (c.pos < end) {
      const tag = c.tag();
      if (tag === ((1 << 3) | WIRE_VARINT)) key = c.u();
      else if (tag === ((3 << 3) | WIRE_VARINT)) unit = c.u();
      else if (tag === ((2 << 3) | WIRE_LENGTH)) {
        const [s, e] = range(c, end);
        value = readAnyValue(this.buf, s, e, strings, 0);
        c.pos = e;
      } else c.skip(tag & 7, end);
    }
    if (key >= strings.count || unit >= strings.count) throw new MalformedProfile(`an attribute refers to a string outside the string table (${strings.count})`, 'invalid');
    return { key: strings.get(key), value, unit: strings.get(unit) };
  }

  private functions(ranges: readonly [number, number][], str: (i: number, what: string) => number) {
    const n = ranges.length;
    const name = new Int32Array(n);
    const systemName = new Int32Array(n);
    const filename = new Int32Array(n);
    const startLine = new Float64Array(n);
    const c = this.c;
    ranges.forEach(([s, e], i) => {
      c.pos = s;
      while (c.pos < e) {
        const tag = c.tag();
        if (tag === ((1 << 3) | WIRE_VARINT)) name[i] = str(c.u(), `function ${i}`);
        else if (tag === ((2 << 3) | WIRE_VARINT)) systemName[i] = str(c.u(), `function ${i}`);
        else if (tag === ((3 << 3) | WIRE_VARINT)) filename[i] = str(c.u(), `function ${i}`);
        else if (tag === ((4 << 3) | WIRE_VARINT)) startLine[i] = c.s();
        else c.skip(tag & 7, e);
      }
      c.expectEnd(e, 'function', s);
    });
    return { count: n, name, systemName, filename, startLine };
  }

  private mappings(ranges: readonly [number, number][], str: (i: number, what: string) => number, attributes: readonly Attribute[]) {
    const n = ranges.length;
    const memoryStart = new BigUint64Array(n);
    const memoryLimit = new BigUint64Array(n);
    const fileOffset = new BigUint64Array(n);
    const filename = new Int32Array(n);
    const buildId: string[] = new Array<string>(n).fill('');
    const c = this.c;
    ranges.forEach(([s, e], i) => {
      c.pos = s;
      while (c.pos < e) {
        const tag = c.tag();
        if (tag === ((1 << 3) | WIRE_VARINT)) memoryStart[i] = this.u64();
        else if (tag === ((2 << 3) | WIRE_VARINT)) memoryLimit[i] = this.u64();
        else if (tag === ((3 << 3) | WIRE_VARINT)) fileOffset[i] = this.u64();
        else if (tag === ((4 << 3) | WIRE_VARINT)) filename[i] = str(c.u(), `mapping ${i}`);
        else if ((tag >>> 3) === 5) {
          for (const a of this.indices(tag, e, attributes.length, `mapping ${i}'s attribute`)) {
            const attr = attributes[a];
            if (attr.key.startsWith('process.executable.build_id') && 'str' in attr.value && buildId[i] === '') buildId[i] = attr.value.str;
          }
        } else c.skip(tag & 7, e);
      }
    });
    return { count: n, memoryStart, memoryLimit, fileOffset, filename, buildId };
  }

  private locations(ranges: readonly [number, number][], mappingCount: number, functionCount: number) {
    const n = ranges.length;
    const mapping = new Int32Array(n);
    const address = new BigUint64Array(n);
    const lineStart = new Int32Array(n + 1);
    const fn = new GrowableInt32(n);
    const lineNo = new GrowableFloat64(n);
    const column = new GrowableFloat64(n);
    const c = this.c;
    ranges.forEach(([s, e], i) => {
      c.pos = s;
      let m = 0;
      while (c.pos < e) {
        const tag = c.tag();
        if (tag === ((1 << 3) | WIRE_VARINT)) m = c.u();
        else if (tag === ((2 << 3) | WIRE_VARINT)) address[i] = this.u64();
        else if (tag === ((3 << 3) | WIRE_LENGTH)) {
          const [ls, le] = range(c, e);
          let f = 0;
          let line = 0;
          let col = 0;
          c.pos = ls;
          while (c.pos < le) {
            const t = c.tag();
            if (t === ((1 << 3) | WIRE_VARINT)) f = c.u();
            else if (t === ((2 << 3) | WIRE_VARINT)) line = c.s();
            else if (t === ((3 << 3) | WIRE_VARINT)) col = c.s();
            else c.skip(t & 7, le);
          }
          c.expectEnd(le, 'line', ls);
          if (f >= functionCount) throw new MalformedProfile(`location ${i} refers to function ${f}, outside the function table (${functionCount})`, 'invalid');
          fn.push(f === 0 ? -1 : f);
          lineNo.push(line);
          column.push(col);
        } else c.skip(tag & 7, e);
      }
      if (m >= mappingCount && m !== 0) throw new MalformedProfile(`location ${i} refers to mapping ${m}, outside the mapping table (${mappingCount})`, 'invalid');
      mapping[i] = m === 0 ? -1 : m;
      lineStart[i + 1] = fn.length;
    });
    return {
      locations: { count: n, mapping, address, lineStart },
      lines: { count: fn.length, function: fn.trim(), line: lineNo.trim(), column: column.trim() },
    };
  }

  private links(ranges: readonly [number, number][]) {
    const traceId: string[] = [];
    const spanId: string[] = [];
    const c = this.c;
    for (const [s, e] of ranges) {
      c.pos = s;
      let trace = '';
      let span = '';
      while (c.pos < e) {
        const tag = c.tag();
        if (tag === ((1 << 3) | WIRE_LENGTH)) trace = hex(this.buf, ...range(c, e));
        else if (tag === ((2 << 3) | WIRE_LENGTH)) span = hex(this.buf, ...range(c, e));
        else c.skip(tag & 7, e);
      }
      traceId.push(trace);
      spanId.push(span);
    }
    return { traceId, spanId };
  }

  private stacks(ranges: readonly [number, number][], locationCount: number) {
    const start = new Int32Array(ranges.length + 1);
    const locations = new GrowableInt32(ranges.length * 8);
    ranges.forEach(([s, e], i) => {
      const c = this.c;
      c.pos = s;
      while (c.pos < e) {
        const tag = c.tag();
        if ((tag >>> 3) === 1) for (const l of this.indices(tag, e, locationCount, `stack ${i}'s location`)) locations.push(l);
        else c.skip(tag & 7, e);
      }
      start[i + 1] = locations.length;
    });
    return { count: ranges.length, start, locations: locations.trim() };
  }

  /** A repeated int32 field of indices (packed or not) at the cursor, each checked to be below `count`. */
  private indices(tag: number, limit: number, count: number, what: string): number[] {
    return readIndices(this.c, tag, limit, count, what);
  }

  private u64(): bigint {
    const c = this.c;
    const v = c.u();
    return v <= Number.MAX_SAFE_INTEGER && c.hi === 0 ? BigInt(v) : (BigInt(c.hi) << 32n) | BigInt(c.lo);
  }
}

function readIndices(c: Cursor, tag: number, limit: number, count: number, what: string): number[] {
  const out: number[] = [];
  const check = (v: number) => {
    if (v >= count) throw new MalformedProfile(`${what} index ${v} is outside its table (${count})`, 'invalid');
    out.push(v);
  };
  if ((tag & 7) === WIRE_VARINT) check(c.u());
  else if ((tag & 7) === WIRE_LENGTH) {
    const end = c.lengthEnd(limit);
    while (c.pos < end) check(c.u());
    c.expectEnd(end, 'packed indices', end);
  } else throw new MalformedProfile(`${what}: wrong wire type ${tag & 7}`);
  return out;
}

function readResourceProfiles(c: Cursor, start: number, end: number, dict: OtlpDictionary): OtlpProfileMessage[] {
  let resource: Attribute[] = [];
  const scopes: [number, number][] = [];
  c.pos = start;
  while (c.pos < end) {
    const tag = c.tag();
    if (tag === ((1 << 3) | WIRE_LENGTH)) {
      const [s, e] = range(c, end);
      resource = readKeyValues(c.buf, s, e, 1, dict.strings);
      c.pos = e;
    } else if (tag === ((2 << 3) | WIRE_LENGTH)) scopes.push(range(c, end));
    else c.skip(tag & 7, end);
  }
  const out: OtlpProfileMessage[] = [];
  for (const [s, e] of scopes) {
    let scope: Attribute[] = [];
    const profiles: [number, number][] = [];
    c.pos = s;
    while (c.pos < e) {
      const tag = c.tag();
      if (tag === ((1 << 3) | WIRE_LENGTH)) {
        const [ss, se] = range(c, e);
        scope = readKeyValues(c.buf, ss, se, 3, dict.strings); // InstrumentationScope.attributes = 3
        c.pos = se;
      } else if (tag === ((2 << 3) | WIRE_LENGTH)) profiles.push(range(c, e));
      else c.skip(tag & 7, e);
    }
    for (const [ps, pe] of profiles) out.push(readProfile(c, ps, pe, dict, resource, scope));
  }
  return out;
}

function readProfile(c: Cursor, start: number, end: number, dict: OtlpDictionary, resource: Attribute[], scope: Attribute[]): OtlpProfileMessage {
  let sampleType = { type: '', unit: '' };
  let periodType: { type: string; unit: string } | undefined;
  let period = 0;
  let timeNanos = 0;
  let durationNanos = 0;
  let attributes: number[] = [];
  const sampleRanges: [number, number][] = [];
  c.pos = start;
  while (c.pos < end) {
    const tag = c.tag();
    const field = tag >>> 3;
    if (tag === ((1 << 3) | WIRE_LENGTH)) sampleType = readValueType(c, end, dict.strings);
    else if (tag === ((2 << 3) | WIRE_LENGTH)) sampleRanges.push(range(c, end));
    else if (tag === ((3 << 3) | WIRE_FIXED64)) timeNanos = fixed64(c, end);
    else if (tag === ((4 << 3) | WIRE_VARINT)) durationNanos = c.u();
    else if (tag === ((5 << 3) | WIRE_LENGTH)) periodType = readValueType(c, end, dict.strings);
    else if (tag === ((6 << 3) | WIRE_VARINT)) period = c.s();
    else if (field === 11) attributes = readIndices(c, tag, end, dict.attributes.length, 'profile attribute');
    else c.skip(tag & 7, end);
  }
  const n = sampleRanges.length;
  const stack = new Int32Array(n);
  const link = new Int32Array(n);
  const value = new Float64Array(n);
  const events = new Float64Array(n);
  const attributeStart = new Int32Array(n + 1);
  const sampleAttributes = new GrowableInt32(n * 2);
  sampleRanges.forEach(([s, e], i) => {
    c.pos = s;
    let values = 0;
    let sum = 0;
    let timestamps = 0;
    while (c.pos < e) {
      const tag = c.tag();
      const field = tag >>> 3;
      if (tag === ((1 << 3) | WIRE_VARINT)) {
        const st = c.u();
        if (st >= dict.stacks.count) throw new MalformedProfile(`sample ${i} refers to stack ${st}, outside the stack table (${dict.stacks.count})`, 'invalid');
        stack[i] = st;
      } else if (field === 2) {
        for (const a of readIndices(c, tag, e, dict.attributes.length, `sample ${i}'s attribute`)) sampleAttributes.push(a);
      } else if (tag === ((3 << 3) | WIRE_VARINT)) {
        const l = c.u();
        if (l >= dict.links.spanId.length && l !== 0) throw new MalformedProfile(`sample ${i} refers to link ${l}, outside the link table (${dict.links.spanId.length})`, 'invalid');
        link[i] = l;
      } else if (field === 4 && (tag & 7) === WIRE_LENGTH) {
        const ve = c.lengthEnd(e);
        while (c.pos < ve) { sum += c.s(); values++; }
        c.expectEnd(ve, 'packed values', ve);
      } else if (tag === ((4 << 3) | WIRE_VARINT)) { sum += c.s(); values++; }
      else if (field === 5 && (tag & 7) === WIRE_LENGTH) {
        const te = c.lengthEnd(e);
        if ((te - c.pos) % 8 !== 0) throw new MalformedProfile(`sample ${i}: packed timestamps are not a whole number of 8-byte values`);
        timestamps += (te - c.pos) / 8;
        c.pos = te;
      } else if (tag === ((5 << 3) | WIRE_FIXED64)) { c.pos += 8; timestamps++; }
      else c.skip(tag & 7, e);
    }
    if (c.pos > e) throw new MalformedProfile(`truncated sample ${i}`);
    value[i] = values > 0 ? sum : timestamps;
    events[i] = values > 0 ? values : timestamps;
    attributeStart[i + 1] = sampleAttributes.length;
  });
  return {
    resource,
    scope,
    sampleType,
    periodType,
    period,
    timeNanos,
    durationNanos,
    attributes,
    samples: { count: n, stack, attributeStart, attributes: sampleAttributes.trim(), link, value, events },
  };
}

function readValueType(c: Cursor, limit: number, strings: StringTable): { type: string; unit: string } {
  const end = c.lengthEnd(limit);
  let type = 0;
  let unit = 0;
  while (c.pos < end) {
    const tag = c.tag();
    if (tag === ((1 << 3) | WIRE_VARINT)) type = c.u();
    else if (tag === ((2 << 3) | WIRE_VARINT)) unit = c.u();
    else c.skip(tag & 7, end);
  }
  if (type >= strings.count || unit >= strings.count) throw new MalformedProfile(`a value type refers to a string outside the string table (${strings.count})`, 'invalid');
  return { type: strings.get(type), unit: strings.get(unit) };
}

function fixed64(c: Cursor, limit: number): number {
  if (c.pos + 8 > limit) throw new MalformedProfile(`truncated fixed64 at byte ${c.pos}`);
  const b = c.buf;
  const p = c.pos;
  const lo = (b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24)) >>> 0;
  const hi = (b[p + 4] | (b[p + 5] << 8) | (b[p + 6] << 16) | (b[p + 7] << 24)) >>> 0;
  c.pos = p + 8;
  return hi * 4294967296 + lo;
}

/** `repeated KeyValue` at field `field` of the message in [start, end): KeyValue {1 key, 2 value, 3 key_strindex}. */
function readKeyValues(buf: Uint8Array, start: number, end: number, field: number, strings: StringTable, depth = 0): Attribute[] {
  const c = new Cursor(buf);
  const out: Attribute[] = [];
  c.pos = start;
  while (c.pos < end) {
    const tag = c.tag();
    if (tag !== ((field << 3) | WIRE_LENGTH)) {
      c.skip(tag & 7, end);
      continue;
    }
    const [s, e] = range(c, end);
    const kv = new Cursor(buf);
    kv.pos = s;
    let key = '';
    let value: AttributeValue = { str: '' };
    while (kv.pos < e) {
      const t = kv.tag();
      if (t === ((1 << 3) | WIRE_LENGTH)) key = utf8(buf, ...range(kv, e));
      else if (t === ((3 << 3) | WIRE_VARINT)) key = stringAt(strings, kv.u());
      else if (t === ((2 << 3) | WIRE_LENGTH)) {
        const [vs, ve] = range(kv, e);
        value = readAnyValue(buf, vs, ve, strings, depth);
      } else kv.skip(t & 7, e);
    }
    out.push({ key, value, unit: '' });
  }
  return out;
}

/** AnyValue {1 string, 2 bool, 3 int, 4 double, 5 array, 6 kvlist, 7 bytes, 8 string_value_strindex}. */
function readAnyValue(buf: Uint8Array, start: number, end: number, strings: StringTable, depth: number): AttributeValue {
  const c = new Cursor(buf);
  c.pos = start;
  let value: AttributeValue = { str: '' };
  while (c.pos < end) {
    const tag = c.tag();
    switch (tag) {
      case (1 << 3) | WIRE_LENGTH: value = { str: clipText(utf8(buf, ...range(c, end))) }; break;
      case (2 << 3) | WIRE_VARINT: value = { str: c.u() !== 0 ? 'true' : 'false' }; break;
      case (3 << 3) | WIRE_VARINT: value = { num: c.s() }; break;
      case (4 << 3) | WIRE_FIXED64: {
        if (c.pos + 8 > end) throw new MalformedProfile(`truncated double at byte ${c.pos}`);
        value = { str: String(new DataView(buf.buffer, buf.byteOffset + c.pos, 8).getFloat64(0, true)) };
        c.pos += 8;
        break;
      }
      case (5 << 3) | WIRE_LENGTH: {
        const [s, e] = range(c, end);
        value = { str: depth >= MAX_VALUE_DEPTH ? '[…]' : clipText(`[${arrayValues(buf, s, e, strings, depth + 1).join(',')}]`) };
        break;
      }
      case (6 << 3) | WIRE_LENGTH: {
        const [s, e] = range(c, end);
        value = { str: depth >= MAX_VALUE_DEPTH ? '{…}' : clipText(`{${readKeyValues(buf, s, e, 1, strings, depth + 1).map((kv) => `${kv.key}=${textOf(kv.value)}`).join(',')}}`) };
        break;
      }
      case (7 << 3) | WIRE_LENGTH: value = { str: clipText(hex(buf, ...range(c, end))) }; break;
      case (8 << 3) | WIRE_VARINT: value = { str: stringAt(strings, c.u()) }; break;
      default: c.skip(tag & 7, end);
    }
  }
  return value;
}

function arrayValues(buf: Uint8Array, start: number, end: number, strings: StringTable, depth: number): string[] {
  const c = new Cursor(buf);
  const out: string[] = [];
  c.pos = start;
  while (c.pos < end) {
    const tag = c.tag();
    if (tag === ((1 << 3) | WIRE_LENGTH)) out.push(textOf(readAnyValue(buf, ...range(c, end), strings, depth)));
    else c.skip(tag & 7, end);
    if (out.length > 256) break;
  }
  return out;
}

export function textOf(v: AttributeValue): string {
  return 'str' in v ? v.str : String(v.num);
}

function stringAt(strings: StringTable, i: number): string {
  if (i >= strings.count) throw new MalformedProfile(`an attribute refers to string ${i}, outside the string table (${strings.count})`, 'invalid');
  return strings.get(i);
}

const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

function utf8(buf: Uint8Array, start: number, end: number): string {
  return decoder.decode(buf.subarray(start, Math.min(end, start + MAX_VALUE_TEXT * 4)));
}

function clipText(s: string): string {
  return s.length > MAX_VALUE_TEXT ? `${s.slice(0, MAX_VALUE_TEXT - 1)}…` : s;
}

function hex(buf: Uint8Array, start: number, end: number): string {
  let out = '';
  for (let i = start; i < end && i < start + 64; i++) out += buf[i].toString(16).padStart(2, '0');
  return out;
}
