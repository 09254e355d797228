// One esbuild script for every bundle PerfLens ships: the extension host code, the CLI, the worker that does
// heavy profile work off the extension host's main thread, and the code that runs inside webviews.
import * as esbuild from 'esbuild';
import { existsSync, rmSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

// A production build starts from an empty dist/ so no stale dev file (source maps) ends up in the .vsix.
if (production) rmSync('dist', { recursive: true, force: true });

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'info',
  legalComments: 'none',
};

const node = { ...common, platform: 'node', format: 'cjs', target: 'node20' };

/** Each entry is built only when its source exists, so the script works while features are being added. */
const builds = [
  { ...node, entryPoints: { extension: 'src/extension.ts' }, outdir: 'dist', external: ['vscode'] },
  { ...node, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } },
  { ...node, entryPoints: { 'profile-worker': 'src/worker/profileWorker.ts' }, outdir: 'dist' },
  {
    ...common, platform: 'browser', format: 'iife', target: 'chrome120',
    entryPoints: { flamegraph: 'webview/flamegraph/main.ts', diff: 'webview/diff/main.ts' },
    outdir: 'dist/webview',
  },
  // The in-host integration suite: bundled so it runs from out/ inside the VS Code extension host.
  ...(production ? [] : [{
    ...node, entryPoints: { index: 'test/integration/index.ts', trust: 'test/integration/trust.ts' }, outdir: 'out/test/integration',
    external: ['vscode', 'mocha'],
  }]),
].map((b) => ({ ...b, entryPoints: Object.fromEntries(Object.entries(b.entryPoints).filter(([, src]) => existsSync(src))) }))
  .filter((b) => Object.keys(b.entryPoints).length > 0);

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
