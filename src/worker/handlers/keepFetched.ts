// keepFetched: a profile fetched from a remote source, kept as a file in the extension's cache folder (named by its
// content) — stamped first with the time window it was fetched for, when it was fetched for one. Gunzipping,
// stamping, gzipping and hashing up to maxDecompressedBytes happen here, off the extension host's main thread.
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stampWindow } from '../stampWindow';
import type { WorkerHandler } from './handler';

export const keepFetched: WorkerHandler<'keepFetched'> = async (request, job) => {
  await job.step();
  const fetched = new Uint8Array(request.bytes);
  const w = request.window;
  const bytes = w ? stampWindow(fetched, w.fromMs, w.toMs, request.maxDecompressedBytes) : fetched;
  await job.step();
  const gzipped = bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
  const name = `${createHash('sha256').update(bytes).digest('hex').slice(0, 32)}.pb${gzipped ? '.gz' : ''}`;
  await mkdir(request.dir, { recursive: true });
  const path = join(request.dir, name);
  await writeFile(path, bytes);
  return { path };
};
