/**
 * A protobuf wire-format reader over one Uint8Array: varints (as JS numbers, 64-bit aware), tags, lengths and
 * skipping. It allocates nothing; errors are MalformedProfile with the byte offset.
 *
 * Bounds: a varint that runs past the end of the buffer throws "truncated varint"; callers check that a field
 * ended inside its enclosing message (`expectEnd`) rather than paying a bounds check per byte.
 */
import { MalformedProfile } from './errors';

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LENGTH = 2;
export const WIRE_FIXED32 = 5;

const TWO_POW_32 = 4294967296;

export class Cursor {
  pos = 0;
  /** High and low 32 bits of the last varint that took 5+ bytes (exact, for values beyond 2^53). */
  hi = 0;
  lo = 0;

  /** The buffer's whole ArrayBuffer as 32-bit words, for counting four bytes a step (made when first needed). */
  private words: Uint32Array | undefined;

  constructor(readonly buf: Uint8Array) {}

  /**
   * countPackedVarints over `buf[start .. end)`, four bytes a step on the aligned middle: a packed run of location
   * ids (every frame of every sample) is most of a profile's bytes.
   */
  countVarints(start: number, end: number): number {
    const buf = this.buf;
    const words = (this.words ??= new Uint32Array(buf.buffer, 0, buf.buffer.byteLength >>> 2));
    const base = buf.byteOffset;
    let i = start;
    let n = 0;
    for (; i < end && ((base + i) & 3) !== 0; i++) n += (buf[i] >> 7) ^ 1;
    let w = (base + i) >>> 2;
    const lastWord = (base + end) >>> 2;
    for (; w < lastWord; w++) {
      // One bit per byte whose continuation bit is clear, summed across the four bytes by the multiply.
      n += Math.imul((~words[w] >>> 7) & 0x01010101, 0x01010101) >>> 24;
    }
    for (i = Math.max(i, (w << 2) - base); i < end; i++) n += (buf[i] >> 7) ^ 1;
    return n;
  }

  /** An unsigned varint (uint64, or a uint32/bool/enum). Exact below 2^53. */
  u(): number {
    const buf = this.buf;
    let pos = this.pos;
    let b = buf[pos++];
    if (b < 0x80) {
      this.pos = pos;
      return b;
    }
    let lo = b & 0x7f;
    b = buf[pos++];
    lo |= (b & 0x7f) << 7;
    if (b < 0x80) {
      this.pos = pos;
      return lo;
    }
    b = buf[pos++];
    lo |= (b & 0x7f) << 14;
    if (b < 0x80) {
      this.pos = pos;
      return lo;
    }
    b = buf[pos++];
    lo |= (b & 0x7f) << 21;
    if (b < 0x80) {
      this.pos = pos;
      return lo;
    }
    this.long(lo);
    return (this.hi * TWO_POW_32) + this.lo;
  }

  /** A signed varint (int64 in two's complement; negative values take 10 bytes). Exact for |v| < 2^53. */
  s(): number {
    const buf = this.buf;
    let pos = this.pos;
    let b = buf[pos++];
    if (b < 0x80) {
      this.pos = pos;
      return b;
    }
    let lo = b & 0x7f;
    b = buf[pos++];
    lo |= (b & 0x7f) << 7;
    if (b < 0x80) {
      this.pos = pos;
      return lo;
    }
    b = buf[pos++];
    lo |= (b & 0x7f) << 14;
    if (b < 0x80) {
      this.pos = pos;
      return lo;
    }
    b = buf[pos++];
    lo |= (b & 0x7f) << 21;
    if (b < 0x80) {
      this.pos = pos;
      return lo;
    }
    this.long(lo);
    return ((this.hi | 0) * TWO_POW_32) + this.lo;
  }

  /** Bytes 5..10 of a varint whose first four bytes gave `lo`; sets hi/lo (unsigned 32-bit halves) and pos. */
  private long(low28: number): void {
    const buf = this.buf;
    const start = this.pos;
    let pos = start + 4;
    let b = buf[pos++];
    const lo = (low28 | ((b & 0x0f) << 28)) >>> 0;
    let hi = (b & 0x7f) >> 4;
    if (b >= 0x80) {
      b = buf[pos++];
      hi |= (b & 0x7f) << 3;
      if (b >= 0x80) {
        b = buf[pos++];
        hi |= (b & 0x7f) << 10;
        if (b >= 0x80) {
          b = buf[pos++];
          hi |= (b & 0x7f) << 17;
          if (b >= 0x80) {
            b = buf[pos++];
            hi |= (b & 0x7f) << 24;
            if (b >= 0x80) {
              b = buf[pos++];
              hi |= (b & 0x01) << 31;
              if (b >= 0x80) throw new MalformedProfile(`varint longer than 10 bytes at byte ${start}`);
            }
          }
        }
      }
    }
    if (pos > buf.length) throw new MalformedProfile(`truncated varint at byte ${start}`);
    this.pos = pos;
    this.hi = hi >>> 0;
    this.lo = lo;
  }

  /** A field tag; returns field number * 8 + wire type, after checking the field number is legal. */
  tag(): number {
    const start = this.pos;
    const tag = this.u();
    if (tag >= TWO_POW_32 || tag < 8) throw new MalformedProfile(`invalid field tag at byte ${start}`);
    return tag;
  }

  /** Reads a length prefix and returns the end offset of the payload, checked against `limit`. */
  lengthEnd(limit: number): number {
    const start = this.pos;
    const length = this.u();
    const end = this.pos + length;
    if (end > limit) {
      throw new MalformedProfile(`truncated field: length ${length} at byte ${start} runs past the end of its message at byte ${limit}`);
    }
    return end;
  }

  /** Skips one field's value of the given wire type, staying inside `limit`. */
  skip(wireType: number, limit: number): void {
    const start = this.pos;
    switch (wireType) {
      case WIRE_VARINT:
        this.u();
        break;
      case WIRE_FIXED64:
        this.pos += 8;
        break;
      case WIRE_LENGTH:
        this.pos = this.lengthEnd(limit);
        break;
      case WIRE_FIXED32:
        this.pos += 4;
        break;
      default:
        throw new MalformedProfile(`unsupported wire type ${wireType} at byte ${start}`);
    }
    if (this.pos > limit) throw new MalformedProfile(`truncated field at byte ${start}`);
  }

  /** After reading a field that must end at `end` (a varint inside a packed run or a message), check it did. */
  expectEnd(end: number, what: string, start: number): void {
    if (this.pos !== end) throw new MalformedProfile(`truncated ${what} at byte ${start}`);
  }
}

/** Number of varints in a packed run: bytes without the continuation bit each end one varint. */
export function countPackedVarints(buf: Uint8Array, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) n += (buf[i] >> 7) ^ 1;
  return n;
}
