/**
 * A minimal protobuf decoder for the few response messages the Pyroscope and Parca clients read. It walks a
 * message's fields once; callers pick the fields they know and ignore the rest (newer servers add fields).
 * Malformed input throws ProtoFormatError, which the clients turn into a "bad response" SourceError.
 */

export class ProtoFormatError extends Error {}

export interface ProtoField {
  readonly field: number;
  readonly wire: number;
  /** Varint value (wire 0) as bigint; 0n for other wire types. */
  readonly varint: bigint;
  /** Payload (wire 2), or the 8/4 raw bytes of fixed64/fixed32. */
  readonly bytes: Uint8Array;
}

const textDecoder = new TextDecoder('utf-8', { fatal: false });

export function* readFields(buf: Uint8Array): Generator<ProtoField> {
  let pos = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (let i = 0; i < 10; i++) {
      if (pos >= buf.length) throw new ProtoFormatError(`truncated varint at byte ${pos}`);
      const b = buf[pos++];
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
    }
    throw new ProtoFormatError(`varint longer than 10 bytes at byte ${pos}`);
  };
  while (pos < buf.length) {
    const tagAt = pos;
    const tag = varint();
    const field = Number(tag >> 3n);
    const wire = Number(tag & 7n);
    if (field === 0) throw new ProtoFormatError(`field number 0 at byte ${tagAt}`);
    switch (wire) {
      case 0:
        yield { field, wire, varint: varint(), bytes: EMPTY };
        break;
      case 1:
      case 5: {
        const n = wire === 1 ? 8 : 4;
        if (pos + n > buf.length) throw new ProtoFormatError(`truncated fixed field at byte ${tagAt}`);
        yield { field, wire, varint: 0n, bytes: buf.subarray(pos, pos + n) };
        pos += n;
        break;
      }
      case 2: {
        const len = varint();
        if (len > BigInt(buf.length - pos)) throw new ProtoFormatError(`field ${field} at byte ${tagAt} is longer than the message`);
        const end = pos + Number(len);
        yield { field, wire, varint: 0n, bytes: buf.subarray(pos, end) };
        pos = end;
        break;
      }
      default:
        throw new ProtoFormatError(`unsupported wire type ${wire} at byte ${tagAt}`);
    }
  }
}

export const EMPTY = new Uint8Array(0);

export function fieldString(f: ProtoField): string {
  if (f.wire !== 2) throw new ProtoFormatError(`field ${f.field} should be a string`);
  return textDecoder.decode(f.bytes);
}

/** A varint field as a JS number (int64 values we read are times in ms and counts: far below 2^53). */
export function fieldNumber(f: ProtoField): number {
  if (f.wire !== 0) throw new ProtoFormatError(`field ${f.field} should be a varint`);
  return Number(BigInt.asIntN(64, f.varint));
}

export function fieldDouble(f: ProtoField): number {
  if (f.wire !== 1) throw new ProtoFormatError(`field ${f.field} should be a double`);
  return new DataView(f.bytes.buffer, f.bytes.byteOffset, 8).getFloat64(0, true);
}

/** google.protobuf.Timestamp as milliseconds. */
export function readTimestampMs(buf: Uint8Array): number {
  let seconds = 0;
  let nanos = 0;
  for (const f of readFields(buf)) {
    if (f.field === 1 && f.wire === 0) seconds = fieldNumber(f);
    else if (f.field === 2 && f.wire === 0) nanos = fieldNumber(f);
  }
  return seconds * 1000 + Math.floor(nanos / 1_000_000);
}
