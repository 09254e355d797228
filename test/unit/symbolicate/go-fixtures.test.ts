// Real Go profiles (runtime/pprof, normal and -trimpath builds) resolved against a temp copy of the program.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { coverageReport } from '../../../src/core/symbolicate/coverage';
import { FrameSymbolicator, type SymbolicatedFrame } from '../../../src/core/symbolicate/frame-symbolicator';
import { lineCostsOf as lineCosts } from './line-costs-of';
import { findMarker, fixturesDir } from '../fixtures/read-fixture';
import { fixtureFrames, type FixtureFrames } from './fixture-frames';
import { copyTree, makeTempDir, openDiskWorkspace, type DiskWorkspace } from './workspace-helpers';

const shopSource = join(fixturesDir, 'go/shop');
let temp: ReturnType<typeof makeTempDir>;
let workspaceDir: string;
let workspace: DiskWorkspace;

before(async () => {
  temp = makeTempDir('go-fixtures');
  // The folder is not named "shop": nothing may depend on the checkout folder matching the build folder.
  workspaceDir = join(temp.dir, 'checkout');
  copyTree(shopSource, workspaceDir);
  workspace = await openDiskWorkspace(workspaceDir);
});
after(() => temp.dispose());

async function symbolicate(data: FixtureFrames, resolver = workspace.resolver()): Promise<SymbolicatedFrame[]> {
  return new FrameSymbolicator({ resolver, index: workspace.index }).symbolicate(data.frames);
}

function costs(data: FixtureFrames, mapped: SymbolicatedFrame[]) {
  return lineCosts(data.samples, (f) => (mapped[f].class === 'app' && mapped[f].file ? { file: mapped[f].file!.path, line: mapped[f].line } : undefined));
}

function hottestLine(table: ReturnType<typeof costs>): { file: string; line: number; flat: number } {
  let best = { file: '', line: 0, flat: -1 };
  for (const [file, lines] of table.files) for (const [line, c] of lines) if (c.flat > best.flat) best = { file, line, flat: c.flat };
  return best;
}

function lineText(file: string, line: number): string {
  return readFileSync(join(workspaceDir, file), 'utf8').split('\n')[line - 1];
}

describe('Go -trimpath CPU profile → module files', () => {
  it('maps every example.com/shop path through go.mod, and the rest to the runtime', async () => {
    const data = fixtureFrames('go/cpu-trimpath.pb.gz', 'cpu/nanoseconds');
    const mapped = await symbolicate(data);
    let appFrames = 0;
    data.frames.forEach((frame, i) => {
      const m = mapped[i];
      if (frame.file.startsWith('example.com/shop/')) {
        appFrames++;
        assert.equal(m.class, 'app', `${frame.file}: ${m.reason}`);
        assert.deepEqual(m.via, ['go-module']);
        assert.equal(m.file!.path, frame.file.slice('example.com/shop/'.length));
        assert.equal(m.confidence, 1);
      } else {
        // Standard library import paths ("runtime/proc.go", "sync/mutex.go", "time/time.go").
        assert.equal(m.class, 'runtime', `${frame.file} ${frame.functionName}: ${m.reason}`);
      }
    });
    assert.ok(appFrames > 10);
  });

  it('puts the flat cost on the tagged hot lines, the busiest one first', async () => {
    const data = fixtureFrames('go/cpu-trimpath.pb.gz', 'cpu/nanoseconds');
    const table = costs(data, await symbolicate(data));
    const hottest = hottestLine(table);
    assert.match(lineText(hottest.file, hottest.line), /HOT:cpu /);
    for (const tag of ['busy-loop', 'closure', 'inlined', 'pointer-method', 'recursive']) {
      const marker = findMarker(shopSource, `HOT:cpu ${tag}`);
      const c = table.files.get(marker.file)?.get(marker.line);
      assert.ok(c && c.flat > table.total * 0.02, `HOT:cpu ${tag} at ${marker.file}:${marker.line} has flat ${c?.flat}`);
    }
    // The inlined callee's caller line is on the stack of every discount sample: cum, not flat.
    const caller = findMarker(shopSource, 'HOT:cpu inline-caller');
    const inlined = findMarker(shopSource, 'HOT:cpu inlined');
    assert.ok(table.files.get(caller.file)!.get(caller.line)!.cum >= table.files.get(inlined.file)!.get(inlined.line)!.flat);
  });

  it('reports coverage: app and runtime, nothing unmapped', async () => {
    const data = fixtureFrames('go/cpu-trimpath.pb.gz', 'cpu/nanoseconds');
    const mapped = await symbolicate(data);
    const report = coverageReport(data.samples.map((s) => ({ path: data.frames[s.frames[0]].file, class: mapped[s.frames[0]].class, cost: s.value, reason: mapped[s.frames[0]].reason })));
    assert.equal(report.costs.unmapped, 0);
    assert.ok(report.shares.app > 0.5, `app share ${report.shares.app}`);
    assert.ok(report.shares.runtime > 0);
    assert.ok(Math.abs(report.shares.app + report.shares.runtime + report.shares.dependency - 1) < 1e-9);
  });
});

describe('Go normal build (absolute temp paths) → learned build root', () => {
  it('learns the build folder from one unambiguous match and maps every app file with it', async () => {
    const data = fixtureFrames('go/cpu.pb.gz', 'cpu/nanoseconds');
    const resolver = workspace.resolver();
    const mapped = await symbolicate(data, resolver);
    const appPaths = data.fixture.fileNames.filter((f) => !f.startsWith('/usr/lib/go'));
    const buildRoot = appPaths.find((f) => f.endsWith('/pricing/prices.go'))!.slice(0, -'/pricing/prices.go'.length);
    assert.deepEqual(resolver.learned().map((l) => [l.from, l.target.dir]), [[buildRoot, '']]);
    const vias = new Set<string>();
    data.frames.forEach((frame, i) => {
      if (!frame.file.startsWith(`${buildRoot}/`)) return;
      assert.equal(mapped[i].class, 'app', mapped[i].reason);
      assert.equal(mapped[i].file!.path, frame.file.slice(buildRoot.length + 1));
      vias.add(mapped[i].via[0]);
    });
    assert.ok(vias.has('learned-rule'), [...vias].join());
    // GOROOT /usr/lib/go-1.19/src/... is the runtime.
    data.frames.forEach((frame, i) => {
      if (frame.file.startsWith('/usr/lib/go-1.19/src/')) assert.equal(mapped[i].class, 'runtime', frame.file);
    });
  });

  it('heap: the three tagged allocation lines carry almost all alloc_space', async () => {
    const data = fixtureFrames('go/heap.pb.gz', 'alloc_space/bytes');
    const table = costs(data, await symbolicate(data));
    let tagged = 0;
    for (const tag of ['item', 'sku-buffer', 'tags']) {
      const marker = findMarker(shopSource, `HOT:alloc ${tag}`);
      tagged += table.files.get(marker.file)?.get(marker.line)?.flat ?? 0;
    }
    assert.ok(tagged > table.total * 0.8, `${tagged} of ${table.total}`);
  });

  it('mutex: the contention sits in the runtime (sync.Unlock) and is charged, as cum, to the tagged Unlock line', async () => {
    const data = fixtureFrames('go/mutex.pb.gz', 'delay/nanoseconds');
    const mapped = await symbolicate(data);
    const leaf = mapped[data.samples[0].frames[0]];
    assert.equal(leaf.class, 'runtime');
    const table = costs(data, mapped);
    const marker = findMarker(shopSource, 'HOT:mutex unlock');
    assert.equal(table.files.get(marker.file)?.get(marker.line)?.cum, table.total);
  });
});
