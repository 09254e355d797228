// Seeded generators for the symbolication benchmarks: a workspace of N files in a realistic tree, and profile
// paths as production builds write them (build roots, -trimpath module paths, dependencies, stdlib, noise).

import { seededRandom } from '../profile/generate';

const words = 'api auth billing cart catalog core db events export gateway http internal jobs ledger mail metrics orders payments pricing queue report search server session shipping store sync users util web worker'.split(' ');
const bases = 'handler service model client router store cache index helpers types validate parse format config main errors'.split(' ');

export function workspaceFiles(count: number, seed = 1): string[] {
  const rnd = seededRandom(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const files = new Set<string>();
  while (files.size < count) {
    const depth = 1 + Math.floor(rnd() * 4);
    const dirs = Array.from({ length: depth }, () => pick(words));
    const ext = pick(['.go', '.ts', '.js', '.py', '.java']);
    // Common base names repeat across folders, as in real repositories (index.ts, handler.go ...).
    const base = rnd() < 0.5 ? pick(bases) : `${pick(bases)}_${Math.floor(rnd() * 50)}`;
    files.add(`${dirs.join('/')}/${base}${ext}`);
  }
  return [...files];
}

/**
 * @param uniqueRoots every app path under its own build root (worst case: nothing learned is reused, and app paths
 *   are distinct only because of that); otherwise six build roots and distinct line-level variety comes from the
 *   non-app paths.
 */
export function profilePaths(files: readonly string[], count: number, seed = 2, uniqueRoots = true): string[] {
  const rnd = seededRandom(seed);
  const roots = ['/home/runner/work/app/app', '/build', '/app', '/srv/svc', 'C:\\build\\src', 'file:///opt/app'];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const r = rnd();
    const file = files[Math.floor(rnd() * files.length)];
    if (r < 0.5) {
      const root = roots[Math.floor(rnd() * roots.length)];
      // Distinct paths: a deploy id in the build root makes every path new (as a fleet of builds would).
      const withId = uniqueRoots ? `${root}/d${i}` : root;
      out.push(root.startsWith('C:') ? `${withId}\\${file.replace(/\//g, '\\')}` : `${withId}/${file}`);
    } else if (r < 0.65) out.push(`github.com/dep${i % 500}/lib@v1.${i % 7}.0/pkg/f${i}.go`);
    else if (r < 0.75) out.push(`/app/node_modules/pkg${i % 300}/lib/m${i}.js`);
    else if (r < 0.85) out.push(`/usr/local/go/src/runtime/f${i}.go`);
    else out.push(`/opt/agent/v${i}/unknown_${i}.so.c`);
  }
  return out;
}
