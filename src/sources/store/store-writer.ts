/**
 * Writes a profile into the local store atomically: the bytes go to a hidden `.…tmp` file in the destination
 * folder, are flushed, and the file is renamed to `<millis>.pb.gz`. Readers skip temp files, so they see either
 * nothing or the whole profile, never a partial one.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, rename, rm, link, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { isGzip } from '../../core/profile/isGzip';
import { encodeSegment } from './layout';

export interface StoreProfileToWrite {
  readonly service: string;
  readonly version: string;
  /** A canonical type (cpu, alloc_space...) or a family alias (heap, mutex): the folder's name. */
  readonly type: string;
  readonly timeMs: number;
  /** pprof bytes, gzipped or not; stored gzipped. */
  readonly bytes: Uint8Array;
}

/** Writes the profile and returns its final path. Never overwrites an existing profile. */
export async function writeStoreProfile(root: string, profile: StoreProfileToWrite): Promise<string> {
  if (!Number.isSafeInteger(profile.timeMs) || profile.timeMs < 0) throw new Error(`invalid profile time ${profile.timeMs}`);
  if (!profile.service) throw new Error('a stored profile needs a service name');
  const dir = join(root, encodeSegment(profile.service), encodeSegment(profile.version || 'unknown'), encodeSegment(profile.type));
  await mkdir(dir, { recursive: true });
  const data = isGzip(profile.bytes) ? profile.bytes : gzipSync(profile.bytes);
  const temp = join(dir, `.${profile.timeMs}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o644);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (e) {
    await handle.close();
    await rm(temp, { force: true });
    throw e;
  }
  await handle.close();
  try {
    for (let n = 0; n < 1000; n++) {
      const final = join(dir, `${profile.timeMs}${n === 0 ? '' : `-${n}`}.pb.gz`);
      // link() fails when the name exists, where rename() would replace another writer's profile.
      try {
        await link(temp, final);
        return final;
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') continue;
        if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'EXDEV') {
          // File systems without hard links: rename (atomic, but a same-millisecond race could replace a file).
          await rename(temp, final);
          return final;
        }
        throw e;
      }
    }
    throw new Error(`too many profiles at ${profile.timeMs} ms in ${dir}`);
  } finally {
    await unlink(temp).catch(() => {});
  }
}
