// Keeps src/core free of the `vscode` module: the core must run in the CLI, in workers and in plain-node tests.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const VSCODE_IMPORT = /(?:\bfrom\s*['"]vscode['"]|\brequire\(\s*['"]vscode['"]\s*\)|\bimport\(\s*['"]vscode['"]\s*\)|^\s*import\s*['"]vscode['"])/m;

/** Files under `dir` (recursively) that import `vscode`, as paths relative to `dir`. */
export function findVSCodeImports(dir) {
  const offenders = [];
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (/\.[cm]?[jt]sx?$/.test(entry.name) && VSCODE_IMPORT.test(readFileSync(p, 'utf8'))) offenders.push(relative(dir, p));
    }
  };
  walk(dir);
  return offenders;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const core = fileURLToPath(new URL('../src/core', import.meta.url));
  const offenders = findVSCodeImports(core);
  if (offenders.length) {
    console.error(`src/core must not import 'vscode' (it runs in the CLI and workers too):\n  ${offenders.join('\n  ')}`);
    process.exit(1);
  }
  console.log('src/core: no vscode imports');
}
