// Real profiles of test/fixtures/python/app — py-spy's (raw/collapsed with py-spy's short paths, and speedscope with
// the deployment's absolute paths, /srv/pyshop) and the Pyroscope Python SDK's (pyroscope-io's pprof, /srv/
// pyshop-pyroscope, with a library in the deployment's site-packages) — mapped onto a copy of that app as the editor
// maps them: at least 95% of the application frames' cost lands on the right workspace line, the planted hot line
// first; the standard library and importlib frames are runtime, site-packages a dependency.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_PROFILE_LIMITS } from '../../../src/core/profile/limits';
import { readProfiles } from '../../../src/core/readers';
import { buildWorkspaceProfile } from '../../../src/core/workspace/buildWorkspaceProfile';
import { findMarker, fixturesDir } from '../fixtures/read-fixture';
import { fixtureCopy, openDiskWorkspace } from './workspace-helpers';

const APP_FILES = ['service.py', 'pyroscope_service.py', 'shop/pricing.py'];

/** The app frames' own (flat) cost per `file:line`, from the profile as recorded. */
function appCostByLine(file: string, type: string): Map<string, number> {
  const [p] = readProfiles(file).filter((q) => q.sampleTypes.some((t) => t.type === type));
  const t = p.sampleTypes.findIndex((x) => x.type === type);
  const n = p.sampleTypes.length;
  const out = new Map<string, number>();
  for (let s = 0; s < p.samples.count; s++) {
    const start = p.samples.locationStart[s];
    if (start === p.samples.locationStart[s + 1]) continue;
    const loc = p.samples.locations[start];
    const line = p.locations.lineStart[loc];
    const fn = p.lines.function[line];
    const path = p.strings.get(p.functions.filename[fn]);
    const app = APP_FILES.find((f) => path === f || path.endsWith(`/${f}`));
    if (!app) continue;
    const key = `${app}:${p.lines.line[line]}`;
    out.set(key, (out.get(key) ?? 0) + p.samples.values[s * n + t]);
  }
  return out;
}

describe('py-spy and pyroscope-io profiles of a Python service, mapped onto its workspace', () => {
  const workspace = fixtureCopy('python/app', 'pyshop');

  const fixtures = [['python/pyspy-raw.txt', 'samples'], ['python/pyspy.speedscope.json', 'wall'], ['python/pyroscope-io-cpu.pb.gz', 'cpu']] as const;
  for (const [fixture, type] of fixtures) {
    it(`${fixture}: >= 95% of the app frames' cost on the right line, the hot line first`, async (t) => {
      const file = join(fixturesDir, fixture);
      const expected = appCostByLine(file, type);
      const view = await buildWorkspaceProfile({ sources: [file], typeName: type, roots: [{ name: 'pyshop', path: workspace.root }], pathMappings: [], allowGit: false, limits: DEFAULT_PROFILE_LIMITS });
      let wanted = 0;
      let landed = 0;
      for (const [key, cost] of expected) {
        const [path, line] = [key.slice(0, key.lastIndexOf(':')), Number(key.slice(key.lastIndexOf(':') + 1))];
        wanted += cost;
        const got = view.files.find((f) => f.relativePath === path)?.lines.find((l) => l.line === line)?.flat ?? 0;
        landed += Math.min(cost, got);
      }
      assert.ok(wanted > 0, 'the profile has app frames');
      assert.ok(landed / wanted >= 0.95, `${((100 * landed) / wanted).toFixed(1)}% of the app frames' cost on the right line`);
      t.diagnostic(`${((100 * landed) / wanted).toFixed(2)}% of the app frames' cost on the right line`);
      const hot = findMarker(join(fixturesDir, 'python/app'), 'HOT:python discount');
      const hottest = view.files.flatMap((f) => f.lines.map((l) => ({ path: f.relativePath, ...l }))).sort((a, b) => b.flat - a.flat)[0];
      assert.deepEqual([hottest.path, hottest.line], [hot.file, hot.line]);
      assert.ok(view.coverage.app > 0 && view.coverage.runtime > 0, `app and runtime both seen: ${JSON.stringify(view.coverage)}`);
    });
  }

  it('pyroscope-io: the library in site-packages is a dependency named by its package, the standard library runtime', async () => {
    const file = join(fixturesDir, 'python/pyroscope-io-cpu.pb.gz');
    const [profile] = readProfiles(file);
    const disk = await openDiskWorkspace(workspace.root);
    const resolver = disk.resolver({ runtime: 'python' });
    const verdicts = new Map<string, string>();
    for (let f = 0; f < profile.functions.count; f++) {
      const path = profile.strings.get(profile.functions.filename[f]);
      const r = resolver.resolve(path, profile.strings.get(profile.functions.name[f]));
      verdicts.set(path.replace(/^.*\/(site-packages|python3\.\d+|pyshop-pyroscope)\//, '$1/'), `${r.class}${r.dependency ? ` ${r.dependency.name}` : ''}`);
    }
    assert.deepEqual(Object.fromEntries(verdicts), {
      'pyshop-pyroscope/app/pyroscope_service.py': 'app',
      'pyshop-pyroscope/app/shop/pricing.py': 'app',
      'site-packages/acme_tax/__init__.py': 'dependency acme_tax',
      'python3.11/fractions.py': 'runtime',
      'python3.11/json/__init__.py': 'runtime',
      'python3.11/json/encoder.py': 'runtime',
    });
  });
});
