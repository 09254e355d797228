// The order of stacks a frame filter rewrote, derived from the model's (the unchanged stacks kept in its order, the
// changed ones sorted, the two merged): sorted as a sort of them all would be, each stack's common prefix with the
// one before right, and the flame graph's tree built from it the same as from a sort of them all.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lineKeys } from '../../../src/core/aggregate/lineKeys';
import { RewrittenSort } from '../../../src/core/aggregate/rewrittenOrder';
import { rootFirst, sortSequences } from '../../../src/core/aggregate/sequenceOrder';
import { stackOrderOf } from '../../../src/core/aggregate/stackOrders';
import { buildTree } from '../../../src/core/aggregate/treeBuilder';
import { buildModel } from '../../../src/core/model/buildModel';
import { filterStacks } from '../../../src/core/query/filtersApply';
import { compileFrameFilter } from '../../../src/core/query/filters';
import { matchFrames } from '../../../src/core/query/filtersMatch';
import { readProfiles } from '../../../src/core/readers';
import { generateProfile } from '../../../bench/profile/generate';

describe('the order of rewritten stacks from the model\'s', () => {
  for (const filter of [{ hide: 'pkg1' }, { hide: 'pkg[0-4]\\.' }, { showFrom: 'pkg2' }, { hide: 'pkg12\\.', ignore: 'pkg9' }]) {
    it(`${JSON.stringify(filter)}: sorted, common prefixes right, the same tree as from a sort of all`, () => {
      const model = buildModel(readProfiles(generateProfile({ seed: 11, targetBytes: 400_000, functions: 900 }).bytes));
      const compiled = compileFrameFilter(filter);
      const { flags } = matchFrames(model.frames, model.functions, model.strings, compiled);
      const filtered = filterStacks(model.stacks, flags, compiled);
      const sameAs = filtered.sameAs!;
      const unchanged = sameAs.filter((s) => s >= 0).length;
      assert.ok(unchanged > 0 && unchanged < filtered.stacks.count, `some stacks changed, some not: ${unchanged} of ${filtered.stacks.count}`);
      const fn = model.frames.function;
      const n = model.functions.count;
      const sequences = rootFirst(filtered.stacks);
      const base = stackOrderOf(model.stacks, fn, n).order;
      const derived = new RewrittenSort(sequences, { base: model.stacks, stackOf: filtered.stackOf, sameAs }, { advance: () => true, result: () => base, bytes: 0 }, fn, n).result();
      const sorted = sortSequences(sequences, fn, n);
      // Equal sequences may come in another order; every sequence's functions are where a sort puts them.
      const functionsAt = (order: Int32Array, i: number) => {
        const q = order[i];
        return Array.from({ length: sequences.length[q] }, (_, d) => fn[sequences.frames[sequences.first[q] - d]]).join(',');
      };
      for (let i = 0; i < sequences.count; i++) {
        assert.equal(functionsAt(derived.order, i), functionsAt(sorted.order, i), `position ${i}`);
        assert.equal(derived.lcpFunction[i], sorted.lcpFunction[i], `common functions at ${i}`);
        assert.ok(derived.lcpFrame[i] <= derived.lcpFunction[i], `common frames at ${i}`);
      }
      const keys = lineKeys(model.frames);
      const shape = { functionOfFrame: fn, lineKeyOfFrame: keys.keyOfFrame, lineKeyCount: keys.count, otherFunction: n, rootFunction: -1 };
      const value = Float64Array.from({ length: sequences.count }, (_, q) => 1 + (q % 7));
      for (const limits of [{}, { maxNodes: 50 }]) {
        assert.deepEqual(buildTree({ ...sequences, value }, shape, limits, derived), buildTree({ ...sequences, value }, shape, limits, sorted), JSON.stringify(limits));
      }
    });
  }
});
