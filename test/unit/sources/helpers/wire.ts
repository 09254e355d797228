// An independent, minimal protobuf codec for the fake Pyroscope and Parca servers, written from the .proto files
// (not from src/sources), so the servers check the client's bytes against the schema rather than against itself.

export type Field = { n: number; wire: 0; v: bigint } | { n: number; wire: 1; b: Buffer } | { n: number; wire: 2; b: Buffer } | { n: number; wire: 5; b: Buffer };

export function decode(buf: Buffer): Field[] {
  const out: Field[] = [];
  let i = 0;
  const varint = (): bigint => {
    let r = 0n;
    let s = 0n;
    for (;;) {
      if (i >= buf.length) throw new Error('truncated varint');
      const b = buf[i++];
      r |= BigInt(b & 0x7f) << s;
      if (b < 0x80) return r;
      s += 7n;
    }
  };
  while (i < buf.length) {
    const key = Number(varint());
    const n = key >>> 3;
    const wire = key & 7;
    if (wire === 0) out.push({ n, wire, v: varint() });
    else if (wire === 1) {
      out.push({ n, wire, b: buf.subarray(i, i + 8) });
      i += 8;
    } else if (wire === 5) {
      out.push({ n, wire, b: buf.subarray(i, i + 4) });
      i += 4;
    } else if (wire === 2) {
      const len = Number(varint());
      if (i + len > buf.length) throw new Error('truncated bytes');
      out.push({ n, wire, b: buf.subarray(i, i + len) });
      i += len;
    } else throw new Error(`wire type ${wire}`);
  }
  return out;
}

/** Every field of a message, checked against the allowed field numbers and wire types. */
export function fields(buf: Buffer, schema: Record<number, 0 | 1 | 2>): Map<number, Field[]> {
  const m = new Map<number, Field[]>();
  for (const f of decode(buf)) {
    if (!(f.n in schema)) throw new Error(`unexpected field ${f.n}`);
    if (schema[f.n] !== f.wire) throw new Error(`field ${f.n} has wire type ${f.wire}, expected ${schema[f.n]}`);
    m.set(f.n, [...(m.get(f.n) ?? []), f]);
  }
  return m;
}

export const str = (f: Field | undefined): string => (f && f.wire === 2 ? f.b.toString('utf8') : '');
export const num = (f: Field | undefined): number => (f && f.wire === 0 ? Number(BigInt.asIntN(64, f.v)) : 0);
export const dbl = (f: Field | undefined): number => (f && f.wire === 1 ? f.b.readDoubleLE(0) : 0);
export const strs = (fs: Field[] | undefined): string[] => (fs ?? []).map(str);

// ---- encoding ----

function varintBytes(v: bigint): number[] {
  const out: number[] = [];
  let x = BigInt.asUintN(64, v);
  while (x >= 0x80n) {
    out.push(Number(x & 0x7fn) | 0x80);
    x >>= 7n;
  }
  out.push(Number(x));
  return out;
}

export class Enc {
  private readonly bytes: number[] = [];
  int(n: number, v: number | bigint): this {
    this.bytes.push(...varintBytes(BigInt(n << 3)), ...varintBytes(BigInt(v)));
    return this;
  }
  dbl(n: number, v: number): this {
    const b = Buffer.alloc(8);
    b.writeDoubleLE(v);
    this.bytes.push(...varintBytes(BigInt((n << 3) | 1)), ...b);
    return this;
  }
  bytesField(n: number, b: Uint8Array): this {
    this.bytes.push(...varintBytes(BigInt((n << 3) | 2)), ...varintBytes(BigInt(b.length)), ...b);
    return this;
  }
  str(n: number, s: string): this {
    return this.bytesField(n, Buffer.from(s, 'utf8'));
  }
  msg(n: number, e: Enc): this {
    return this.bytesField(n, e.done());
  }
  done(): Buffer {
    return Buffer.from(this.bytes);
  }
}

/** google.protobuf.Timestamp → ms. */
export function timestampMs(buf: Buffer): number {
  const f = fields(buf, { 1: 0, 2: 0 });
  return num(f.get(1)?.[0]) * 1000 + Math.floor(num(f.get(2)?.[0]) / 1e6);
}

export function timestamp(ms: number): Enc {
  const e = new Enc();
  const s = Math.floor(ms / 1000);
  if (s) e.int(1, s);
  const nanos = (ms - s * 1000) * 1e6;
  if (nanos) e.int(2, nanos);
  return e;
}
