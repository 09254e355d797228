import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTimeline, spanOf, type TimelinePoint } from '../../../src/editor/timeRange/timelineBars';

const T0 = Date.UTC(2026, 10, 24, 10, 0, 0);
const info = { type: 'cpu', unit: 'nanoseconds', label: 'all time' };

/** `n` back-to-back 10 s profiles of `version` from `start`, with totals 1, 2, 3... × `scale`. */
function profiles(version: string, start: number, n: number, scale = 1): TimelinePoint[] {
  return Array.from({ length: n }, (_, i) => ({ timeMs: start + i * 10_000, durationMs: 10_000, version, total: (i + 1) * scale }));
}

describe('the timeline bars', () => {
  it('one bar per profile while they fit, in time order, with each profile total and version', () => {
    const pts = [...profiles('v2', T0 + 60_000, 3), ...profiles('v1', T0, 3)];
    const t = buildTimeline(pts, info);
    assert.equal(t.bars.length, 6);
    assert.deepEqual(t.versions, ['v1', 'v2'], 'versions in order of appearance');
    assert.deepEqual(t.bars.map((b) => t.versions[b.version]), ['v1', 'v1', 'v1', 'v2', 'v2', 'v2']);
    assert.deepEqual(t.bars.map((b) => b.total), [1, 2, 3, 1, 2, 3]);
    assert.equal(t.startMs, T0);
    assert.equal(t.endMs, T0 + 60_000 + 30_000);
  });

  it('a deploy boundary where the version changes, at the new version\'s first profile; none within a version', () => {
    const pts = [...profiles('v1', T0, 3), ...profiles('v2', T0 + 60_000, 3), ...profiles('v3', T0 + 120_000, 2)];
    const t = buildTimeline(pts, info);
    assert.deepEqual(t.boundaries.map((b) => [b.timeMs, t.versions[b.version]]), [[T0 + 60_000, 'v2'], [T0 + 120_000, 'v3']]);
    assert.equal(buildTimeline(profiles('v1', T0, 5), info).boundaries.length, 0);
  });

  it('many profiles go into at most maxBars time buckets that keep the sum of the totals and every profile', () => {
    const pts = [...profiles('v1', T0, 300), ...profiles('v2', T0 + 6_000_000, 300, 2)];
    const t = buildTimeline(pts, info, 50);
    assert.ok(t.bars.length <= 50, `${t.bars.length} bars`);
    assert.equal(t.bars.reduce((n, b) => n + b.profiles, 0), 600);
    assert.equal(t.bars.reduce((n, b) => n + b.total, 0), pts.reduce((n, p) => n + p.total, 0));
    for (let i = 1; i < t.bars.length; i++) assert.ok(t.bars[i].fromMs >= t.bars[i - 1].toMs - 1e-6, 'buckets do not overlap');
    // The gap between the releases (no profiles) stays empty: buckets only where there are profiles.
    // v1 ends at T0 + 3,000 s and v2 starts at T0 + 6,000 s: the hour between stays empty.
    assert.ok(!t.bars.some((b) => b.fromMs >= T0 + 3_200_000 && b.toMs <= T0 + 5_800_000), 'no bar inside the gap');
    assert.ok(t.bars.length < 50, 'empty buckets are not drawn');
    assert.equal(t.versions[t.bars[0].version], 'v1');
    assert.equal(t.versions[t.bars[t.bars.length - 1].version], 'v2');
    assert.equal(t.boundaries.length, 1);
  });

  it('profiles that do not say how long they are last as long as the usual gap between them', () => {
    const pts = [0, 15_000, 30_000].map((d) => ({ timeMs: T0 + d, durationMs: 0, version: 'v1', total: 1 }));
    const t = buildTimeline(pts, info);
    assert.deepEqual(t.bars.map((b) => b.toMs - b.fromMs), [15_000, 15_000, 15_000]);
  });

  it('the highlighted span covers exactly the chosen profiles', () => {
    const pts = profiles('v1', T0, 6);
    assert.deepEqual(spanOf(pts, (_p, i) => i >= 2 && i <= 3), { fromMs: T0 + 20_000, toMs: T0 + 40_000 });
    assert.equal(spanOf(pts, () => false), undefined);
  });

  it('an empty store gives an empty timeline, not an error', () => {
    const t = buildTimeline([], info);
    assert.equal(t.bars.length, 0);
    assert.equal(t.boundaries.length, 0);
  });
});
