// File access for the CLI and the profile worker: reads workspace files by (root, relative path), refusing anything
// whose real location is outside the root (a symlink pointing elsewhere, a path with '..'), and anything but a
// regular file.
//
// The calls are synchronous behind the async signature: a profile can map onto 10^4 workspace files, and each
// promise-based read is six thread-pool round trips (realpath, stat, open, fstat, read, close) — about three times
// the CPU of the same calls made directly (and realpathSync.native is one call, where realpathSync lstats each
// folder of the path). Only the CLI and the profile worker read through here, never the extension host's thread.

import { closeSync, constants, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { splitSegments } from './profile-path';
import type { ReadWorkspaceText, WorkspaceFile } from './types';
import { isInside } from './walk';

export async function fileSystemReader(rootDirs: readonly string[], maxBytes = 32 * 1024 * 1024): Promise<ReadWorkspaceText> {
  const read = await fileSystemReaderSync(rootDirs, maxBytes);
  return async (file) => read(file);
}

/** The same reads, synchronous: for the path resolver, which reads a file only to choose among candidates. */
export async function fileSystemReaderSync(rootDirs: readonly string[], maxBytes = 32 * 1024 * 1024): Promise<(file: WorkspaceFile) => string | undefined> {
  const realRoots = await Promise.all(rootDirs.map((d) => realpath(d)));
  // A folder's real path, found once per folder (undefined: outside its root, or missing): a file is then opened in
  // it without following a link (4 calls: open, fstat, read, close, where resolving each file's path lstats every
  // folder on it), and only a file that is itself a link is resolved in full.
  const realFolders = new Map<string, string | undefined>();
  const realFolder = (root: number, segments: readonly string[]) => {
    const key = `${root}\u0000${segments.join('/')}`;
    if (realFolders.has(key)) return realFolders.get(key);
    const real = realInside(realRoots[root], segments);
    realFolders.set(key, real);
    return real;
  };
  return (file) => {
    const rootDir = realRoots[file.root];
    const { segments, escapes } = splitSegments(file.path);
    if (rootDir === undefined || escapes || segments.length === 0 || /^[a-zA-Z]:/.test(file.path) || file.path.startsWith('/')) return undefined;
    try {
      if (NO_FOLLOW === undefined) {
        const real = realInside(rootDir, segments);
        return real === undefined ? undefined : readRegularFile(real, maxBytes, 0);
      }
      const folder = realFolder(file.root, segments.slice(0, -1));
      if (folder === undefined) return undefined;
      try {
        return readRegularFile(join(folder, segments[segments.length - 1]), maxBytes, NO_FOLLOW);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ELOOP') throw e;
        const real = realInside(rootDir, segments);
        return real === undefined ? undefined : readRegularFile(real, maxBytes, 0);
      }
    } catch {
      return undefined;
    }
  };
}

/** O_NOFOLLOW where the platform has it (not Windows): opening a link then fails with ELOOP. */
const NO_FOLLOW: number | undefined = constants.O_NOFOLLOW;

/** The real path of `segments` under `rootDir`, or undefined when it lies outside it (or does not exist). */
function realInside(rootDir: string, segments: readonly string[]): string | undefined {
  try {
    const real = realpathSync.native(join(rootDir, ...segments));
    return isInside(rootDir, real) ? real : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A regular file's text, checked on the open file itself (open, fstat, read, close): a named pipe or a device is
 * refused before anything is read (O_NONBLOCK: opening a pipe cannot wait for a writer), and a file over `maxBytes`
 * is never read. Undefined for anything else.
 */
function readRegularFile(path: string, maxBytes: number, flags: number): string | undefined {
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | flags);
  try {
    const info = fstatSync(fd);
    if (!info.isFile() || info.size > maxBytes) return undefined;
    const bytes = Buffer.allocUnsafe(info.size);
    let at = 0;
    while (at < bytes.length) {
      const n = readSync(fd, bytes, at, bytes.length - at, at);
      if (n === 0) break;
      at += n;
    }
    return bytes.toString('utf8', 0, at);
  } finally {
    closeSync(fd);
  }
}
