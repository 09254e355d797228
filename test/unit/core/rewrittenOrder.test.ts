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
import type { ProfileModel, StackTable } from '../../../src/core/model/types';
import type { RewrittenStacks } from '../../../src/core/aggregate/rewrittenOrder';
import type { LineKeys } from '../../../src/core/aggregate/lineKeys';
import { collapseToAppCode } from '../../../src/core/query/filtersAppOnly';
import { SyntheticFrames } from '../../../src/core/query/filtersSynthetic';
import { FRAME_CLASSES } from '../../../src/core/symbolicate/types';
import { readFileSync } from 'node:fs';
import { corpusFile, corpusUnavailable } from './helpers/corpus';

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
      assertDerivedAsSorted(filtered.stacks, { base: model.stacks, stackOf: filtered.stackOf, sameAs }, model.frames.function, model.functions.count, lineKeys(model.frames), '');
    });
  }
});

/**
 * The rewritten table's order derived from its base's (RewrittenSort) against a sort of all its stacks: every position
 * holds a stack of the same functions, the common prefixes are the same, and the tree built from it is the same,
 * whole and cut.
 */
function assertDerivedAsSorted(stacks: StackTable, rewritten: RewrittenStacks, fn: Int32Array, n: number, keys: LineKeys, what: string): void {
  const sequences = rootFirst(stacks);
  const base = stackOrderOf(rewritten.base, fn, n).order;
  const derived = new RewrittenSort(sequences, rewritten, { advance: () => true, result: () => base, bytes: 0 }, fn, n).result();
  const sorted = sortSequences(sequences, fn, n);
  // Equal sequences may come in another order; every sequence's functions are where a sort puts them.
  const functionsAt = (order: Int32Array, i: number) => {
    const q = order[i];
    return Array.from({ length: sequences.length[q] }, (_, d) => fn[sequences.frames[sequences.first[q] - d]]).join(',');
  };
  for (let i = 0; i < sequences.count; i++) {
    assert.equal(functionsAt(derived.order, i), functionsAt(sorted.order, i), `${what} position ${i}`);
    assert.equal(derived.lcpFunction[i], sorted.lcpFunction[i], `${what} common functions at ${i}`);
    assert.ok(derived.lcpFrame[i] <= derived.lcpFunction[i], `${what} common frames at ${i}`);
  }
  const shape = { functionOfFrame: fn, lineKeyOfFrame: keys.keyOfFrame, lineKeyCount: keys.count, otherFunction: n, rootFunction: -1 };
  const value = Float64Array.from({ length: sequences.count }, (_, q) => 1 + (q % 7));
  for (const limits of [{}, { maxNodes: 50 }]) {
    assert.deepEqual(buildTree({ ...sequences, value }, shape, limits, derived), buildTree({ ...sequences, value }, shape, limits, sorted), `${what} ${JSON.stringify(limits)}`);
  }
}

/** A kind of code per frame by its function's name, as a Go, Java or Python workspace would have it: runs of each kind. */
function frameClassByName(model: ProfileModel): Uint8Array {
  const kind = (name: string) => (/^(runtime|internal|syscall|sync|reflect|java\.|jdk\.|sun\.|<|\[|_)/.test(name) ? 'runtime' : /^(github\.com|golang\.org|google\.golang|go\.|com\.|org\.|io\.|net\/|encoding|crypto)/.test(name) ? 'dependency' : 'app');
  const ofFunction = Array.from({ length: model.functions.count }, (_, f) => FRAME_CLASSES.indexOf(kind(model.strings.get(model.functions.name[f]))));
  return Uint8Array.from(model.frames.function, (f) => ofFunction[f]);
}

describe('"my code only" stacks\' order derived from the model\'s, on the shared corpus', () => {
  it('is the order and the tree a sort of all of them gives, on every real profile with frames of both kinds', { skip: corpusUnavailable() }, () => {
    const names = readFileSync(corpusFile('MANIFEST.tsv'), 'utf8').split('\n').slice(1).map((l) => l.split('\t')[0]).filter(Boolean);
    let compared = 0;
    for (const name of names) {
      let profiles;
      try {
        profiles = readProfiles(corpusFile(name));
      } catch {
        continue; // the corpus holds broken files on purpose (fuzzers' inputs)
      }
      for (const [k, profile] of profiles.entries()) {
        const model = buildModel([profile]);
        const frameClass = frameClassByName(model);
        const synthetic = new SyntheticFrames(model);
        const collapsed = collapseToAppCode(model.stacks, frameClass, synthetic);
        const changed = collapsed.sameAs.filter((s) => s < 0).length;
        if (changed === 0 || changed === collapsed.stacks.count) continue; // nothing derived from the model's order
        const tables = synthetic.tables();
        assertDerivedAsSorted(collapsed.stacks, { base: model.stacks, ...collapsed }, tables.frames.function, tables.functions.count, lineKeys(tables.frames), `${name} #${k}`);
        compared++;
      }
    }
    assert.ok(compared > 20, `${compared} corpus profiles with stacks both collapsed and left as they were`);
  });
});
