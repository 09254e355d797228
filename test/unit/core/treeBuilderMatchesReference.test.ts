// The call tree built from the stacks' sorted order (treeBuilder.ts) is the tree the builder before it made (kept in
// helpers/referenceTreeBuilder.ts), column for column and byte for byte — nodes, their order, self, total, counts,
// lines, the "(smaller calls…)" nodes and their totals — whole and cut, on every real profile of the fixtures and
// the shared corpus, on generated ones, for the flame graph's selections (filters, group-by) and for sandwiches.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { lineKeys } from '../../../src/core/aggregate/lineKeys';
import { stackOrderOf } from '../../../src/core/aggregate/stackOrders';
import { buildTree, type BuiltTree, type TreeLimits, type TreeShape } from '../../../src/core/aggregate/treeBuilder';
import { buildModel } from '../../../src/core/model/buildModel';
import type { ProfileModel } from '../../../src/core/model/types';
import { select } from '../../../src/core/query/select';
import { FRAME_CLASSES } from '../../../src/core/symbolicate/types';
import type { ProfileQuery, Selection } from '../../../src/core/query/types';
import { readProfiles } from '../../../src/core/readers';
import { generateProfile } from '../../../bench/profile/generate';
import { CORPUS_DIR, corpusFile, corpusUnavailable } from './helpers/corpus';
import { realProfileFixtures } from './helpers/fixtures';
import { referenceBuildTree } from './helpers/referenceTreeBuilder';
import { randomPprofProfile } from './helpers/randomProfile';

/** Whole, cut to a few nodes, to a few hundred, by share, both. */
const LIMITS: readonly TreeLimits[] = [{}, { maxNodes: 3 }, { maxNodes: 200 }, { minShare: 0.01 }, { maxNodes: 300, minShare: 0.001 }];
/** For the corpus's 150 profiles: whole, cut, by share. */
const FEWER_LIMITS: readonly TreeLimits[] = [{}, { maxNodes: 200 }, { minShare: 0.01 }];
/** More cuts for the large generated trees (the first pass's threshold at many widths). */
const MORE_LIMITS: readonly TreeLimits[] = [...LIMITS, { maxNodes: 2 }, { maxNodes: 17 }, { maxNodes: 1000 }, { maxNodes: 5000 }];

function shapeOf(selection: Selection, rootFunction: number): TreeShape {
  // Today's lines differ from the profiled ones for some frames, as a workspace mapping makes them.
  const current = Float64Array.from(selection.frames.line, (line, f) => (f % 3 === 0 ? line + 2 : line));
  const keys = lineKeys(selection.frames, current);
  return { functionOfFrame: selection.frames.function, lineKeyOfFrame: keys.keyOfFrame, lineKeyCount: keys.count, otherFunction: selection.functions.count, rootFunction };
}

/**
 * Whole-number values (every pprof profile's) sum to the same bits in any order, so the trees are equal bit for bit;
 * fractional ones (counts made by dividing by the period, values past 2^53) are summed in another order (a node from
 * its children, not stack by stack), so their sums may differ in the last bits.
 */
function wholeNumbers(...columns: (Float64Array | undefined)[]): boolean {
  return columns.every((c) => {
    if (!c) return true;
    let sum = 0;
    for (const v of c) {
      if (!Number.isInteger(v)) return false;
      sum += Math.abs(v);
    }
    return sum <= Number.MAX_SAFE_INTEGER;
  });
}

/** Every column of both trees equal: bit for bit, or within rounding when the values are not whole numbers. */
function assertSameTree(actual: BuiltTree, expected: BuiltTree, what: string, exact: boolean): void {
  const close = (a: number, e: number) => Object.is(a, e) || (!exact && Math.abs(a - e) <= 1e-9 * Math.max(1, Math.abs(expected.rootWeight)));
  assert.equal(actual.count, expected.count, `${what}: node count`);
  assert.equal(actual.merged, expected.merged, `${what}: merged`);
  assert.ok(close(actual.widestMerged, expected.widestMerged), `${what}: widest merged ${actual.widestMerged} vs ${expected.widestMerged}`);
  assert.ok(close(actual.rootWeight, expected.rootWeight), `${what}: root weight ${actual.rootWeight} vs ${expected.rootWeight}`);
  assert.equal(actual.extra === undefined, expected.extra === undefined, `${what}: counts`);
  const columns = ['parent', 'function', 'depth', 'self', 'total', 'extra', 'lineStart', 'lineKey', 'lineSelf', 'lineTotal'] as const;
  for (const c of columns) {
    const a = actual[c];
    const e = expected[c];
    if (!a || !e) continue;
    assert.equal(a.length, e.length, `${what}: ${c} length`);
    const ab = Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    const eb = Buffer.from(e.buffer, e.byteOffset, e.byteLength);
    if (ab.equals(eb)) continue;
    const i = Array.from({ length: a.length }, (_, k) => k).find((k) => !close(a[k], e[k]));
    if (i !== undefined) assert.fail(`${what}: ${c}[${i}] is ${a[i]}, the reference's ${e[i]}`);
  }
}

