/**
 * The shared corpus of real profiles from other projects' test suites (`shared/corpus`, with MANIFEST.tsv), which
 * sits beside the checkout (CI: `../shared`) or beside a folder holding the checkout. Undefined when absent: the
 * tests that use it say so and skip.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../..', import.meta.url));

export const CORPUS_DIR: string | undefined = (() => {
  let dir = repoRoot;
  for (let up = 0; up < 3; up++) {
    const parent = dirname(dir);
    if (parent === dir) break;
    const candidate = join(parent, 'shared', 'corpus');
    if (existsSync(join(candidate, 'MANIFEST.tsv'))) return candidate;
    dir = parent;
  }
  return undefined;
})();

/** Why corpus tests cannot run, or undefined when they can. */
export function corpusUnavailable(): string | undefined {
  return CORPUS_DIR ? undefined : 'the shared corpus (../shared/corpus beside the checkout) is not here';
}

/** The path of a corpus file given as in MANIFEST.tsv's first column. */
export function corpusFile(name: string): string {
  if (!CORPUS_DIR) throw new Error(corpusUnavailable());
  return join(CORPUS_DIR, name);
}
