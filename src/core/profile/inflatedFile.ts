/**
 * A profile file's bytes, gunzipped while it is read when it is gzipped (by its magic bytes, as gunzip.ts): the
 * compressed file is never held whole, only a megabyte of it at a time. Read whole and then inflated, a 58 MB gzipped
 * profile's compressed bytes stay beside the decompressed ones and the decoded columns until the collector frees
 * them, which it does late (nothing else allocates much while a profile decodes): that is where the profile worker's
 * memory peaks. The output goes into one buffer of the size the gzip trailer gives, as gunzipIfCompressed's.
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { constants, createGunzip } from 'node:zlib';
import { ProfileError } from './errors';
import { asProfileError, checkProfileFile, readProfileBytes } from './fileBytes';
import { isGzip } from './isGzip';

const CHUNK = 1 << 20;

/** The file's bytes, gunzipped if they start with the gzip magic; at most `maxBytes` of output. */
export async function readInflatedFile(path: string, source: string, maxBytes: number): Promise<Uint8Array> {
  const ends = await fileEnds(path, source, maxBytes);
  if (!isGzip(ends.head)) return readProfileBytes(path, source, maxBytes);
  let out: Uint8Array = new Uint8Array(outputSize(ends.size, ends.isize, maxBytes));
  let at = 0;
  // Thrown from inside the pipeline, which then rejects with its own abort error.
  let overLimit: ProfileError | undefined;
  try {
    await pipeline(createReadStream(path, { highWaterMark: CHUNK }), createGunzip({ chunkSize: CHUNK }), async (inflated: AsyncIterable<Buffer>) => {
      for await (const chunk of inflated) {
        if (at + chunk.length > maxBytes) throw (overLimit = new ProfileError(source, `decompressed profile is larger than the limit of ${maxBytes} bytes (maxDecompressedBytes)`));
        if (at + chunk.length > out.length) out = grown(out, at, Math.min(maxBytes, Math.max(at + chunk.length, 2 * out.length)));
        out.set(chunk, at);
        at += chunk.length;
      }
    });
  } catch (e) {
    if (overLimit) throw overLimit;
    const err = e as NodeJS.ErrnoException;
    if (err.code?.startsWith('Z_') || /unexpected end of file/.test(err.message)) throw new ProfileError(source, `truncated or corrupt gzip data (${err.message})`);
    throw asProfileError(e, source);
  }
  // A trailer that said more than there was (a forged one): the rest is not kept.
  const bytes = at * 2 < out.length ? out.slice(0, at) : out.subarray(0, at);
  // The pipeline's streams (and with them the function above) are let go only once their handles close, later.
  out = new Uint8Array(0);
  if (isGzip(bytes)) throw new ProfileError(source, 'gzip inside gzip; decompress it once before loading');
  return bytes;
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
