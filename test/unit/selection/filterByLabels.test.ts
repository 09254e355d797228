// A label filter (core/query/labels.ts) applied to a decoded profile's samples, as the CLI's agent tools apply
// it before the engine's query does: the samples kept, with their labels and stacks.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { filterByLabels } from '../../../src/core/selection/filterByLabels';
import { parseLabelFilter } from '../../../src/core/query/labels';
import { stackProfile } from '../core/helpers/stackProfile';

describe('filterByLabels', () => {
  const profile = stackProfile({
    samples: [
      { stack: ['checkout@a.go:1'], values: [1, 10], labels: { endpoint: '/checkout', region: 'eu-west' } },
      { stack: ['search@a.go:2'], values: [2, 20], labels: { endpoint: '/search', region: 'us-east' } },
      { stack: ['gc@runtime.go:3'], values: [4, 40] },
      { stack: ['batch@a.go:4'], values: [8, 80], labels: { endpoint: '/checkout', region: 'us-east', bytes: 4096 } },
    ],
  });
  const cpuOf = (p: typeof profile) => Array.from({ length: p.samples.count }, (_, s) => p.samples.values[s * 2 + 1]).reduce((a, b) => a + b, 0);

  it('keeps exactly the samples a selector accepts, with their labels and stacks', () => {
    const cases: [string, number][] = [
      ['{endpoint="/checkout"}', 90],
      ['{endpoint="/checkout", region=~"eu-.*"}', 10],
      ['{region!="us-east"}', 50], // a sample without the label reads as ""
      ['{endpoint=""}', 40],
      ['{endpoint=~"/(search|checkout)"}', 110],
      ['{endpoint=~"check"}', 0], // anchored, as in PromQL
      ['{bytes="4096"}', 80], // numeric labels compare as their number
    ];
    for (const [selector, cpu] of cases) {
      const r = filterByLabels(profile, parseLabelFilter(selector));
      assert.equal(cpuOf(r.profile), cpu, selector);
      assert.equal(r.of, 4);
    }
    const only = filterByLabels(profile, parseLabelFilter('{region="eu-west"}')).profile;
    assert.equal(only.samples.count, 1);
    const l = only.samples.labelStart[0];
    assert.deepEqual([only.strings.get(only.labels.key[l]), only.strings.get(only.labels.str[l])], ['endpoint', '/checkout']);
    assert.equal(only.functions.count, profile.functions.count, 'tables other than samples and labels are shared');
  });
});
