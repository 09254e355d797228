/**
 * Entry points that take a file's bytes (gzipped or not) or a path, and give a decoded Profile. Node-only because
 * of node:zlib and node:fs; the decoder itself (decode.ts) runs anywhere.
 */
import { decodeProfile } from './decode';
import { readProfileBytes } from './fileBytes';
import { gunzipIfCompressed } from './gunzip';
import { resolveLimits, type ProfileLimits } from './limits';
import type { Profile } from './model';

/** Decodes a profile from the bytes of a .pb or .pb.gz file. Throws ProfileError naming `source`. */
export function parseProfile(bytes: Uint8Array, source: string, limits?: Partial<ProfileLimits>): Profile {
  const resolved = resolveLimits(limits);
  return decodeProfile(gunzipIfCompressed(bytes, source, resolved.maxDecompressedBytes), source, resolved);
}

/** Reads and decodes a pprof file. Throws ProfileError (missing file, unreadable, too big, not pprof...). */
export function readProfileFile(path: string, limits?: Partial<ProfileLimits>): Profile {
  const resolved = resolveLimits(limits);
  let bytes: Uint8Array | undefined = readProfileBytes(path, path, resolved.maxDecompressedBytes);
  const inflated = gunzipIfCompressed(bytes, path, resolved.maxDecompressedBytes);
  // Drop the compressed bytes before decoding so the collector can free them while the columns are allocated.
  bytes = undefined;
  return decodeProfile(inflated, path, resolved);
}
