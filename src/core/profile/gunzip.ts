/**
 * Gunzip for profiles, detected by the gzip magic bytes (1f 8b), never by file name: `.pb.gz` files are sometimes
 * stored uncompressed and `.pb` files compressed. Output is capped (zlib's maxOutputLength), so a gzip bomb fails
 * with a ProfileError at the limit instead of exhausting memory. Node-only (node:zlib); a webview decompresses
 * with DecompressionStream and calls decodeProfile itself.
 */
import { gunzipSync } from 'node:zlib';
import { ProfileError } from './errors';
import { isGzip } from './isGzip';

/** The bytes, gunzipped if they start with the gzip magic; at most `maxBytes` of output. */
export function gunzipIfCompressed(bytes: Uint8Array, source: string, maxBytes: number): Uint8Array {
  if (!isGzip(bytes)) return bytes;
  try {
    return gunzipSync(bytes, { maxOutputLength: maxBytes });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
      throw new ProfileError(source, `decompressed profile is larger than the limit of ${maxBytes} bytes (maxDecompressedBytes)`);
    }
    throw new ProfileError(source, `truncated or corrupt gzip data (${err.message})`);
  }
}
