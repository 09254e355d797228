/** The real profiles in test/fixtures (Go via runtime/pprof, Node via @datadog/pprof). */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES_DIR = fileURLToPath(new URL('../../../fixtures', import.meta.url));

/** Paths of every .pb.gz / .pb fixture under test/fixtures/go and test/fixtures/node. */
export function realProfileFixtures(): string[] {
  const found: string[] = [];
  for (const lang of ['go', 'node']) {
    let names: string[] = [];
    try {
      names = readdirSync(join(FIXTURES_DIR, lang));
    } catch {
      continue;
    }
    for (const name of names.sort()) if (/\.pb(\.gz)?$/.test(name)) found.push(join(FIXTURES_DIR, lang, name));
  }
  return found;
}
