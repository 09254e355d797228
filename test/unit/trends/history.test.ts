// Trends of real (generated) pprof profiles through the engine: summaries per profile, buckets by time or
// version, and the ranking — with gaps, profiles out of order and overlapping, and versions that share nothing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { functionKey } from '../../../src/core/diff/functionKey';
import { assignBuckets, HOUR_MS } from '../../../src/core/trends/buckets';
import { historyTrends, type HistoryProfile } from '../../../src/core/trends/history';
import { rising } from '../../../src/core/trends/rising';
import { stackProfile } from '../core/helpers/stackProfile';

const T0 = Date.UTC(2026, 2, 1);

/** A CPU profile at `timeMs` with `hot` samples in pricing.total (under handle) and `other` in render. */
function cpu(timeMs: number, hot: number, other: number, version = 'v1', extra: Record<string, number> = {}): HistoryProfile {
  const samples = [
    { stack: ['pricing.total@/b/shop/pricing/prices.go:12', 'main.handle@/b/shop/main.go:30'], values: [hot, hot * 1e7] },
    { stack: ['main.render@/b/shop/render.go:8', 'main.handle@/b/shop/main.go:31'], values: [other, other * 1e7] },
    ...Object.entries(extra).map(([fn, n]) => ({ stack: [`${fn}@/b/shop/x.go:1`], values: [n, n * 1e7] })),
  ].filter((s) => s.values[0] > 0);
  return { timeMs, version, profile: stackProfile({ source: `${timeMs}.pb`, timeNanos: timeMs * 1e6, periodType: ['cpu', 'nanoseconds'], samples }) };
}
const window = { kind: 'time' as const, widthMs: HOUR_MS, sinceMs: T0, untilMs: T0 + 48 * HOUR_MS };
const TOTAL_KEY = functionKey('pricing.total', 'shop/pricing/prices.go');

