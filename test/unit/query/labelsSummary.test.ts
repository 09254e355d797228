// What a label picker offers (keys, their costliest values with cost and count, the rest as one figure) against
// `go tool pprof -tags` on real labelled profiles, and group-by's groups (top values, other, no label).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import type { Profile } from '../../../src/core/profile/model';
import { readProfileFile } from '../../../src/core/profile/parse';
import { groupLabelSets, groupTitle } from '../../../src/core/query/labelsGroupBy';
import { sampleLabelSets } from '../../../src/core/query/labelsMatch';
import { summarizeLabels } from '../../../src/core/query/labelsSummary';
import { corpusFile, corpusUnavailable } from '../core/helpers/corpus';
import { goPprofUnavailable } from '../core/helpers/goPprof';

const skip = goPprofUnavailable() ?? corpusUnavailable();

function costs(p: Profile, type: string): { cost: Float64Array; count: Float64Array } {
  const n = p.sampleTypes.length;
  const t = p.sampleTypes.findIndex((x) => x.type === type);
  const c = p.sampleTypes.findIndex((x) => x.type === 'samples');
  const cost = new Float64Array(p.samples.count);
  const count = new Float64Array(p.samples.count);
  for (let s = 0; s < p.samples.count; s++) {
    cost[s] = p.samples.values[s * n + t];
    count[s] = c >= 0 ? p.samples.values[s * n + c] : 0;
  }
  return { cost, count };
}

/** `go tool pprof -tags` in nanoseconds: per key its total, per value its cost (string labels). */
function pprofTags(file: string): Map<string, { total: number; values: Map<string, number> }> {
  const out = spawnSync('go', ['tool', 'pprof', '-tags', '-unit=ns', '-sample_index=cpu', file], { encoding: 'utf8' }).stdout;
  const keys = new Map<string, { total: number; values: Map<string, number> }>();
  let current: { total: number; values: Map<string, number> } | undefined;
  for (const line of out.split('\n')) {
    const head = /^ (\S.*): Total (\d+)ns of/.exec(line);
    if (head) {
      current = { total: Number(head[2]), values: new Map() };
      keys.set(head[1], current);
      continue;
    }
    const value = /^\s+(\d+)ns \(.*\): (.*)$/.exec(line);
    if (value && current && Number(value[1]) > 0) current.values.set(value[2], Number(value[1]));
  }
  return keys;
}

describe('label summary', { skip }, () => {
  for (const name of [
    'grafana+pyroscope/pkg/pprof/testdata/go.cpu.labels.pprof',
    'grafana+pyroscope/pkg/pprof/testdata/dotnet.labels.pprof',
    'grafana+pyroscope/pkg/pprof/testdata/single_group_with_optional_span_id.pb.gz',
    'parca-dev+parca/pkg/parca/testdata/labels.pb.gz',
  ]) {
    it(`${name}: every key's total and every value's cost are go tool pprof -tags's`, () => {
      const file = corpusFile(name);
      const p = readProfileFile(file);
      const { cost, count } = costs(p, 'cpu');
      const summary = summarizeLabels(sampleLabelSets(p), p.strings, cost, count, { topValues: Infinity });
      const reference = pprofTags(file);
      assert.deepEqual(summary.keys.map((k) => k.key).sort(), [...reference.keys()].sort());
      for (const k of summary.keys) {
        const ref = reference.get(k.key)!;
        assert.equal(k.cost, ref.total, `${k.key} total`);
        const ours = new Map(k.values.filter((v) => v.cost > 0).map((v) => [v.value, v.cost]));
        assert.deepEqual(ours, ref.values, `${k.key} values`);
      }
    });
  }

  it('a key with hundreds of values offers the top ones, a count and the rest as one figure', () => {
    const p = readProfileFile(corpusFile('grafana+pyroscope/pkg/pprof/testdata/go.cpu.labels.pprof'));
    const { cost, count } = costs(p, 'cpu');
    const summary = summarizeLabels(sampleLabelSets(p), p.strings, cost, count, { topValues: 10 });
    const ids = summary.keys.find((k) => k.key === 'profile_id')!;
    assert.equal(ids.valueCount, 432);
    assert.equal(ids.values.length, 10);
    assert.equal(ids.values[0].value, 'f9666c0d6bffec33', 'costliest first');
    assert.ok(ids.values.every((v, i) => i === 0 || v.cost <= ids.values[i - 1].cost));
    assert.equal(ids.values.reduce((s, v) => s + v.cost, 0) + ids.otherCost, ids.cost, 'nothing lost');
    assert.ok(ids.values[0].count > 0, 'sample counts');
    assert.equal(summary.total, cost.reduce((a, b) => a + b, 0));
    assert.deepEqual(summary.keys.map((k) => k.key), ['foo', 'function', 'profile_id'], 'keys by cost, then name');
  });
});

describe('group-by groups', { skip }, () => {
  it('top values, then other, then the samples without the label', () => {
    const p = readProfileFile(corpusFile('grafana+pyroscope/pkg/pprof/testdata/go.cpu.labels.pprof'));
    const { cost } = costs(p, 'cpu');
    const sets = sampleLabelSets(p);
    const byFunction = groupLabelSets(sets, p.strings, 'function', cost);
    assert.deepEqual(byFunction.kinds, ['value', 'value', 'missing']);
    assert.deepEqual([0, 1, 2].map((g) => groupTitle(byFunction, g)), ['function=slow', 'function=fast', 'no function']);
    assert.deepEqual([...byFunction.cost], [6_740_000_000, 1_500_000_000, 490_000_000]);

    const byId = groupLabelSets(sets, p.strings, 'profile_id', cost, 5);
    assert.equal(byId.values.length, 7);
    assert.deepEqual(byId.kinds.slice(4), ['value', 'other', 'missing']);
    assert.equal(groupTitle(byId, 5), 'profile_id: other (427 values)');
    assert.equal([...byId.cost].reduce((a, b) => a + b, 0), 8_730_000_000, 'every sample is in one group');
    for (let s = 0; s < sets.count; s++) assert.ok(byId.groupOf[s] >= 0 && byId.groupOf[s] < 7);
  });
});
