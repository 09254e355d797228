/**
 * The shared corpus of real profiles from other projects' test suites (`shared/corpus`, beside the repository in
 * CI, or beside a folder above it on a development machine), with MANIFEST.tsv saying where each file came from.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The corpus folder, or undefined when it is not there. */
export function corpusDir(): string | undefined {
  for (let dir = resolve(__dirname, '../../../..'); ; dir = dirname(dir)) {
    const candidate = join(dir, 'shared', 'corpus');
    if (existsSync(join(candidate, 'MANIFEST.tsv'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/** A corpus file's path (relative as MANIFEST.tsv lists it), or undefined when it is not there. */
export function corpusFile(relative: string): string | undefined {
  const dir = corpusDir();
  const candidate = dir && join(dir, relative);
  return candidate && existsSync(candidate) ? candidate : undefined;
}

/** Paths of the corpus files MANIFEST.tsv lists whose name matches `pattern`; throws when the corpus is missing. */
export function corpusFiles(pattern: RegExp = /./): string[] {
  const dir = corpusDir();
  if (!dir) throw new Error('the shared corpus (shared/corpus beside the repository) is missing');
  return readFileSync(join(dir, 'MANIFEST.tsv'), 'utf8').split('\n').slice(1)
    .map((line) => line.split('\t')[0])
    .filter((f) => f && pattern.test(f))
    .map((f) => join(dir, f));
}
