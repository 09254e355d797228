// A grouped flame graph's per-function flat and cum, made from the same selection's before the group-by (what the
// worker's analysis counted), are the ones counted over the grouped stacks: the annotations are the same bytes.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { flatCum } from '../../../src/core/aggregate/flatCum';
import { buildModel } from '../../../src/core/model/buildModel';
import { readProfileFile } from '../../../src/core/profile/parse';
import { select } from '../../../src/core/query/select';
import type { ProfileQuery } from '../../../src/core/query/types';
import { flameGraphBuffers } from '../../../src/worker/flameGraphData';

const profile = join(__dirname, '../../fixtures/spans/cpu.pb.gz');

describe('a grouped flame graph\'s function totals', () => {
  for (const [what, query] of [['grouped by span_name', { groupBy: 'span_name' }], ['a label filter, grouped', { labels: [{ key: 'span_name', op: '!=', value: '' }], groupBy: 'span_name', groupTop: 1 }]] as [string, ProfileQuery][]) {
    it(`are the grouped stacks' own (${what})`, () => {
      const model = buildModel([readProfileFile(profile)]);
      const { groupBy: _, ...ungroupedQuery } = query;
      const ungrouped = select(model, ungroupedQuery);
      const grouped = select(model, query);
      assert.ok(grouped.groups && grouped.groups.frame.length > 1, 'the profile has several groups');
      const totals = flatCum(ungrouped.stacks, ungrouped.value, ungrouped.frames.function, ungrouped.functions.count);
      const fromUngrouped = flameGraphBuffers({ selection: grouped, functionTotals: { flat: totals.flat, cum: totals.cum } });
      const counted = flameGraphBuffers({ selection: grouped });
      assert.ok(Buffer.from(fromUngrouped.annotations).equals(Buffer.from(counted.annotations)));
      assert.ok(Buffer.from(fromUngrouped.tree).equals(Buffer.from(counted.tree)));
    });
  }
});
