// A real profile of a Rust service made by the pprof crate (pprof-rs 0.14.1, protobuf output; see
// test/fixtures/generate/make-rust-fixtures.sh), mapped onto a copy of the service's workspace as `perflens lines`
// and the editor map it:
// - at least 95% of the application frames' cost lands on the right workspace line: the file the function's
//   module names (shop::pricing::discount → src/pricing.rs; items of the crate root → src/main.rs), at the line
//   pprof-rs recorded;
// - the planted line is the hottest line of the workspace;
// - the standard library (/rustc/<commit>/library/…) is runtime, memchr from Cargo's registry a dependency with its
//   crate name and version, and every frame is one of app, dependency or runtime.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readProfiles } from '../../../src/core/readers';
import { analyzeWorkspace } from '../../../src/core/workspace/analyzeWorkspace';
import { findMarker, fixturesDir } from '../fixtures/read-fixture';
import { appLineAccuracy } from './app-line-accuracy';
import { fixtureCopy, openDiskWorkspace } from './workspace-helpers';

const FIXTURE = join(fixturesDir, 'rust/pprof-rs-cpu.pb.gz');

/** The crate's modules, as src/main.rs declares them: each is src/<module>.rs. */
function crateModules(root: string): Set<string> {
  return new Set([...readFileSync(join(root, 'src/main.rs'), 'utf8').matchAll(/^mod (\w+);/gm)].map((m) => m[1]));
}

describe('a pprof-rs profile of a Rust service, mapped onto its workspace', () => {
  const workspace = fixtureCopy('rust/shop', 'shop');

  it('puts >= 95% of the application frames\' cost on the right line, the planted line hottest', async (t) => {
    const [profile] = readProfiles(FIXTURE);
    const typeIndex = profile.sampleTypes.findIndex((s) => s.type === 'cpu');
    const analysis = await analyzeWorkspace({ profiles: [profile], query: { type: typeIndex }, roots: [{ name: 'shop', location: workspace.root }], gitEnabled: false });
    const modules = crateModules(workspace.root);
    const expectedFile = (name: string): string | undefined => {
      if (!name.startsWith('shop::')) return undefined;
      const module = name.split('::')[1];
      return modules.has(module) ? `src/${module}.rs` : 'src/main.rs';
    };
    const result = appLineAccuracy(profile, typeIndex, analysis, expectedFile);
    const samples = result.total / profile.period;
    assert.ok(samples >= 100, `${samples} application samples, too few to judge`);
    const share = result.right / result.total;
    assert.ok(share >= 0.95, `${(share * 100).toFixed(1)}% of application-frame cost on the right workspace line`);
    const hot = findMarker(join(fixturesDir, 'rust/shop'), 'HOT:rust discount');
    assert.equal(result.hottestLine, `${hot.file}:${hot.line}`);
    t.diagnostic(`${(share * 100).toFixed(2)}% of application-frame cost on the right line, ${samples} application samples`);

    const unmapped = analysis.coverage.topUnmapped.map((u) => `${u.path}: ${u.reason}`);
    assert.equal(analysis.coverage.shares.unmapped, 0, `every frame is app, dependency or runtime (${unmapped.join('; ')})`);
    assert.ok(analysis.coverage.shares.dependency > 0 && analysis.coverage.shares.runtime > 0, JSON.stringify(analysis.coverage.shares));
    // Where the code was compiled from, as the profile says: rustup's standard library, Cargo's registry, the service.
    const classes = (test: (file: string) => boolean) => new Set(analysis.functions.filter((f) => test(f.profileFile)).map((f) => f.class));
    assert.deepEqual(classes((file) => file.startsWith('/rustc/')), new Set(['runtime']), 'the standard library is runtime');
    assert.deepEqual(classes((file) => file.includes('/.cargo/registry/src/')), new Set(['dependency']), 'memchr is a dependency');
    assert.deepEqual(classes((file) => file.includes('/build/shop/src/')), new Set(['app']), 'the service\'s functions are app code');
  });

  it('names each crate from Cargo\'s registry with its version', async () => {
    const [profile] = readProfiles(FIXTURE);
    const disk = await openDiskWorkspace(workspace.root);
    const resolver = disk.resolver({ runtime: 'rust' });
    const crates = new Set<string>();
    for (let f = 0; f < profile.functions.count; f++) {
      const file = profile.strings.get(profile.functions.filename[f]);
      if (!file.includes('/registry/src/')) continue;
      const r = resolver.resolve(file);
      assert.equal(r.class, 'dependency', `${file}: ${r.reason}`);
      crates.add(`${r.dependency?.name} ${r.dependency?.version}`);
    }
    assert.deepEqual(crates, new Set(['memchr 2.8.3']));
  });
});
