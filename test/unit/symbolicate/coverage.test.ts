import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { coverageReport } from '../../../src/core/symbolicate/coverage';

describe('coverage report', () => {
  it('splits cost into app, dependency, runtime and unmapped, and lists the costliest unmapped paths with reasons', () => {
    const report = coverageReport(
      [
        { path: '/app/src/a.ts', class: 'app', cost: 50 },
        { path: '/app/src/b.ts', class: 'app', cost: 10, ambiguous: true },
        { path: '/app/node_modules/x/i.js', class: 'dependency', cost: 15 },
        { path: 'node:internal/timers', class: 'runtime', cost: 5 },
        { path: '/opt/agent/hook.js', class: 'unknown', cost: 4, reason: 'no workspace file is named hook.js' },
        { path: '/opt/other/z.js', class: 'unknown', cost: 12, reason: 'no workspace file is named z.js' },
        { path: '/opt/agent/hook.js', class: 'unknown', cost: 3, reason: 'no workspace file is named hook.js' },
        { path: '/app/src/a.ts', class: 'app', cost: 1, lineDeleted: true },
        { path: '/app/src/zero.ts', class: 'unknown', cost: 0 },
      ],
      2,
    );
    assert.equal(report.total, 100);
    assert.deepEqual(report.costs, { app: 60, dependency: 15, runtime: 5, unmapped: 20 });
    assert.deepEqual(report.shares, { app: 0.6, dependency: 0.15, runtime: 0.05, unmapped: 0.2 });
    assert.deepEqual(report.topUnmapped, [
      { path: '/opt/other/z.js', cost: 12, reason: 'no workspace file is named z.js' },
      { path: '/opt/agent/hook.js', cost: 7, reason: 'no workspace file is named hook.js' },
    ]);
    assert.deepEqual(report.ambiguous, [{ path: '/app/src/b.ts', cost: 10 }]);
  });

  it('lists the costliest unmapped paths among many: by cost, then by path, a path once per reason', () => {
    // 5,000 unmapped paths with few distinct costs (ties everywhere), one path under two reasons.
    const frames = Array.from({ length: 5000 }, (_, i) => ({ path: `/opt/x/f${(i * 7919) % 5000}.go`, class: 'unknown' as const, cost: 1 + (i % 13), reason: 'no such file' }));
    frames.push({ path: '/opt/x/f17.go', class: 'unknown', cost: 13, reason: 'another reason' });
    frames.push({ path: '/opt/x/f17.go', class: 'unknown', cost: 20, reason: 'no such file' });
    const expected = new Map<string, { path: string; cost: number; reason: string }>();
    for (const f of frames) {
      const key = `${f.path} ${f.reason}`;
      const entry = expected.get(key) ?? { path: f.path, cost: 0, reason: f.reason };
      entry.cost += f.cost;
      expected.set(key, entry);
    }
    const sorted = [...expected.values()].sort((a, b) => b.cost - a.cost || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const report = coverageReport(frames, 25);
    assert.deepEqual(report.topUnmapped, sorted.slice(0, 25));
    assert.equal(report.costs.unmapped, frames.reduce((sum, f) => sum + f.cost, 0));
  });

  it('is all zeros for an empty profile', () => {
    const report = coverageReport([]);
    assert.equal(report.total, 0);
    assert.deepEqual(report.shares, { app: 0, dependency: 0, runtime: 0, unmapped: 0 });
  });
});