/** The flame graph's tree of the selection both ways (the reference took only the stacks with a value). */
function compareCallTrees(selection: Selection, what: string, limitsList: readonly TreeLimits[], extra?: Float64Array): number {
  const shape = shapeOf(selection, -1);
  const { sequences, order } = stackOrderOf(selection.stacks, selection.frames.function, selection.functions.count);
  const { stacks, value } = selection;
  const kept = Array.from({ length: stacks.count }, (_, s) => s).filter((s) => value[s] !== 0);
  const reference = {
    count: kept.length, step: -1 as const, frames: stacks.frames,
    first: Int32Array.from(kept, (s) => stacks.start[s + 1] - 1), length: Int32Array.from(kept, (s) => stacks.start[s + 1] - stacks.start[s]),
    value: Float64Array.from(kept, (s) => value[s]), extra: extra && Float64Array.from(kept, (s) => extra[s]),
  };
  let nodes = 0;
  for (const limits of limitsList) {
    const actual = buildTree({ ...sequences, value, extra }, shape, limits, order);
    assertSameTree(actual, referenceBuildTree(reference, shape, limits), `${what} ${JSON.stringify(limits)}`, wholeNumbers(value, extra));
    nodes = Math.max(nodes, actual.count);
  }
  return nodes;
}

/**
 * The order a rewritten table got (from the model's): sorted by function from the root, a sequence before those it is a
 * prefix of, each one's common functions with the one before as said, and at least the frames said.
 */
function assertOrdered(selection: Selection, what: string): void {
  const { sequences, order } = stackOrderOf(selection.stacks, selection.frames.function, selection.functions.count);
  const fn = selection.frames.function;
  const { first, length, step, frames } = sequences;
  assert.deepEqual([...order.order].sort((a, b) => a - b), Array.from({ length: sequences.count }, (_, i) => i), `${what}: every stack once`);
  for (let i = 1; i < order.order.length; i++) {
    const a = order.order[i - 1];
    const b = order.order[i];
    const most = Math.min(length[a], length[b]);
    let d = 0;
    while (d < most && fn[frames[first[a] + step * d]] === fn[frames[first[b] + step * d]]) d++;
    let f = 0;
    while (f < d && frames[first[a] + step * f] === frames[first[b] + step * f]) f++;
    assert.equal(order.lcpFunction[i], d, `${what}: common functions at ${i}`);
    // Frames: at least those it says (what the tree builder reads from; an order derived from another's may say fewer).
    assert.ok(order.lcpFrame[i] <= f, `${what}: common frames at ${i}: ${order.lcpFrame[i]} said, ${f} shared`);
    assert.ok(d === length[a] || (d < length[b] && fn[frames[first[a] + step * d]] < fn[frames[first[b] + step * d]]), `${what}: sorted at ${i}`);
  }
}

/** A sandwich's callers and callees of the selection's widest functions, both ways. */
function compareSandwiches(selection: Selection, what: string, limitsList: readonly TreeLimits[]): void {
  const { stacks, value } = selection;
  const fnOf = selection.frames.function;
  const cum = new Float64Array(selection.functions.count);
  for (let s = 0; s < stacks.count; s++) cum[fnOf[stacks.frames[stacks.start[s + 1] - 1]]] += Math.abs(value[s]);
  const widest = Array.from(cum.keys()).sort((a, b) => cum[b] - cum[a]).slice(0, 2).filter((f) => cum[f] > 0);
  for (const fn of widest) {
    const at: number[] = [];
    const ofStack: number[] = [];
    for (let s = 0; s < stacks.count; s++) {
      if (value[s] === 0) continue;
      for (let i = stacks.start[s + 1] - 1; i >= stacks.start[s]; i--) {
        if (fnOf[stacks.frames[i]] === fn) {
          at.push(i);
          ofStack.push(s);
          break;
        }
      }
    }
    for (const step of [1, -1] as const) {
      const seq = {
        count: at.length, step, frames: stacks.frames, first: Int32Array.from(at),
        length: Int32Array.from(at, (i, k) => (step === -1 ? i - stacks.start[ofStack[k]] + 1 : stacks.start[ofStack[k] + 1] - i)),
        value: Float64Array.from(ofStack, (s) => value[s]),
      };
      const shape = shapeOf(selection, fn);
      for (const limits of limitsList) assertSameTree(buildTree(seq, shape, limits), referenceBuildTree(seq, shape, limits), `${what} sandwich of ${fn} ${step === 1 ? 'callers' : 'callees'} ${JSON.stringify(limits)}`, wholeNumbers(value));
    }
  }
}

