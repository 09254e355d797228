// Real Node profiles (@datadog/pprof): plain CommonJS from a temp folder, and an esbuild bundle run from a
// container-like root, resolved against temp copies of the program (and of the bundle with its .map).
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FrameSymbolicator, type SymbolicatedFrame } from '../../../src/core/symbolicate/frame-symbolicator';
import { lineCostsOf as lineCosts } from './line-costs-of';
import { parsePathRule } from '../../../src/core/symbolicate/path-rules';
import { detectFunctionStartLines, detectRuntime } from '../../../src/core/symbolicate/profile-hints';
import { SourceMapStore } from '../../../src/core/symbolicate/source-maps';
import { findMarker, fixturesDir, lineOf } from '../fixtures/read-fixture';
import { fixtureFrames, type FixtureFrames } from './fixture-frames';
import { copyTree, makeTempDir, openDiskWorkspace, type DiskWorkspace } from './workspace-helpers';

const appSource = join(fixturesDir, 'node/app');
let temp: ReturnType<typeof makeTempDir>;

before(() => {
  temp = makeTempDir('node-fixtures');
});
after(() => temp.dispose());

async function run(workspace: DiskWorkspace, data: FixtureFrames, extra: Parameters<DiskWorkspace['resolver']>[0] = {}) {
  const runtime = detectRuntime(data.frames.map((f) => f.file));
  const resolver = workspace.resolver({ runtime, ...extra });
  const symbolicator = new FrameSymbolicator({
    resolver,
    index: workspace.index,
    sourceMaps: new SourceMapStore(workspace.readText),
    functionLevelJs: detectFunctionStartLines(data.frames),
  });
  const mapped = await symbolicator.symbolicate(data.frames);
  return { mapped, resolver, symbolicator };
}

function appCosts(data: FixtureFrames, mapped: SymbolicatedFrame[]) {
  return lineCosts(data.samples, (f) => (mapped[f].class === 'app' && mapped[f].file ? { file: mapped[f].file!.path, line: mapped[f].line } : undefined));
}

function hottest(table: ReturnType<typeof appCosts>) {
  let best = { file: '', line: 0, flat: -1 };
  for (const [file, lines] of table.files) for (const [line, c] of lines) if (c.flat > best.flat) best = { file, line, flat: c.flat };
  return best;
}