describe('historyTrends', () => {
  it('ranks the function whose share grows hour by hour first, with its shares per bucket', () => {
    const history = Array.from({ length: 12 }, (_, h) => cpu(T0 + h * HOUR_MS + 60_000, 100 + 40 * h, 1000));
    const trends = historyTrends(history, window, {}, 'function');
    const up = rising(trends);
    assert.equal(trends.index.keys[up[0].key], TOTAL_KEY);
    assert.equal(trends.buckets, 12);
    close(up[0].shares[0], 100 / 1100);
    close(up[0].shares[11], 540 / 1540);
    assert.ok(up[0].rise > 0.2);
    // render's share falls as pricing.total's rises; main.handle is always 100%.
    const render = trends.trends.find((t) => trends.index.keys[t.key].startsWith('main.render\u0000'))!;
    assert.ok(render.significant && render.rise < 0);
    assert.ok(!up.some((t) => trends.index.keys[t.key].startsWith('main.handle\u0000')));
  });

  it('a gap in the history is a gap in x, not a bucket of zero share', () => {
    // Hours 0-3 and 40-43 at the same share: no trend, though 36 hours are missing.
    const hours = [0, 1, 2, 3, 40, 41, 42, 43];
    const history = hours.map((h) => cpu(T0 + h * HOUR_MS, 300, 700));
    const trends = historyTrends(history, window, {}, 'function');
    assert.equal(trends.buckets, 8);
    assert.deepEqual(rising(trends), []);
    const x = trends.table.x;
    assert.equal(x[4] - x[3], 37 * HOUR_MS);
  });

  it('profiles out of order and overlapping give the same answer as in order', () => {
    const inOrder = Array.from({ length: 6 }, (_, h) => cpu(T0 + h * HOUR_MS, 100 + 100 * h, 1000));
    // A second collector's profiles in the same hours, its clock 20 minutes behind, listed in reverse.
    const overlapping = inOrder.map((p, h) => cpu(p.timeMs + 20 * 60_000, 100 + 100 * h, 1000)).reverse();
    const a = historyTrends(inOrder, window, {}, 'function');
    const b = historyTrends([...overlapping.slice(3), ...inOrder, ...overlapping.slice(0, 3)], window, {}, 'function');
    assert.deepEqual([...b.table.profiles], [2, 2, 2, 2, 2, 2]);
    const share = (t: typeof a) => [...rising(t)[0].shares].map((s) => s.toFixed(6));
    assert.deepEqual(share(b), share(a));
    assert.equal(rising(b)[0].significant, true);
  });

  it('by version, in the order given; profiles of versions not listed and profiles without a time are left out', () => {
    const history = [cpu(T0, 100, 900, 'v1'), cpu(T0 + 1, 200, 800, 'v2'), cpu(T0 + 2, 300, 700, 'v3'), cpu(T0 + 3, 400, 600, 'v4'), cpu(T0 + 4, 999, 1, 'dev')];
    const trends = historyTrends(history, { kind: 'version', versions: ['v1', 'v2', 'v3', 'v4'] }, {}, 'function');
    assert.deepEqual(trends.table.labels, ['v1', 'v2', 'v3', 'v4']);
    assert.equal(trends.index.keys[rising(trends)[0].key], TOTAL_KEY);
    assert.match(trends.notes.join('\n'), /1 profile has no version in the list/);
    const untimed = assignBuckets([{ timeMs: 0 }, { timeMs: T0 + 5 }], window);
    assert.deepEqual([...untimed.bucketOf], [-1, 0]);
    assert.match(untimed.notes.join('\n'), /1 profile says nothing of when it was taken/);
  });

  it('versions with no function in common: only the versions after the break are compared, and it says so', () => {
    const renamed = (t: number, n: number, v: string) => ({ timeMs: t, version: v, profile: stackProfile({ timeNanos: t * 1e6, samples: [{ stack: ['svc.work@/b/new/w.go:1'], values: [n, n * 1e7] }, { stack: ['svc.idle@/b/new/i.go:1'], values: [100, 1e9] }] }) });
    const history = [cpu(T0, 100, 900, 'v1'), cpu(T0 + 1, 500, 500, 'v2'), renamed(T0 + 2, 100, 'v3'), renamed(T0 + 3, 110, 'v4'), renamed(T0 + 4, 100, 'v5')];
    const trends = historyTrends(history, { kind: 'version', versions: ['v1', 'v2', 'v3', 'v4', 'v5'] }, {}, 'function');
    assert.equal(trends.from, 2);
    assert.match(trends.notes.join('\n'), /v2 and v3 have no function in common: only v3 onwards is compared/);
    assert.deepEqual(rising(trends), [], 'nothing rises within v3..v5, and v1 → v2 is not counted');
    assert.ok(trends.trends.every((t) => !trends.index.keys[t.key].startsWith('pricing.total')));
  });

  it('line trends: the hot line of the growing function rises', () => {
    const history = Array.from({ length: 8 }, (_, h) => cpu(T0 + h * HOUR_MS, 100 + 50 * h, 1000));
    const trends = historyTrends(history, window, {}, 'line');
    assert.equal(trends.index.keys[rising(trends)[0].key], 'pricing/prices.go:12');
  });

  it('a noise-only history flags nothing', () => {
    let seed = 3;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const history = Array.from({ length: 24 }, (_, h) => {
      const extra: Record<string, number> = {};
      for (let f = 0; f < 20; f++) extra[`pkg.f${f}`] = 20 + Math.floor(rand() * 10);
      return cpu(T0 + h * HOUR_MS, 250 + Math.floor(rand() * 30), 700 + Math.floor(rand() * 30), 'v1', extra);
    });
    assert.deepEqual(rising(historyTrends(history, window, {}, 'function')).map((t) => t.key), []);
  });
});

function close(a: number, b: number) {
  assert.ok(Math.abs(a - b) < 1e-9, `${a} vs ${b}`);
}
