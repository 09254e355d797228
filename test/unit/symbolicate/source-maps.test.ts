// Source maps made by a real bundler (esbuild), read back through the workspace: inline maps, external maps with
// sourceRoot, webpack:// source URLs, ignoreList, and maps that try to leave the workspace.
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildSync } from 'esbuild';
import { FrameSymbolicator } from '../../../src/core/symbolicate/frame-symbolicator';
import { findSourceMappingUrl, originalPosition, SourceMapStore } from '../../../src/core/symbolicate/source-maps';
import { makeTempDir, openDiskWorkspace, writeTree } from './workspace-helpers';

const sources = {
  'src/pricing.ts': `export function priceOf(n: number): number {
  let total = 0;
  for (let i = 0; i < n; i++) {
    const markerHot = (i * 31) % 7; total += markerHot;
  }
  return total;
}
`,
  'src/main.ts': `import { priceOf } from './pricing';

export function main(): number {
  const markerMain = priceOf(1000);
  return markerMain;
}
`,
};

let temp: ReturnType<typeof makeTempDir>;
let root: string;

function bundle(sourcemap: 'inline' | 'external', outfile: string): string {
  buildSync({ entryPoints: [join(root, 'src/main.ts')], bundle: true, platform: 'node', format: 'cjs', sourcemap, outfile, logLevel: 'silent' });
  return readFileSync(outfile, 'utf8');
}

const lineWith = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

before(() => {
  temp = makeTempDir('sourcemaps');
  root = join(temp.dir, 'project');
  writeTree(root, sources);
});
after(() => temp.dispose());

describe('source maps', () => {
  it('finds an inline map and maps a generated line (no column) to the original line', async () => {
    const generated = bundle('inline', join(root, 'dist/inline.js'));
    assert.match(findSourceMappingUrl(generated) ?? '', /^data:application\/json;base64,/);
    const ws = await openDiskWorkspace(root);
    const store = new SourceMapStore(ws.readText);
    const loaded = await store.load({ root: 0, path: 'dist/inline.js' });
    assert.ok(loaded && !('error' in loaded));
    const pos = originalPosition(loaded, lineWith(generated, 'markerHot = '), 0);
    assert.equal(pos?.line, lineWith(sources['src/pricing.ts'], 'markerHot = '));
  });

  it('uses the column when the profile has one', async () => {
    const generated = bundle('external', join(root, 'dist/cols.js'));
    const ws = await openDiskWorkspace(root);
    const loaded = await new SourceMapStore(ws.readText).load({ root: 0, path: 'dist/cols.js' });
    assert.ok(loaded && !('error' in loaded));
    const genLine = lineWith(generated, 'total += markerHot');
    const column = generated.split('\n')[genLine - 1].indexOf('total += markerHot') + 1;
    const pos = originalPosition(loaded, genLine, column);
    const original = sources['src/pricing.ts'].split('\n');
    assert.equal(pos?.line, lineWith(sources['src/pricing.ts'], 'total += markerHot'));
    assert.equal(original[pos!.line - 1].slice(pos!.column - 1).startsWith('total += markerHot'), true);
  });

  it('maps frames of a deployed bundle to original files, through sourceRoot and webpack:// sources', async () => {
    const generated = bundle('external', join(root, 'dist/app.js'));
    const mapPath = join(root, 'dist/app.js.map');
    const map = JSON.parse(readFileSync(mapPath, 'utf8')) as { sources: string[]; sourceRoot?: string; ignoreList?: number[] };
    // Rewrite the real map the way webpack writes it: webpack:///./src/x.ts, one source flagged third-party.
    const pricing = map.sources.findIndex((s) => s.endsWith('pricing.ts'));
    map.sources = map.sources.map((s) => `webpack:///./src/${s.split('/').pop()}`);
    writeFileSync(mapPath, JSON.stringify(map));
    const ws = await openDiskWorkspace(root);
    const frames = [
      { file: '/app/dist/app.js', functionName: 'priceOf', line: lineWith(generated, 'markerHot = ') },
      { file: '/app/dist/app.js', functionName: 'main', line: lineWith(generated, 'markerMain = ') },
    ];
    const symbolicator = new FrameSymbolicator({ resolver: ws.resolver(), index: ws.index, sourceMaps: new SourceMapStore(ws.readText) });
    const [hot, mainFrame] = await symbolicator.symbolicate(frames);
    assert.deepEqual([hot.file?.path, hot.line], ['src/pricing.ts', lineWith(sources['src/pricing.ts'], 'markerHot = ')]);
    assert.deepEqual([mainFrame.file?.path, mainFrame.line], ['src/main.ts', lineWith(sources['src/main.ts'], 'markerMain = ')]);
    assert.deepEqual(hot.via, ['suffix-match', 'source-map', 'inside-root']);

    // sourceRoot + plain names, and an ignore-listed source counted as a dependency.
    map.sourceRoot = '../src/';
    map.sources = map.sources.map((s) => s.split('/').pop()!);
    map.ignoreList = [pricing];
    writeFileSync(mapPath, JSON.stringify(map));
    const ws2 = await openDiskWorkspace(root);
    const [hot2, main2] = await new FrameSymbolicator({ resolver: ws2.resolver(), index: ws2.index, sourceMaps: new SourceMapStore(ws2.readText) }).symbolicate(frames);
    assert.equal(hot2.file?.path, 'src/pricing.ts');
    assert.equal(hot2.class, 'dependency');
    assert.equal(main2.class, 'app');
  });

  it('does not read a map outside the workspace, and names a broken map in a warning', async () => {
    const outside = join(temp.dir, 'outside.js.map');
    writeFileSync(outside, '{"version":3,"sources":["x.ts"],"mappings":"AAAA"}');
    writeTree(root, {
      'dist/escape.js': 'function f() {}\n//# sourceMappingURL=../../outside.js.map\n',
      'dist/broken.js': 'function g() {}\n//# sourceMappingURL=broken.js.map\n',
      'dist/broken.js.map': '{ not json',
    });
    const ws = await openDiskWorkspace(root);
    const store = new SourceMapStore(ws.readText);
    const escaped = await store.load({ root: 0, path: 'dist/escape.js' });
    assert.ok(escaped && 'error' in escaped && /not in the workspace/.test(escaped.error));
    const symbolicator = new FrameSymbolicator({ resolver: ws.resolver(), index: ws.index, sourceMaps: store });
    const [frame] = await symbolicator.symbolicate([{ file: '/srv/dist/broken.js', functionName: 'g', line: 1 }]);
    assert.equal(frame.file?.path, 'dist/broken.js', 'without a usable map the bundle line itself is shown');
    assert.match(symbolicator.warnings.join('\n'), /dist\/broken\.js\.map/);
  });
});
