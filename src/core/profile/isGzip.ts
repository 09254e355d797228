/** Gzip is told by its magic bytes (1f 8b), never by a file name (see gunzip.ts); a file of its own so code that only asks does not bring zlib along. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}
