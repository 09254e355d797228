/**
 * A JFR writer for generated recordings (benchmarks, unit tests, fuzzing): chunks of metadata, constant pools
 * and events in JFR 2.0's layout with compressed integers, as the JDK and async-profiler write them. Written from
 * the format as the JDK documents it; it writes what the caller describes and checks nothing, so tests can also
 * describe broken recordings.
 */

export class ByteSink {
  private buf = new Uint8Array(1 << 16);
  length = 0;

  private ensure(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  byte(b: number): this {
    this.ensure(1);
    this.buf[this.length++] = b & 0xff;
    return this;
  }

  bytes(b: Uint8Array): this {
    this.ensure(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
    return this;
  }

  /** LEB128 of up to 9 bytes (the 9th carries 8 bits); negative numbers as their 64-bit two's complement. */
  varlong(value: number | bigint): this {
    let v = BigInt.asUintN(64, BigInt(value));
    for (let i = 0; i < 8; i++) {
      if (v < 0x80n) return this.byte(Number(v));
      this.byte(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    return this.byte(Number(v));
  }

  /** A varlong padded to exactly `width` bytes (the JDK writes event sizes this way), when it fits. */
  paddedVarlong(value: number, width: number): this {
    let v = value;
    for (let i = 0; i < width - 1; i++) {
      this.byte((v & 0x7f) | 0x80);
      v = Math.floor(v / 128);
    }
    return this.byte(v & 0x7f);
  }

  u16(v: number): this {
    return this.byte(v >>> 8).byte(v);
  }

  u32(v: number): this {
    return this.byte(v >>> 24).byte(v >>> 16).byte(v >>> 8).byte(v);
  }

  u64(v: number | bigint): this {
    const b = BigInt.asUintN(64, BigInt(v));
    return this.u32(Number(b >> 32n)).u32(Number(b & 0xffffffffn));
  }

  f32(v: number): this {
    const d = new DataView(new ArrayBuffer(4));
    d.setFloat32(0, v);
    return this.bytes(new Uint8Array(d.buffer));
  }

  f64(v: number): this {
    const d = new DataView(new ArrayBuffer(8));
    d.setFloat64(0, v);
    return this.bytes(new Uint8Array(d.buffer));
  }

  /** A JFR string in the given encoding: utf8 (3), chars (4, UTF-16 units as varints), latin1 (5). */
  string(s: string | null, encoding: 'utf8' | 'chars' | 'latin1' = 'utf8'): this {
    if (s === null) return this.byte(0);
    if (s === '') return this.byte(1);
    if (encoding === 'chars') {
      this.byte(4).varlong(s.length);
      for (let i = 0; i < s.length; i++) this.varlong(s.charCodeAt(i));
      return this;
    }
    if (encoding === 'latin1' && /^[\x00-\xff]*$/.test(s)) {
      this.byte(5).varlong(s.length);
      for (let i = 0; i < s.length; i++) this.byte(s.charCodeAt(i));
      return this;
    }
    const b = utf8.encode(s);
    return this.byte(3).varlong(b.length).bytes(b);
  }

  /** A string stored in the java.lang.String pool under `key`. */
  stringRef(key: number | bigint): this {
    return this.byte(2).varlong(key);
  }

  result(): Uint8Array {
    return this.buf.slice(0, this.length);
  }

  view(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }

  patchU64(at: number, v: number): void {
    const b = BigInt(v);
    const hi = Number(b >> 32n);
    const lo = Number(b & 0xffffffffn);
    for (let i = 0; i < 4; i++) {
      this.buf[at + i] = (hi >>> (24 - 8 * i)) & 0xff;
      this.buf[at + 4 + i] = (lo >>> (24 - 8 * i)) & 0xff;
    }
  }
}

const utf8 = new TextEncoder();

export interface FieldDef {
  readonly name: string;
  readonly type: number;
  readonly constantPool?: boolean;
  readonly array?: boolean;
}

export interface ClassDef {
  readonly id: number;
  readonly name: string;
  readonly superType?: string;
  readonly fields: readonly FieldDef[];
}

interface Element {
  name: string;
  attributes: [string, string][];
  children: Element[];
}

/** The metadata event of a chunk declaring `classes`. */
export function metadataEvent(classes: readonly ClassDef[]): Uint8Array {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const id = (s: string) => {
    let i = index.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      index.set(s, i);
    }
    return i;
  };
  const classElements: Element[] = classes.map((c) => ({
    name: 'class',
    attributes: [['id', String(c.id)], ['name', c.name], ...(c.superType ? [['superType', c.superType] as [string, string]] : [])],
    children: c.fields.map((f) => ({
      name: 'field',
      attributes: [
        ['name', f.name],
        ['class', String(f.type)],
        ...(f.constantPool ? [['constantPool', 'true'] as [string, string]] : []),
        ...(f.array ? [['dimension', '1'] as [string, string]] : []),
      ],
      children: [],
    })),
  }));
  const root: Element = { name: 'root', attributes: [], children: [{ name: 'metadata', attributes: [], children: classElements }, { name: 'region', attributes: [['gmtOffset', '0']], children: [] }] };
  const visit = (e: Element) => {
    id(e.name);
    for (const [k, v] of e.attributes) {
      id(k);
      id(v);
    }
    e.children.forEach(visit);
  };
  visit(root);
  const body = new ByteSink();
  body.varlong(0).varlong(0).varlong(0).varlong(1); // type 0, start, duration, metadata id
  body.varlong(strings.length);
  for (const s of strings) body.string(s);
  const write = (e: Element) => {
    body.varlong(id(e.name)).varlong(e.attributes.length);
    for (const [k, v] of e.attributes) body.varlong(id(k)).varlong(id(v));
    body.varlong(e.children.length);
    e.children.forEach(write);
  };
  write(root);
  return sized(body.view(), false);
}

/** An event: its size (which counts itself) then `body` (type id and fields). */
export function sized(body: Uint8Array, pad4: boolean): Uint8Array {
  const out = new ByteSink();
  if (pad4 && body.length + 4 < 1 << 28) out.paddedVarlong(body.length + 4, 4);
  else {
    let size = body.length + 1;
    while (varlongLength(size) + body.length !== size) size = varlongLength(size) + body.length;
    out.varlong(size);
  }
  return out.bytes(body).result();
}

function varlongLength(v: number): number {
  let n = 1;
  while (v >= 0x80 && n < 9) {
    v = Math.floor(v / 128);
    n++;
  }
  return n;
}

export interface ChunkParts {
  readonly metadata: Uint8Array;
  /** Constant pool events, in file order; each is given with its body only (type 1 … pools), deltas are added. */
  readonly poolBodies: readonly ((delta: number) => Uint8Array)[];
  readonly events: readonly Uint8Array[];
  readonly startNanos?: number;
  readonly durationNanos?: number;
  readonly ticksPerSecond?: number;
}

export const CHUNK_HEADER_BYTES = 68;

/** A whole chunk: header, events, metadata, then the constant pool events chained back to front. */
export function chunk(parts: ChunkParts): Uint8Array {
  const out = new ByteSink();
  out.bytes(new Uint8Array([0x46, 0x4c, 0x52, 0]));
  out.u16(2).u16(1);
  for (let i = 0; i < 7; i++) out.u64(0);
  out.u32(1); // compressed integers
  for (const e of parts.events) out.bytes(e);
  const metadataOffset = out.length;
  out.bytes(parts.metadata);
  let previous = 0;
  for (const body of parts.poolBodies) {
    const at = out.length;
    out.bytes(body(previous === 0 ? 0 : previous - at));
    previous = at;
  }
  const size = out.length;
  out.patchU64(8, size);
  out.patchU64(16, previous || metadataOffset);
  out.patchU64(24, metadataOffset);
  out.patchU64(32, parts.startNanos ?? 1_700_000_000_000_000_000);
  out.patchU64(40, parts.durationNanos ?? 10_000_000_000);
  out.patchU64(48, 1_000_000);
  out.patchU64(56, parts.ticksPerSecond ?? 1_000_000_000);
  return out.result();
}
