/** A profile file's bytes, refused with one ProfileError line when it is missing, not a file or too big. */
import { readFileSync, statSync, type Stats } from 'node:fs';
import { ProfileError } from './errors';

export function readProfileBytes(path: string, source: string, maxBytes: number): Uint8Array {
  try {
    checkProfileFile(statSync(path), source, maxBytes);
    return readFileSync(path);
  } catch (e) {
    throw asProfileError(e, source);
  }
}

/** Refuses what is not a regular file of at most `maxBytes`. */
export function checkProfileFile(stat: Stats, source: string, maxBytes: number): void {
  if (stat.isDirectory()) throw new ProfileError(source, 'is a directory, not a profile file');
  // A named pipe or a device would block or never end.
  if (!stat.isFile()) throw new ProfileError(source, 'is not a regular file');
  if (stat.size > maxBytes) throw new ProfileError(source, `file is ${stat.size} bytes, over the limit of ${maxBytes} bytes (maxDecompressedBytes)`);
}

/** A failure to read a profile file as its one line. */
export function asProfileError(e: unknown, source: string): ProfileError {
  return e instanceof ProfileError ? e : new ProfileError(source, describeFsError(e as NodeJS.ErrnoException));
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
