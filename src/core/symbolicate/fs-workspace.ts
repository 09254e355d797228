// File access for the CLI: reads workspace files by (root, relative path), refusing anything whose real location
// is outside the root (a symlink pointing elsewhere, a path with '..'), and anything but a regular file.

import { readFile, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { splitSegments } from './profile-path';
import type { ReadWorkspaceText } from './types';
import { realPathInside } from './walk';

export async function fileSystemReader(rootDirs: readonly string[], maxBytes = 32 * 1024 * 1024): Promise<ReadWorkspaceText> {
  const realRoots = await Promise.all(rootDirs.map((d) => realpath(d)));
  return async (file) => {
    const rootDir = realRoots[file.root];
    const { segments, escapes } = splitSegments(file.path);
    if (rootDir === undefined || escapes || segments.length === 0 || /^[a-zA-Z]:/.test(file.path) || file.path.startsWith('/')) return undefined;
    const real = await realPathInside(rootDir, join(rootDir, ...segments));
    if (!real) return undefined;
    try {
      // Regular files only, size checked before reading: a named pipe would block the read forever, a device or
      // a multi-gigabyte file would be read whole before the size check.
      const info = await stat(real);
      if (!info.isFile() || info.size > maxBytes) return undefined;
      const bytes = await readFile(real);
      if (bytes.length > maxBytes) return undefined;
      return bytes.toString('utf8');
    } catch {
      return undefined;
    }
  };
}
