// Memory growth against hand-computed cases: the leaking site ranks first and is flagged; a site that churns
// (allocates much, keeps little), a cache that warmed up once, and noise are not.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildModel } from '../../../src/core/model/buildModel';
import { select } from '../../../src/core/query/select';
import { parseSiteKey, siteValues } from '../../../src/core/trends/allocationSites';
import { memoryGrowth, type Snapshot } from '../../../src/core/trends/growth';
import { KeyIndex } from '../../../src/core/trends/summary';
import { stackProfile } from '../core/helpers/stackProfile';

const MB = 1 << 20;
const T0 = Date.UTC(2026, 2, 1);
const GO_HEAP: [string, string][] = [['alloc_objects', 'count'], ['alloc_space', 'bytes'], ['inuse_objects', 'count'], ['inuse_space', 'bytes']];

interface SiteAt { stack: string[]; inuse: number; alloc: number }

/** A Go heap snapshot: each site's in-use and cumulative allocated bytes (objects of 1 KiB). */
function heap(timeMs: number, sites: SiteAt[]) {
  return stackProfile({
    types: GO_HEAP,
    defaultType: 'inuse_space',
    timeNanos: timeMs * 1e6,
    samples: sites.map((s) => ({ stack: s.stack, values: [s.alloc / 1024, s.alloc, s.inuse / 1024, s.inuse] })),
  });
}

const LEAK = ['runtime.mapassign_faststr@/go/src/runtime/map_faststr.go:203', 'main.(*sessions).remember@/b/svc/sessions.go:20', 'main.handle@/b/svc/main.go:40'];
const CHURN = ['runtime.growslice@/go/src/runtime/slice.go:155', 'main.parse@/b/svc/parse.go:33', 'main.handle@/b/svc/main.go:41'];
const WARM = ['main.loadCatalog@/b/svc/catalog.go:12', 'main.main@/b/svc/main.go:10'];

function snapshots(count: number, at: (j: number) => SiteAt[], stepMs = 10 * 60_000): Snapshot[] & { index: KeyIndex } {
  const index = new KeyIndex();
  const out = Array.from({ length: count }, (_, j) => {
    const model = buildModel([heap(T0 + j * stepMs, at(j))]);
    return { timeMs: T0 + j * stepMs, sites: siteValues([select(model, { type: 'inuse_space' }), select(model, { type: 'alloc_space' })], index) };
  });
  return Object.assign(out, { index });
}

const near = (a: number, b: number) => assert.ok(Math.abs(a - b) <= 1e-9 * Math.abs(b), `${a} vs ${b}`);

describe('memoryGrowth', () => {
  const churnLevels = [5, 6, 4, 5, 6, 4, 5, 5];
  const warmLevels = [2, 6, 8, 8, 8, 8, 8, 8];
  const history = snapshots(8, (j) => [
    { stack: LEAK, inuse: (j + 1) * MB, alloc: (j + 1) * MB },
    { stack: CHURN, inuse: churnLevels[j] * MB, alloc: (j + 1) * 100 * MB },
    { stack: WARM, inuse: warmLevels[j] * MB, alloc: warmLevels[j] * MB },
  ]);
  const result = memoryGrowth(history);
  const name = (k: number) => parseSiteKey(history.index.keys[k]);

  it('charges each allocation to the first frame outside the runtime: the line that inserts into the map', () => {
    assert.deepEqual(name(result.sites[0].key), { name: 'main.(*sessions).remember', fileTail: 'svc/sessions.go', line: 20 });
  });

  it('the leak: 1 MiB more every 10 minutes = 6 MiB/h, tau 1, S = 28, z = 27/√(8·7·21/18), all of it retained', () => {
    const leak = result.sites[0];
    assert.equal(leak.leak, true);
    near(leak.slopePerHour, 6 * MB);
    near(leak.recentSlopePerHour, 6 * MB);
    near(leak.growth, 7 * MB);
    assert.equal(leak.tau, 1);
    assert.ok(Math.abs(leak.z - 27 / Math.sqrt((8 * 7 * 21) / 18)) < 1e-12);
    assert.equal(leak.retained, 1);
    assert.equal(leak.allocated, 7 * MB);
    // 3 sites tested: critical z = Φ⁻¹(1 − 0.05/6) = 2.394
    assert.equal(result.tests, 3);
    assert.ok(Math.abs(result.critical - 2.394) < 1e-3);
  });

  it('churn (700 MiB allocated, level steady) and a cache that filled once are not leaks', () => {
    assert.equal(result.sites.filter((s) => s.leak).length, 1);
    // The cache's median pairwise slope is 0 (most pairs are 8 → 8): it does not count as growing at all.
    const warm = result.sites.find((s) => name(s.key).name === 'main.loadCatalog');
    assert.ok(warm === undefined || !warm.leak, 'the warm cache grew early and then stayed');
    const rising = memoryGrowth(snapshots(8, (j) => [{ stack: WARM, inuse: [1, 2, 3, 4, 5, 5, 5, 5][j] * MB, alloc: MB }]));
    assert.equal(rising.sites[0].recentSlopePerHour, 0, 'a cache that filled over half the window');
    assert.equal(rising.sites[0].leak, false);
    const churn = result.sites.find((s) => name(s.key).name === 'main.parse');
    assert.ok(churn === undefined || !churn.leak, 'the churning site is not flagged');
  });

  it('snapshots out of order or repeated give the same answer, and say so', () => {
    const shuffled = [history[3], history[0], history[7], history[1], history[5], history[2], history[6], history[4], history[4]];
    const again = memoryGrowth(shuffled);
    assert.deepEqual([...again.sites[0].series], [...result.sites[0].series]);
    assert.match(again.notes.join('\n'), /1 snapshot at the same time as another: counted once/);
  });

  it('noise around a level is not growth, even over 200 snapshots', () => {
    let seed = 5;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const noisy = snapshots(200, () => Array.from({ length: 20 }, (_, s) => ({
      stack: [`main.f${s}@/b/svc/f.go:${s + 1}`, 'main.main@/b/svc/main.go:1'],
      inuse: Math.round((4 + rand()) * MB),
      alloc: MB,
    })), 60_000);
    assert.deepEqual(memoryGrowth(noisy).sites.filter((s) => s.leak), []);
  });

  it('fewer than 3 snapshots: no verdict, and a note', () => {
    const two = memoryGrowth(history.slice(0, 2));
    assert.deepEqual(two.sites, []);
    assert.match(two.notes.join('\n'), /at least 3 snapshots/);
  });
});
