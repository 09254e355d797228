/**
 * A minimal protobuf encoder for the few request messages the Pyroscope and Parca clients send: varints, strings,
 * bytes and nested messages. Proto3 rules: fields at their default (0, "", empty) are not written.
 */

const textEncoder = new TextEncoder();

export class ProtoWriter {
  private readonly parts: number[] = [];

  /** A varint field (int32/int64/uint64/enum/bool) from a non-negative safe integer or bigint. */
  varint(field: number, value: number | bigint | boolean): this {
    const v = toBigInt(value);
    if (v === 0n) return this;
    this.tag(field, 0);
    this.rawVarint(v);
    return this;
  }

  /** A varint field written even when 0 (proto3 `optional` fields, where presence matters). */
  varintAlways(field: number, value: number | bigint): this {
    this.tag(field, 0);
    this.rawVarint(toBigInt(value));
    return this;
  }

  string(field: number, value: string | undefined): this {
    if (!value) return this;
    return this.bytes(field, textEncoder.encode(value));
  }

  bytes(field: number, value: Uint8Array): this {
    if (value.length === 0) return this;
    this.tag(field, 2);
    this.rawVarint(BigInt(value.length));
    for (const b of value) this.parts.push(b);
    return this;
  }

  /** A double field (wire type 1, little-endian). */
  double(field: number, value: number): this {
    if (value === 0) return this;
    this.tag(field, 1);
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, value, true);
    for (const x of b) this.parts.push(x);
    return this;
  }

  /** A nested message; written even when empty, because presence of a message field means something. */
  message(field: number, build: (w: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    build(inner);
    const bytes = inner.finish();
    this.tag(field, 2);
    this.rawVarint(BigInt(bytes.length));
    for (const b of bytes) this.parts.push(b);
    return this;
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.parts);
  }

  private tag(field: number, wire: number): void {
    this.rawVarint(BigInt((field << 3) | wire));
  }

  private rawVarint(value: bigint): void {
    // Negative int64 values are written as their 64-bit two's complement (10 bytes), as protobuf does.
    let v = BigInt.asUintN(64, value);
    while (v >= 0x80n) {
      this.parts.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.parts.push(Number(v));
  }
}

/** Integer fields take whole numbers; a fractional millisecond (from arithmetic on times) is truncated, not an error. */
function toBigInt(value: number | bigint | boolean): bigint {
  if (typeof value === 'boolean') return value ? 1n : 0n;
  if (typeof value === 'bigint') return value;
  if (!Number.isFinite(value)) throw new RangeError(`cannot encode ${value} as a protobuf integer`);
  return BigInt(Math.trunc(value));
}

/** google.protobuf.Timestamp {seconds = 1, nanos = 2} for a time in milliseconds. */
export function writeTimestamp(w: ProtoWriter, ms: number): void {
  const whole = Math.floor(ms);
  const seconds = Math.floor(whole / 1000);
  w.varint(1, seconds).varint(2, (whole - seconds * 1000) * 1_000_000);
}
