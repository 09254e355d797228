import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sandwich as coreSandwich } from '../../../src/core/aggregate/sandwich';
import { appOnlyTree } from '../../../webview/flamegraph/model/appOnly';
import type { FlameTree } from '../../../webview/shared/flame/flameTree';
import { functionTotals } from '../../../webview/flamegraph/model/functionTotals';
import { CLASS_APP, CLASS_ROOT } from '../../../webview/flamegraph/model/functionTable';
import { sandwichTrees } from '../../../webview/flamegraph/model/sandwich';
import { loadFixture, type LoadedFixture } from './helpers';

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
      const totals = functionTotals(fx.base, fx.functions.realCount);
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
      const before = functionTotals(fx.base, fx.functions.count);
      const after = functionTotals(app, fx.functions.count);
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

    it('sandwich: callers and callees of every function agree with the core\'s sandwich tables', () => {
      const totals = functionTotals(fx.base, fx.functions.realCount);
      for (const f of Array.from(totals.functions).slice(0, 25)) {
        const s = sandwichTrees(fx.base, f);
        const core = coreSandwich(fx.callTree, f);
        assertWellFormed(s.callers);
        assertWellFormed(s.callees);
        assert.equal(s.callers.total[0], core.total);
        assert.equal(s.callees.total[0], core.total);
        assert.equal(s.callees.self[0], core.self);
        assert.equal(s.callers.total[0], totals.total[f], 'the function\'s cum');
        const level = (tree: FlameTree) => {
          const m = new Map<number, number>();
          for (let k = tree.childStart[0]; k < tree.childStart[1]; k++) {
            const c = tree.children[k];
            m.set(tree.fn[c], (m.get(tree.fn[c]) ?? 0) + tree.total[c]);
          }
          return m;
        };
        const callers = level(s.callers);
        for (const e of core.callers) {
          if (e.function < 0) assert.equal(s.callers.self[0], e.value, 'stacks starting at the function end at the root box');
          else assert.equal(callers.get(e.function), e.value, `caller ${fx.functions.name(e.function)} of ${fx.functions.name(f)}`);
        }
        const callees = level(s.callees);
        assert.deepEqual([...callees].sort((a, b) => a[0] - b[0]), core.callees.map((e) => [e.function, e.value] as [number, number]).sort((a, b) => a[0] - b[0]));
      }
    });
  });
}
