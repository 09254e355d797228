import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sandwich as coreSandwich } from '../../../src/core/aggregate/sandwich';
import { appOnlyTree } from '../../../webview/flamegraph/model/appOnly';
import { functionTotals } from '../../../webview/flamegraph/model/flameData';
import type { FlameTree } from '../../../webview/shared/flame/flameTree';
import { CLASS_APP, CLASS_ROOT } from '../../../webview/flamegraph/model/functionTable';
import { sandwichTrees } from '../../../webview/flamegraph/model/sandwich';
import { loadFixture, type LoadedFixture } from './helpers';

/** Self and total per function over a drawn tree, a function counted once per path (to compare two trees). */
function treeTotals(tree: FlameTree, functionCount: number) {
  const self = new Float64Array(functionCount);
  const total = new Float64Array(functionCount);
  const onPath = new Int32Array(functionCount);
  const walk: [number, boolean][] = [[0, false]];
  while (walk.length > 0) {
    const [n, leaving] = walk.pop()!;
    const f = tree.fn[n];
    if (leaving) { onPath[f]--; continue; }
    if (n > 0) {
      if (onPath[f] === 0) total[f] += tree.total[n];
      self[f] += tree.self[n];
    }
    onPath[f]++;
    walk.push([n, true]);
    for (let k = tree.childStart[n]; k < tree.childStart[n + 1]; k++) walk.push([tree.children[k], false]);
  }
  return { self, total };
}

/** Structural invariants every drawable tree keeps. */
function assertWellFormed(tree: FlameTree): void {
  for (let n = 1; n < tree.count; n++) assert.ok(tree.parent[n] < n, 'parents come first');
  for (let n = 0; n < tree.count; n++) {
    let sum = 0;
    let prev = Infinity;
    for (let k = tree.childStart[n]; k < tree.childStart[n + 1]; k++) {
      const c = tree.children[k];
      assert.equal(tree.parent[c], n);
      assert.ok(tree.total[c] <= prev, 'widest first');
      prev = tree.total[c];
      sum += tree.total[c];
    }
    assert.ok(Math.abs(tree.self[n] + sum - tree.total[n]) <= 1e-6 * Math.max(1, tree.total[n]), `node ${n}: self + children = total`);
  }
}

for (const [file, type] of [['go/cpu.pb.gz', 'cpu'], ['go/heap.pb.gz', 'alloc_space'], ['node/wall.pb.gz', 'wall']] as const) {
  describe(`derived flame trees of ${file}`, () => {
    let fx: LoadedFixture;
    before(async () => { fx = await loadFixture(file, type); });
    after(() => fx?.dispose());

    it('the table\'s flat and cum per function equal the editor\'s (computed from the samples)', () => {
      const totals = functionTotals(fx);
      const fromEditor = new Map(fx.profile.functions.map((f) => [`${f.name}\u0000${f.profileFile}`, f]));
      assert.equal(totals.functions.length, fx.profile.functions.length);
      for (const f of totals.functions) {
        const e = fromEditor.get(`${fx.functions.name(f)}\u0000${fx.functions.profileFile(f)}`);
        assert.ok(e, fx.functions.name(f));
        assert.equal(totals.self[f], e.flat, `flat of ${e.name}`);
        assert.equal(totals.total[f], e.cum, `cum of ${e.name}`);
      }
      for (let i = 1; i < totals.functions.length; i++) assert.ok(totals.total[totals.functions[i - 1]] >= totals.total[totals.functions[i]]);
    });

    it('application code only: same total and same self per application function; each run of other code is one box', () => {
      const app = appOnlyTree(fx.base, fx.functions);
      assertWellFormed(app);
      assert.equal(app.total[0], fx.base.total[0]);
      const before = treeTotals(fx.base, fx.functions.count);
      const after = treeTotals(app, fx.functions.count);
      for (let f = 0; f < fx.functions.realCount; f++) {
        if (fx.functions.cls[f] === CLASS_APP) {
          assert.equal(after.self[f], before.self[f]);
          assert.equal(after.total[f], before.total[f]);
        }
      }
      for (let n = 1; n < app.count; n++) {
        const c = fx.functions.cls[app.fn[n]];
        assert.ok(c === CLASS_APP || fx.functions.isPseudo(app.fn[n]), 'only app functions keep their own box');
        const p = app.parent[n];
        if (c !== CLASS_APP && c !== CLASS_ROOT) assert.notEqual(app.fn[p], app.fn[n], 'no collapsed box directly under one of its own kind');
      }
      assert.ok(app.count <= fx.base.count);
    });

    it('sandwich: callers and callees of every function agree with the core\'s exact sandwich', () => {
      const totals = functionTotals(fx);
      for (const f of Array.from(totals.functions).slice(0, 25)) {
        const s = sandwichTrees(fx.base, f);
        const core = coreSandwich(fx.selection, f);
        assertWellFormed(s.callers);
        assertWellFormed(s.callees);
        assert.equal(s.callers.total[0], core.total);
        assert.equal(s.callees.total[0], core.total);
        assert.equal(s.callees.self[0], core.self);
        assert.equal(s.callers.self[0], core.callers.self[0], 'stacks starting at the function end at the root box');
        assert.equal(s.callers.total[0], totals.total[f], 'the function\'s cum');
        const level = (children: (n: number) => [number, number][]) => new Map(children(0).reduce((m, [fn, v]) => m.set(fn, (m.get(fn) ?? 0) + v), new Map<number, number>()));
        const pageLevel = (tree: FlameTree) => level(() => Array.from(tree.children.subarray(tree.childStart[0], tree.childStart[1]), (c) => [tree.fn[c], tree.total[c]]));
        const coreLevel = (tree: typeof core.callers) => level(() => Array.from(tree.children.subarray(tree.childStart[0], tree.childStart[1]), (c) => [tree.function[c], tree.total[c]]));
        assert.deepEqual([...pageLevel(s.callers)].sort((a, b) => a[0] - b[0]), [...coreLevel(core.callers)].sort((a, b) => a[0] - b[0]), `callers of ${fx.functions.name(f)}`);
        assert.deepEqual([...pageLevel(s.callees)].sort((a, b) => a[0] - b[0]), [...coreLevel(core.callees)].sort((a, b) => a[0] - b[0]), `callees of ${fx.functions.name(f)}`);
      }
    });
  });
}
