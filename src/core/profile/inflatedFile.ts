/**
 * A profile file's bytes, gunzipped while it is read when it is gzipped (by its magic bytes, as gunzip.ts): the
 * compressed file is never held whole, only a megabyte of it at a time. Read whole and then inflated, a 58 MB gzipped
 * profile's compressed bytes stay beside the decompressed ones and the decoded columns until the collector frees
 * them, which it does late (nothing else allocates much while a profile decodes): that is where the profile worker's
 * memory peaks. The output goes into one buffer of the size the gzip trailer gives, as gunzipIfCompressed's.
 */
import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { constants, createGunzip } from 'node:zlib';
import { ProfileError } from './errors';
import { asProfileError, checkProfileFile, readProfileBytes } from './fileBytes';
import { corruptGzip, overDecompressedLimit } from './gunzip';
import { isGzip } from './isGzip';

const CHUNK = 1 << 20;

/** The file's bytes, gunzipped if they start with the gzip magic; at most `maxBytes` of output. */
export async function readInflatedFile(path: string, source: string, maxBytes: number): Promise<Uint8Array> {
  const ends = await fileEnds(path, source, maxBytes);
  if (!isGzip(ends.head)) return readProfileBytes(path, source, maxBytes);
  let out: Uint8Array = new Uint8Array(outputSize(ends.size, ends.isize, maxBytes));
  let at = 0;
  await inflateFile(path, source, (chunk) => {
    if (at + chunk.length > maxBytes) throw overDecompressedLimit(source, maxBytes);
    if (at + chunk.length > out.length) out = grown(out, at, Math.min(maxBytes, Math.max(at + chunk.length, 2 * out.length)));
    out.set(chunk, at);
    at += chunk.length;
  });
  // A trailer that said more than there was (a forged one): the rest is not kept.
  const bytes = at * 2 < out.length ? out.slice(0, at) : out.subarray(0, at);
  // The streams (and with them the function above) may be let go later than this function returns.
  out = new Uint8Array(0);
  if (isGzip(bytes)) throw new ProfileError(source, 'gzip inside gzip; decompress it once before loading');
  return bytes;
}

/**
 * Feeds the file through a Gunzip stream and each inflated chunk to `take` (which may throw to stop), until the
 * gunzip output ends: at the end of the file, or earlier when zero padding follows a member, where the rest of the
 * file is left unread as gunzipSync leaves it (gunzip.ts). The file is closed on every path before this returns.
 */
async function inflateFile(path: string, source: string, take: (chunk: Buffer) => void): Promise<void> {
  const input = createReadStream(path, { highWaterMark: CHUNK });
  const gunzip = createGunzip({ chunkSize: CHUNK });
  try {
    await new Promise<void>((resolve, reject) => {
      input.on('error', (e) => reject(asProfileError(e, source)));
      gunzip.on('error', (e) => reject(corruptGzip(source, e)));
      gunzip.once('end', resolve);
      gunzip.on('data', (chunk: Buffer) => {
        try {
          take(chunk);
        } catch (e) {
          reject(e);
          gunzip.pause();
        }
      });
      input.pipe(gunzip);
    });
  } finally {
    input.unpipe(gunzip);
    input.destroy();
    gunzip.destroy();
    if (!input.closed) await once(input, 'close');
  }
}

/** The file's size, its first two bytes and the size its gzip trailer gives (ISIZE of the last member, mod 2^32). */
async function fileEnds(path: string, source: string, maxBytes: number): Promise<{ size: number; head: Uint8Array; isize: number }> {
  try {
    const info = await stat(path);
    checkProfileFile(info, source, maxBytes);
    const file = await open(path, 'r');
    try {
      const head = new Uint8Array(2);
      const { bytesRead } = await file.read(head, 0, 2, 0);
      const trailer = Buffer.alloc(4);
      if (info.size >= 18) await file.read(trailer, 0, 4, info.size - 4);
      return { size: info.size, head: head.subarray(0, bytesRead), isize: trailer.readUInt32LE(0) };
    } finally {
      await file.close();
    }
  } catch (e) {
    throw asProfileError(e, source);
  }
}

/**
 * The output buffer's first size: what the trailer says, within what deflate's highest ratio (1032:1) and the limit
 * allow, and never below zlib's default chunk (a trailer saying 0, of a forged or wrapped ISIZE).
 */
function outputSize(compressed: number, isize: number, maxBytes: number): number {
  return Math.max(constants.Z_DEFAULT_CHUNK, Math.min(isize, maxBytes, compressed * 1032));
}

function grown(out: Uint8Array, filled: number, size: number): Uint8Array {
  const next = new Uint8Array(size);
  next.set(out.subarray(0, filled));
  return next;
}
