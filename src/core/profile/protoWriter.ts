/**
 * A minimal protobuf writer for large pprof files (pprof-format's encoder builds an object graph first, which is
 * too slow and too big for 80 MB profiles). Used by the pprof encoder (encode.ts), the benchmark generators and
 * tests that need encodings pprof-format does not produce (unpacked repeated fields, 10-byte negative varints).
 */
export class ProtoWriter {
  private buf: Uint8Array;
  length = 0;

  constructor(capacity = 1 << 16) {
    this.buf = new Uint8Array(capacity);
  }

  private ensure(extra: number): void {
    if (this.length + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  /** An unsigned varint (values up to 2^53 exactly). */
  varint(v: number): void {
    this.ensure(10);
    const buf = this.buf;
    let pos = this.length;
    if (v < 0) {
      this.length = pos;
      this.signed(v);
      return;
    }
    while (v >= 0x80) {
      buf[pos++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    buf[pos++] = v;
    this.length = pos;
  }

  /** A signed int64 varint: negative values take 10 bytes (two's complement), as protobuf encodes int64. */
  signed(v: number): void {
    if (v >= 0) {
      this.varint(v);
      return;
    }
    this.bigVarint(BigInt.asUintN(64, BigInt(v)));
  }

  /** Any uint64 (or int64 as two's complement) exactly. */
  bigVarint(v: bigint): void {
    this.ensure(10);
    let x = BigInt.asUintN(64, v);
    while (x >= 0x80n) {
      this.buf[this.length++] = Number(x & 0x7fn) | 0x80;
      x >>= 7n;
    }
    this.buf[this.length++] = Number(x);
  }

  tag(field: number, wire: number): void {
    this.varint(field * 8 + wire);
  }

  /** field = varint (skips zero, as proto3 does, unless `always`). */
  uintField(field: number, v: number, always = false): void {
    if (v === 0 && !always) return;
    this.tag(field, 0);
    this.varint(v);
  }

  /** A uint64 field from a bigint (addresses), exactly; skipped when zero. */
  bigVarintField(field: number, v: bigint): void {
    if (v === 0n) return;
    this.tag(field, 0);
    this.bigVarint(v);
  }

  intField(field: number, v: number): void {
    if (v === 0) return;
    this.tag(field, 0);
    this.signed(v);
  }

  bytesField(field: number, bytes: Uint8Array): void {
    this.tag(field, 2);
    this.varint(bytes.length);
    this.raw(bytes);
  }

  raw(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.buf.set(bytes, this.length);
    this.length += bytes.length;
  }

  /** A packed repeated varint field (unsigned or signed per element). */
  packedField(field: number, values: ArrayLike<number>, signed = false, scratch = new ProtoWriter(256)): void {
    if (values.length === 0) return;
    scratch.length = 0;
    for (let i = 0; i < values.length; i++) {
      if (signed) scratch.signed(values[i]);
      else scratch.varint(values[i]);
    }
    this.bytesField(field, scratch.bytes());
  }

  /** The bytes written so far (a view; copy before writing more if you keep it). */
  bytes(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }
}
