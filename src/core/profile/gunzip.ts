/**
 * Gunzip for profiles, detected by the gzip magic bytes (1f 8b), never by file name: `.pb.gz` files are sometimes
 * stored uncompressed and `.pb` files compressed. Output is capped (zlib's maxOutputLength), so a gzip bomb fails
 * with a ProfileError at the limit instead of exhausting memory. Node-only (node:zlib); a webview decompresses
 * with DecompressionStream and calls decodeProfile itself.
 */
import { constants, gunzipSync } from 'node:zlib';
import { ProfileError } from './errors';
import { isGzip } from './isGzip';

/** The bytes, gunzipped if they start with the gzip magic; at most `maxBytes` of output. */
export function gunzipIfCompressed(bytes: Uint8Array, source: string, maxBytes: number): Uint8Array {
  if (!isGzip(bytes)) return bytes;
  try {
    return gunzipSync(bytes, { maxOutputLength: maxBytes, chunkSize: outputChunk(bytes, maxBytes) });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) throw overDecompressedLimit(source, maxBytes);
    throw corruptGzip(source, err);
  }
}

/*
 * What may follow a gzip member is zlib's rule, the same for gunzipSync and a Gunzip stream: another member when the
 * next byte is not zero (garbage is refused as a bad header), and when it is zero (padding) the data ends there and
 * the rest is not read. A stream applies the rule at each chunk it is given, so a streamed read stops feeding it once
 * its output ends (inflatedFile.ts), which is where gunzipSync stops reading its one buffer.
 */

export function overDecompressedLimit(source: string, maxBytes: number): ProfileError {
  return new ProfileError(source, `decompressed profile is larger than the limit of ${maxBytes} bytes (maxDecompressedBytes)`);
}

export function corruptGzip(source: string, err: Error): ProfileError {
  return new ProfileError(source, `truncated or corrupt gzip data (${err.message})`);
}

/**
 * The output buffer's size: the decompressed size the gzip trailer gives (ISIZE, of the last member, mod 2^32), plus
 * one byte, so a profile is inflated into one buffer. Node's sync inflate otherwise fills 16 kB chunks and
 * concatenates them at the end: the decompressed profile twice over, at the moment its memory peaks. A trailer that
 * says too little costs the chunks again; one that says too much, address space up to what deflate's highest ratio
 * (1032:1) and the limit allow.
 */
function outputChunk(bytes: Uint8Array, maxBytes: number): number {
  const n = bytes.length;
  if (n < 18) return constants.Z_DEFAULT_CHUNK;
  const isize = (bytes[n - 4] | (bytes[n - 3] << 8) | (bytes[n - 2] << 16) | (bytes[n - 1] << 24)) >>> 0;
  // Never below the default chunk: a trailer saying 0 (zero padding after the member, a forged or wrapped ISIZE)
  // would otherwise make zlib fill 64-byte chunks, millions of them on the way to the limit.
  return Math.max(constants.Z_DEFAULT_CHUNK, Math.min(isize + 1, maxBytes + 1, n * 1032, constants.Z_MAX_CHUNK));
}
