/**
 * Reads a response body into memory under a byte cap: the body is streamed, counted as it arrives, and the
 * connection is closed as soon as the cap is passed, so a 1 GB reply costs at most `maxBytes` of memory.
 * gzip content-encoding is decompressed on the fly, and the cap applies to the decompressed size too.
 */
import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { HttpResponse } from './transport';

/** The body is over the cap (declared by content-length, or counted while reading). */
export class BodyTooLargeError extends Error {
  constructor(readonly maxBytes: number, readonly declaredBytes?: number) {
    super(declaredBytes !== undefined
      ? `the reply declares ${declaredBytes} bytes, over the limit of ${maxBytes} bytes`
      : `the reply is larger than the limit of ${maxBytes} bytes`);
  }
}

/** The server used a content-encoding we did not ask for. */
export class UnsupportedEncodingError extends Error {}

export interface ReadBodyOptions {
  readonly maxBytes: number;
  /** Keep the first maxBytes and stop without error (for error pages, where only the start matters). */
  readonly truncate?: boolean;
  readonly onBytes?: (received: number, declared: number | undefined) => void;
}

export async function readBody(res: HttpResponse, options: ReadBodyOptions): Promise<Uint8Array> {
  const encoding = (res.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  const declaredHeader = res.headers['content-length'];
  const declared = declaredHeader !== undefined && /^\d+$/.test(declaredHeader) ? Number(declaredHeader) : undefined;
  if (!options.truncate && encoding === 'identity' && declared !== undefined && declared > options.maxBytes) {
    res.close();
    throw new BodyTooLargeError(options.maxBytes, declared);
  }
  let stream: AsyncIterable<Uint8Array>;
  let gunzip: ReturnType<typeof createGunzip> | undefined;
  if (encoding === 'identity' || encoding === '') stream = res.body;
  else if (encoding === 'gzip' || encoding === 'x-gzip') {
    gunzip = createGunzip();
    pipeline(Readable.from(res.body), gunzip, () => {});
    stream = gunzip;
  } else {
    res.close();
    throw new UnsupportedEncodingError(`the reply uses content-encoding '${encoding}', which was not asked for`);
  }

  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      const room = options.maxBytes - total;
      if (chunk.length > room) {
        if (options.truncate) {
          chunks.push(chunk.subarray(0, room));
          total += room;
          break;
        }
        throw new BodyTooLargeError(options.maxBytes);
      }
      chunks.push(chunk);
      total += chunk.length;
      options.onBytes?.(total, encoding === 'identity' ? declared : undefined);
    }
  } finally {
    // Whatever happened (cap, error, truncation), never leave the connection streaming into nothing.
    gunzip?.destroy();
    res.close();
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
}
