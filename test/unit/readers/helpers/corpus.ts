/**
 * The shared corpus of real profiles from other projects' test suites (`shared/corpus`, beside the repository in
 * CI, or beside a folder above it on a development machine); undefined when it is not there.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export function corpusFile(relative: string): string | undefined {
  for (let dir = resolve(__dirname, '../../../..'); ; dir = dirname(dir)) {
    const candidate = join(dir, 'shared', 'corpus', relative);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}