/** The selections a flame graph shows of one model, for each sample type. */
function queriesOf(model: ProfileModel): ProfileQuery[] {
  const queries: ProfileQuery[] = [];
  const labelKey = model.labelSets.count > 1 ? model.strings.get(model.labelSets.key[0]) : undefined;
  // The first type and the last (a count and a quantity where a profile has both; heap profiles have four).
  const types = [...new Set([0, model.sampleTypes.length - 1])];
  for (const type of types) {
    queries.push({ type });
    if (labelKey) queries.push({ type, groupBy: labelKey }, { type, groupBy: labelKey, groupTop: 2 });
  }
  queries.push({ frames: { hide: '^runtime\\.' } }, { frames: { showFrom: 'main' } }, { frames: { focus: 'a|e' } }, { frames: { ignore: 'o' } });
  // Rewrites whose order is derived from the model's: my code only, and on top of hide.
  queries.push({ frames: { presets: ['app-only'] } }, { frames: { hide: 'e', presets: ['app-only'] } }, { frames: { hide: 'a', showFrom: 'e' } });
  return queries;
}

/** A kind of code per frame, as a workspace mapping gives it: most application code, runs of the other kinds. */
function frameClassOf(model: ProfileModel): Uint8Array {
  const app = FRAME_CLASSES.indexOf('app');
  const others = FRAME_CLASSES.map((_, code) => code).filter((code) => code !== app);
  return Uint8Array.from(model.frames.function, (f) => (f % 3 === 0 ? others[(f / 3) % others.length] : app));
}

function compareModel(model: ProfileModel, what: string, limits = LIMITS, sandwiches = true): number {
  let nodes = 0;
  const frameClass = frameClassOf(model);
  for (const query of queriesOf(model)) {
    const selection = select(model, query, { frameClass });
    if (selection.stacks !== model.stacks && !query.groupBy) assertOrdered(selection, `${what} ${JSON.stringify(query)}`);
    const label = `${what} ${JSON.stringify(query)}`;
    nodes = Math.max(nodes, compareCallTrees(selection, label, limits));
    if (query.type !== undefined && selection.count) compareCallTrees(selection, `${label} with counts`, limits, selection.count);
    if (sandwiches && query.groupBy === undefined && !query.type) compareSandwiches(selection, label, limits);
  }
  return nodes;
}

describe('the call tree from sorted stacks matches the reference builder', () => {
  it('on every real profile of the fixtures', () => {
    const files = realProfileFixtures();
    assert.ok(files.length > 5);
    for (const file of files) compareModel(buildModel(readProfiles(file)), file);
  });

  it('on every profile of the shared corpus', { skip: corpusUnavailable() }, () => {
    const names = readFileSync(corpusFile('MANIFEST.tsv'), 'utf8').split('\n').slice(1).map((l) => l.split('\t')[0]).filter(Boolean);
    let read = 0;
    for (const name of names) {
      let profiles;
      try {
        profiles = readProfiles(corpusFile(name));
      } catch {
        continue; // the corpus holds broken files on purpose (fuzzers' inputs); their errors are tested elsewhere
      }
      if (profiles.length === 0) continue;
      read++;
      // A JFR recording gives a profile per kind of event, each a model of its own.
      profiles.forEach((profile, k) => compareModel(buildModel([profile]), `${CORPUS_DIR}/${name} #${k}`, FEWER_LIMITS));
    }
    assert.ok(read > 50, `read ${read} corpus profiles`);
  });

  it('on generated profiles with deep shared stacks, labels and negative values', () => {
    let largest = 0;
    for (const seed of [1, 2, 3]) {
      const generated = generateProfile({ seed, targetBytes: 300_000, functions: 400 + 300 * seed });
      largest = Math.max(largest, compareModel(buildModel(readProfiles(generated.bytes)), `generated ${seed}`, MORE_LIMITS, seed === 1));
    }
    // The widest whole tree is far over the cuts tried, so the first pass (the cut's narrowest node) is exercised.
    assert.ok(largest > 5000, `largest whole tree ${largest}`);
    for (const seed of [4, 5, 6, 7]) {
      const profile = randomPprofProfile({ seed, samples: 300 });
      const bytes = new Uint8Array(profile.encode());
      compareModel(buildModel(readProfiles(bytes)), `random ${seed}`);
    }
  });
});
