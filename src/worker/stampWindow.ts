// A remote server merges a time window's profiles into one and stamps it its own way: Grafana Pyroscope writes the
// window's end as time_nanos (and the window's length as duration_nanos), so the status bar, which reads a
// profile's start and duration, would show a window shifted by its own length. Before a fetched profile is kept,
// its time_nanos and duration_nanos are set to the window it was fetched for.
//
// The two fields are replaced, not added: `go tool pprof` rejects a profile with two time_nanos ("concatenated
// profiles detected"). Only the top level of the message is walked (lengths are skipped, nothing is decoded), and
// every other byte stays as the server sent it. A gzipped profile is gunzipped (capped) and gzipped again.
import { gzipSync } from 'node:zlib';
import { gunzipIfCompressed } from '../core/profile/gunzip';
import { isGzip } from '../core/profile/isGzip';

/** perftools.profiles.Profile: int64 time_nanos = 9; int64 duration_nanos = 10 (varints). */
const TIME_NANOS = 9;
const DURATION_NANOS = 10;

/**
 * The profile's bytes, saying they cover fromMs to toMs. Unchanged when the window is not one, or when the bytes
 * are not a readable message: the decoder then reports what is wrong with them, naming the file.
 */
export function stampWindow(bytes: Uint8Array, fromMs: number, toMs: number, maxDecompressedBytes: number): Uint8Array {
  if (!(Number.isSafeInteger(fromMs) && Number.isSafeInteger(toMs) && fromMs > 0 && toMs > fromMs)) return bytes;
  const gzipped = isGzip(bytes);
  let raw: Uint8Array;
  try {
    raw = gunzipIfCompressed(bytes, 'fetched profile', maxDecompressedBytes);
  } catch {
    return bytes;
  }
  const kept = withoutFields(raw, [TIME_NANOS, DURATION_NANOS]);
  if (!kept) return bytes;
  const stamped = Buffer.concat([
    ...kept,
    varintField(TIME_NANOS, BigInt(fromMs) * 1_000_000n),
    varintField(DURATION_NANOS, BigInt(toMs - fromMs) * 1_000_000n),
  ]);
  return gzipped ? gzipSync(stamped) : stamped;
}

/** The message's bytes in pieces, less the top-level fields named; undefined when it is not a valid message. */
function withoutFields(buf: Uint8Array, drop: readonly number[]): Uint8Array[] | undefined {
  const pieces: Uint8Array[] = [];
  let pos = 0;
  let keptFrom = 0;
  const varint = (): number | undefined => {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10 && pos < buf.length; i++) {
      const b = buf[pos++];
      result += (b & 0x7f) * scale;
      if (b < 0x80) return result;
      scale *= 128;
    }
    return undefined;
  };
  while (pos < buf.length) {
    const start = pos;
    const tag = varint();
    if (tag === undefined) return undefined;
    const wire = tag % 8;
    let end: number;
    if (wire === 0) {
      if (varint() === undefined) return undefined;
      end = pos;
    } else if (wire === 1 || wire === 5) end = pos + (wire === 1 ? 8 : 4);
    else if (wire === 2) {
      const len = varint();
      if (len === undefined) return undefined;
      end = pos + len;
    } else return undefined;
    if (end > buf.length) return undefined;
    pos = end;
    if (drop.includes(Math.floor(tag / 8))) {
      pieces.push(buf.subarray(keptFrom, start));
      keptFrom = end;
    }
  }
  pieces.push(buf.subarray(keptFrom));
  return pieces;
}

function varintField(field: number, value: bigint): Buffer {
  return Buffer.concat([varint(BigInt(field << 3)), varint(value)]);
}

function varint(value: bigint): Buffer {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return Buffer.from(out);
}
