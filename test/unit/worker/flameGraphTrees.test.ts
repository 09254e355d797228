import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { copyOf, FlameGraphTrees } from '../../../src/worker/flameGraphTrees';

const data = (mb: number) => ({ tree: new ArrayBuffer(mb * 1e6), annotations: new ArrayBuffer(1e5) });
const model = {};
const analysis = {};

describe('the flame graph trees the worker keeps for pages shown again', () => {
  it('holds ten panels\' trees within its budget: the panels shown last keep theirs', () => {
    const trees = new FlameGraphTrees(250e6);
    const keys = Array.from({ length: 10 }, (_, i) => `panel ${i}`);
    for (const k of keys) trees.set(k, [model, analysis], data(80));
    assert.ok(trees.bytes <= 250e6, `${trees.bytes} bytes`);
    assert.deepEqual(keys.map((k) => trees.get(k, [model, analysis]) !== undefined), [false, false, false, false, false, false, false, true, true, true]);
  });

  it('keeps the tree of a panel shown again, and lets the one unused longest go', () => {
    const trees = new FlameGraphTrees(250e6);
    for (const k of ['a', 'b', 'c']) trees.set(k, [model], data(80));
    assert.ok(trees.get('a', [model]), 'shown again');
    trees.set('d', [model], data(80));
    assert.ok(trees.get('a', [model]));
    assert.equal(trees.get('b', [model]), undefined);
  });

  it('keeps the newest tree even when it alone is over the budget', () => {
    const trees = new FlameGraphTrees(100e6);
    trees.set('small', [model], data(10));
    trees.set('big', [model], data(300));
    assert.ok(trees.get('big', [model]));
    assert.equal(trees.get('small', [model]), undefined);
  });

  it('answers the tree it keeps; what is transferred away is a copy of it, and the kept tree stays whole', () => {
    const trees = new FlameGraphTrees(100e6);
    const built = data(1);
    new Uint8Array(built.tree)[0] = 7;
    assert.equal(trees.set('a', [model], built), built);
    const first = copyOf(trees.get('a', [model])!);
    structuredClone(first, { transfer: [first.tree, first.annotations] });
    const second = trees.get('a', [model])!;
    assert.equal(second, built);
    assert.equal(second.tree.byteLength, 1e6);
    assert.equal(new Uint8Array(second.tree)[0], 7);
  });

  it('lets a tree go once its model or analysis is another (the files changed, the workspace settings changed)', () => {
    const trees = new FlameGraphTrees(100e6);
    trees.set('a', [model, analysis], data(10));
    assert.equal(trees.get('a', [model, {}]), undefined);
    assert.equal(trees.bytes, 0);
    trees.set('a', [model, analysis], data(10));
    trees.clear();
    assert.equal(trees.get('a', [model, analysis]), undefined);
    assert.equal(trees.bytes, 0);
  });
});
