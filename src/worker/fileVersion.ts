// A profile file as the worker read it: its path, size and modification time (a file rewritten under the same name
// is read again) and the limits it was read with. The one key of the worker's per-file caches.
import { statSync } from 'node:fs';
import type { ProfileLimits } from '../core/profile/limits';

/** The key, or why the file cannot be read (no such file, permission denied...). */
export function fileVersionKey(path: string, limits: Partial<ProfileLimits>): string | { readonly error: string } {
  try {
    const s = statSync(path);
    return JSON.stringify([path, s.size, s.mtimeMs, limits]);
  } catch (e) {
    return { error: (e as NodeJS.ErrnoException).code ?? String(e) };
  }
}
