import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatValue } from '../../../src/core/format/units';
import { formatPercent } from '../../../src/core/format/units';
import { bucketOf, DEFAULT_HEAT_SETTINGS, planHeat, type HeatSettings } from '../../../src/editor/heat/plan';

const ns = (v: number) => formatValue(v, 'nanoseconds');

describe('heat plan: what the gutter shows', () => {
  it('steps colour buckets with the line\'s share of the profile', () => {
    const t = DEFAULT_HEAT_SETTINGS.thresholds;
    assert.equal(bucketOf(0.001, t), 'cool');
    assert.equal(bucketOf(0.01, t), 'mild');
    assert.equal(bucketOf(0.049, t), 'mild');
    assert.equal(bucketOf(0.05, t), 'warm');
    assert.equal(bucketOf(0.15, t), 'hot');
    assert.equal(bucketOf(0.9, t), 'hot');
  });

  it('writes the figure in the profile unit and its share only above the annotation threshold', () => {
    const total = 10e9; // 10 s of CPU
    const plan = planHeat([
      { line: 4, flat: 0.3e9, cum: 1.2e9 }, // 12%
      { line: 9, flat: 0.01e9, cum: 0.02e9 }, // 0.2%: marked, but no text
      { line: 2, flat: 0, cum: 0 }, // no cost: no mark at all
    ], total, 100, ns);
    assert.deepEqual(plan.map((p) => [p.line, p.bucket, p.text]), [
      [4, 'warm', '▲ 1.2 s · 12.0%'],
      [9, 'cool', undefined],
    ]);
  });

  it('uses self cost when the metric setting says so', () => {
    const settings: HeatSettings = { ...DEFAULT_HEAT_SETTINGS, metric: 'self' };
    const [p] = planHeat([{ line: 0, flat: 2e9, cum: 8e9 }], 10e9, 10, ns, settings);
    assert.equal(p.value, 2e9);
    assert.equal(p.text, '▲ 2 s · 20.0%');
    assert.equal(p.bucket, 'hot');
  });

  it('flags lines that changed since the profiled commit, in the text too (not by colour alone)', () => {
    const [p] = planHeat([{ line: 3, flat: 1e9, cum: 1e9, changed: true }], 10e9, 10, ns);
    assert.equal(p.changed, true);
    assert.match(p.text!, /^△ 1 s · 10\.0% \(line changed since profiled\)$/);
  });

  it('drops lines beyond the end of the document and returns nothing for an empty profile', () => {
    assert.deepEqual(planHeat([{ line: 50, flat: 1, cum: 1 }], 10, 20, ns), []);
    assert.deepEqual(planHeat([{ line: 1, flat: 1, cum: 1 }], 0, 20, ns), []);
  });

  it('formats shares for the editor with one decimal and never rounds a real cost to zero', () => {
    assert.equal(formatPercent(0.084), '8.4%');
    assert.equal(formatPercent(0.0004), '<0.1%');
    assert.equal(formatPercent(0), '0%');
    assert.equal(formatPercent(1), '100.0%');
  });
});
