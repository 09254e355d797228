/**
 * Stamps a pprof profile with who it belongs to: `service_name=…`, `version=…` and `collected_at=…` comments, the
 * same keys the local store reads from dropped files (src/sources/profile-metadata.ts), so a stored profile says
 * its service and version even when copied out of the store's folder layout.
 *
 * Protobuf lets a message be extended by appending fields, so this appends string_table entries (field 6) and
 * comment indexes (field 13) to the decompressed bytes: lossless (nothing is re-encoded) and cheap. The string
 * table's current length is counted by walking the top-level fields once.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { isGzip } from '../core/profile/isGzip';

const STRING_TABLE_FIELD = 6;
const COMMENT_FIELD = 13;

/** Largest profile accepted, decompressed; matches the core's default limit. */
const MAX_DECOMPRESSED = 512 * 1024 * 1024;

export class ProfileBytesError extends Error {}

/** The profile with `key=value` comments appended, gzipped. Throws ProfileBytesError when it is not protobuf. */
export function withComments(bytes: Uint8Array, comments: readonly string[]): Buffer {
  const raw = isGzip(bytes) ? gunzipSync(bytes, { maxOutputLength: MAX_DECOMPRESSED }) : Buffer.from(bytes);
  const strings = countStringTable(raw);
  const extra: number[] = [];
  comments.forEach((comment, i) => {
    const utf8 = Buffer.from(comment, 'utf8');
    pushVarint(extra, (STRING_TABLE_FIELD << 3) | 2);
    pushVarint(extra, utf8.length);
    for (const b of utf8) extra.push(b);
    pushVarint(extra, COMMENT_FIELD << 3);
    pushVarint(extra, strings + i);
  });
  return gzipSync(Buffer.concat([raw, Buffer.from(extra)]), { level: 6 });
}

/** The stamp comments for a profile of `service` at `version`, taken at `timeMs`. */
export function stampComments(service: string, version: string, timeMs: number, extra: Readonly<Record<string, string>> = {}): string[] {
  const clean = (s: string) => s.replace(/[\r\n]+/g, ' ');
  return [
    `service_name=${clean(service)}`,
    `version=${clean(version)}`,
    `collected_at=${new Date(timeMs).toISOString()}`,
    ...Object.entries(extra).map(([k, v]) => `${clean(k)}=${clean(v)}`),
  ];
}

function countStringTable(buf: Uint8Array): number {
  let pos = 0;
  let count = 0;
  const varint = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (pos >= buf.length) throw new ProfileBytesError('truncated varint');
      const b = buf[pos++];
      if (shift < 49) result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
      if (shift > 63) throw new ProfileBytesError('varint too long');
    }
  };
  while (pos < buf.length) {
    const tag = varint();
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    if (field === 0) throw new ProfileBytesError('field number 0');
    if (wire === 0) varint();
    else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else if (wire === 2) {
      const len = varint();
      if (field === STRING_TABLE_FIELD) count++;
      pos += len;
    } else throw new ProfileBytesError(`unsupported wire type ${wire}`);
    if (pos > buf.length) throw new ProfileBytesError('field runs past the end');
  }
  return count;
}

function pushVarint(out: number[], n: number): void {
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
}
