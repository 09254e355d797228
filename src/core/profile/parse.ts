/**
 * Entry points that take a file's bytes (gzipped or not) or a path, and give a decoded Profile. Node-only because
 * of node:zlib and node:fs; the decoder itself (decode.ts) runs anywhere.
 */
import { readFileSync, statSync } from 'node:fs';
import { decodeProfile } from './decode';
import { ProfileError } from './errors';
import { gunzipIfCompressed } from './gunzip';
import { resolveLimits, type ProfileLimits } from './limits';
import type { Profile } from './model';

/** Decodes a profile from the bytes of a .pb or .pb.gz file. Throws ProfileError naming `source`. */
export function parseProfile(bytes: Uint8Array, source: string, limits?: Partial<ProfileLimits>): Profile {
  const resolved = resolveLimits(limits);
  return decodeProfile(gunzipIfCompressed(bytes, source, resolved.maxDecompressedBytes), source, resolved);
}

/** Reads and decodes a profile file. Throws ProfileError (missing file, unreadable, too big, not pprof...). */
export function readProfileFile(path: string, limits?: Partial<ProfileLimits>): Profile {
  const resolved = resolveLimits(limits);
  let bytes: Uint8Array | undefined;
  try {
    const size = statSync(path).size;
    if (size > resolved.maxDecompressedBytes) {
      throw new ProfileError(path, `file is ${size} bytes, over the limit of ${resolved.maxDecompressedBytes} bytes (maxDecompressedBytes)`);
    }
    bytes = readFileSync(path);
  } catch (e) {
    if (e instanceof ProfileError) throw e;
    throw new ProfileError(path, describeFsError(e as NodeJS.ErrnoException));
  }
  const inflated = gunzipIfCompressed(bytes, path, resolved.maxDecompressedBytes);
  // Drop the compressed bytes before decoding so the collector can free them while the columns are allocated.
  bytes = undefined;
  return decodeProfile(inflated, path, resolved);
}

function describeFsError(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ENOENT': return 'no such file';
    case 'EISDIR': return 'is a directory, not a profile file';
    case 'EACCES':
    case 'EPERM': return 'permission denied';
    default: return `cannot read file (${err.code ?? err.message})`;
  }
}
