// Real py-spy profiles (raw/collapsed with py-spy's short paths, and speedscope with the deployment's absolute paths,
// /srv/pyshop) of test/fixtures/python/app mapped onto a copy of that app as the editor maps them: at least 95% of the
// application frames' cost lands on the right workspace line, the planted hot line first; the standard library and
// importlib frames are not the app's.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_PROFILE_LIMITS } from '../../../src/core/profile/limits';
import { readProfiles } from '../../../src/core/readers';
import { buildWorkspaceProfile } from '../../../src/core/workspace/buildWorkspaceProfile';
import { findMarker, fixturesDir } from '../fixtures/read-fixture';
import { copyTree, makeTempDir } from './workspace-helpers';

const APP_FILES = ['service.py', 'shop/pricing.py'];

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

describe('py-spy profiles of a Python service, mapped onto its workspace', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let root: string;
  before(() => {
    temp = makeTempDir('python-fixtures');
    root = join(temp.dir, 'pyshop');
    copyTree(join(fixturesDir, 'python/app'), root);
  });
  after(() => temp.dispose());

  for (const [fixture, type] of [['python/pyspy-raw.txt', 'samples'], ['python/pyspy.speedscope.json', 'wall']] as const) {
    it(`${fixture}: >= 95% of the app frames' cost on the right line, the hot line first`, async () => {
      const file = join(fixturesDir, fixture);
      const expected = appCostByLine(file, type);
      const view = await buildWorkspaceProfile({ sources: [file], typeName: type, roots: [{ name: 'pyshop', path: root }], pathMappings: [], allowGit: false, limits: DEFAULT_PROFILE_LIMITS });
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
      const hot = findMarker(join(fixturesDir, 'python/app'), 'HOT:python discount');
      const hottest = view.files.flatMap((f) => f.lines.map((l) => ({ path: f.relativePath, ...l }))).sort((a, b) => b.flat - a.flat)[0];
      assert.deepEqual([hottest.path, hottest.line], [hot.file, hot.line]);
      assert.ok(view.coverage.app > 0 && view.coverage.runtime > 0, `app and runtime both seen: ${JSON.stringify(view.coverage)}`);
    });
  }
});