describe('Node wall profile of the plain program', () => {
  let workspace: DiskWorkspace;
  before(async () => {
    const dir = join(temp.dir, 'plain');
    copyTree(appSource, dir);
    workspace = await openDiskWorkspace(dir);
  });

  it('maps the app files, and classes built-ins, GC, regexps and node_modules', async () => {
    const data = fixtureFrames('node/wall.pb.gz', 'wall/nanoseconds');
    const { mapped } = await run(workspace, data);
    data.frames.forEach((frame, i) => {
      const m = mapped[i];
      const where = `${frame.functionName} ${frame.file}:${frame.line}`;
      if (/\/srv\/app\//.test(frame.file)) {
        assert.equal(m.class, 'app', `${where}: ${m.reason}`);
        assert.equal(m.file!.path, frame.file.replace(/^.*\/srv\/app\//, ''));
        assert.equal(m.line, frame.line);
        assert.equal(m.functionLevel, false);
      } else if (frame.file.startsWith('node:')) assert.equal(m.class, 'runtime', where);
      else if (frame.file.includes('/node_modules/')) {
        assert.equal(m.class, 'dependency', where);
      } else if (frame.file === '') assert.equal(m.class, 'runtime', where);
      else {
        assert.equal(m.class, 'unknown', where); // the profiling harness is not part of the workspace
        assert.ok(m.reason);
      }
    });
  });

  it('puts the most wall time on the line tagged HOT:wall cpu-loop, and JSON time on the handler lines', async () => {
    const data = fixtureFrames('node/wall.pb.gz', 'wall/nanoseconds');
    const table = appCosts(data, (await run(workspace, data)).mapped);
    const loop = findMarker(appSource, 'HOT:wall cpu-loop');
    assert.deepEqual({ file: hottest(table).file, line: hottest(table).line }, { file: loop.file, line: loop.line });
    for (const tag of ['json-parse', 'json-stringify']) {
      const marker = findMarker(appSource, `HOT:wall ${tag}`);
      assert.ok((table.files.get(marker.file)?.get(marker.line)?.flat ?? 0) > 0, tag);
    }
    // The regexp's own frame is runtime; its caller's tagged line carries it as cum.
    const regex = findMarker(appSource, 'HOT:wall regex-sku');
    assert.ok(table.files.get(regex.file)!.get(regex.line)!.cum > table.total * 0.1);
  });

  it('heap profiles carry function start lines only: flagged function-level, at the declaration', async () => {
    const data = fixtureFrames('node/heap.pb.gz', 'inuse_space/bytes');
    assert.equal(detectFunctionStartLines(data.frames), true);
    assert.equal(detectFunctionStartLines(fixtureFrames('node/wall.pb.gz', 'wall/nanoseconds').frames), false);
    const { mapped } = await run(workspace, data);
    const table = appCosts(data, mapped);
    const top = hottest(table);
    assert.equal(top.file, 'handlers/report.js');
    assert.equal(top.line, lineOf(join(appSource, 'handlers/report.js'), 'function buildReport('));
    assert.ok(mapped.filter((m) => m.class === 'app').every((m) => m.functionLevel));
  });
});

describe('Node wall profile of the esbuild bundle, through its source map', () => {
  let workspace: DiskWorkspace;
  let dir: string;
  before(async () => {
    // A project as it would be checked out and built: sources in app/, the bundle and its map in dist/.
    dir = join(temp.dir, 'bundled-project');
    copyTree(appSource, join(dir, 'app'));
    mkdirSync(join(dir, 'dist'));
    for (const f of ['server.js', 'server.js.map']) copyFileSync(join(fixturesDir, 'node/bundled', f), join(dir, 'dist', f));
    workspace = await openDiskWorkspace(dir);
  });

  it('maps /…/container/app/dist/server.js lines to the original sources', async () => {
    const data = fixtureFrames('node/wall-bundled.pb.gz', 'wall/nanoseconds');
    const { mapped, symbolicator } = await run(workspace, data);
    assert.deepEqual(symbolicator.warnings, []);
    const bundleFrames = data.frames.map((f, i) => ({ f, m: mapped[i] })).filter(({ f }) => f.file.endsWith('/dist/server.js'));
    assert.ok(bundleFrames.length > 5);
    for (const { f, m } of bundleFrames) {
      assert.equal(m.class, 'app', `${f.functionName}:${f.line} ${m.reason}`);
      assert.match(m.file!.path, /^app\//, `${f.functionName}:${f.line}`);
      assert.ok(m.via.includes('source-map'));
    }
    const table = appCosts(data, mapped);
    const loop = findMarker(appSource, 'HOT:wall cpu-loop');
    assert.deepEqual({ file: hottest(table).file, line: hottest(table).line }, { file: `app/${loop.file}`, line: loop.line });
    for (const tag of ['json-parse', 'json-stringify']) {
      const marker = findMarker(appSource, `HOT:wall ${tag}`);
      assert.ok((table.files.get(`app/${marker.file}`)?.get(marker.line)?.flat ?? 0) > 0, tag);
    }
    // esbuild renamed handleOrder → handleOrder2; the original name comes back where the map records it, and the
    // code lands in the original file either way.
    const renamed = bundleFrames.filter(({ f }) => f.functionName === 'handleOrder2');
    assert.ok(renamed.length > 0 && renamed.every(({ m }) => m.file!.path === 'app/handlers/orders.js'));
  });

  it('with the bundle next to the sources under another name, a path rule picks it (and without one the guess is flagged)', async () => {
    const layout = join(temp.dir, 'fixture-layout');
    copyTree(join(fixturesDir, 'node'), layout); // app/ and bundled/ as in the repo
    const ws = await openDiskWorkspace(layout);
    const data = fixtureFrames('node/wall-bundled.pb.gz', 'wall/nanoseconds');
    const bundlePath = data.fixture.fileNames.find((f) => f.endsWith('/dist/server.js'))!;
    const i = data.frames.findIndex((f) => f.file === bundlePath);

    const unguided = (await run(ws, data)).mapped[i];
    assert.ok(unguided.ambiguous && unguided.confidence < 0.5, 'server.js exists twice: app/server.js and bundled/server.js');

    const rule = parsePathRule({ from: bundlePath.slice(0, -'/server.js'.length), to: 'bundled' }, [{ name: 'fixture-layout', location: layout }]);
    assert.ok('rule' in rule);
    const guided = (await run(ws, data, { rules: [rule.rule] })).mapped;
    const table = appCosts(data, guided);
    const loop = findMarker(appSource, 'HOT:wall cpu-loop');
    assert.equal(hottest(table).file, `app/${loop.file}`);
    assert.equal(hottest(table).line, loop.line);
    assert.equal(readFileSync(join(layout, 'app', loop.file), 'utf8').split('\n')[loop.line - 1], loop.text);
  });
});
