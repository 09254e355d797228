// Resolving 10^5 distinct profile paths against a 10^4-file workspace (target: under 1 s). Seeded, so runs compare.
// Run: node --import tsx bench/symbolicate/resolve.bench.ts [files] [paths]
import { PathResolver } from '../../src/core/symbolicate/path-resolver';
import { WorkspaceIndex } from '../../src/core/symbolicate/workspace-index';
import { profilePaths, workspaceFiles } from './generate';

const fileCount = Number(process.argv[2] ?? 10_000);
const pathCount = Number(process.argv[3] ?? 100_000);
const files = workspaceFiles(fileCount);

function once(paths: readonly string[], learn: boolean): { indexMs: number; resolveMs: number; classes: Record<string, number> } {
  const t0 = performance.now();
  const index = new WorkspaceIndex([{ name: 'app', files }]);
  const t1 = performance.now();
  const resolver = new PathResolver({ index, learn });
  const classes: Record<string, number> = {};
  for (const p of paths) {
    const r = resolver.resolve(p);
    classes[r.class] = (classes[r.class] ?? 0) + 1;
  }
  const t2 = performance.now();
  if (resolver.distinctPaths !== new Set(paths).size) throw new Error('cache size mismatch');
  return { indexMs: t1 - t0, resolveMs: t2 - t1, classes };
}

for (const [uniqueRoots, learn] of [[true, true], [true, false], [false, true]] as const) {
  const paths = profilePaths(files, pathCount, 2, uniqueRoots);
  const runs = Array.from({ length: 5 }, () => once(paths, learn));
  const best = runs.reduce((a, b) => (a.indexMs + a.resolveMs <= b.indexMs + b.resolveMs ? a : b));
  console.log(
    `resolve ${new Set(paths).size} distinct paths vs ${fileCount} files (${uniqueRoots ? 'a build root per path' : '6 build roots'}, learning ${learn ? 'on' : 'off'}): index ${best.indexMs.toFixed(0)} ms + resolve ${best.resolveMs.toFixed(0)} ms` +
      ` (first run ${(runs[0].indexMs + runs[0].resolveMs).toFixed(0)} ms) → ${JSON.stringify(best.classes)}`,
  );
}
