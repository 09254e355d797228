import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FlameLayout, layoutFlame, mergedValue, type LayoutOptions } from '../../../webview/shared/flame/layout';
import { functionPath, nodeAtPath, type FlameTree } from '../../../webview/shared/flame/flameTree';
import { loadFixture, nodesOf, type LoadedFixture } from './helpers';

const options: LayoutOptions = { minWidth: 1, dropWidth: 0.35 };

/** Nodes a flame graph of this width must show: at least minWidth wide, and every ancestor too (brute force). */
function expectedVisible(tree: FlameTree, start: number, end: number, width: number): Set<number> {
  const scale = width / (end - start);
  const visible = new Set<number>([0]);
  for (let n = 1; n < tree.count; n++) {
    const l = tree.start[n];
    const r = l + tree.total[n];
    if (visible.has(tree.parent[n]) && tree.total[n] * scale >= options.minWidth && r > start && l < end) visible.add(n);
  }
  return visible;
}

function boxesByNode(layout: FlameLayout): Map<number, number> {
  const m = new Map<number, number>();
  for (let i = 0; i < layout.count; i++) if (layout.node[i] >= 0) m.set(layout.node[i], i);
  return m;
}

for (const [file, type] of [['go/cpu.pb.gz', 'cpu'], ['go/heap.pb.gz', 'alloc_space'], ['node/wall.pb.gz', 'wall']] as const) {
  describe(`flame graph layout of ${file} (${type})`, () => {
    let fx: LoadedFixture;
    before(async () => { fx = await loadFixture(file, type); });
    after(() => fx?.dispose());

    for (const width of [1600, 240]) {
      it(`at ${width} px shows exactly the frames at least a pixel wide, at widths proportional to their totals`, () => {
        const tree = fx.base;
        const layout = layoutFlame(tree, { start: 0, end: tree.total[0], width }, new FlameLayout(), options);
        const placed = boxesByNode(layout);
        const expected = expectedVisible(tree, 0, tree.total[0], width);
        assert.deepEqual([...placed.keys()].sort((a, b) => a - b), [...expected].sort((a, b) => a - b));
        const scale = width / tree.total[0];
        for (const [node, i] of placed) {
          assert.ok(Math.abs(layout.w[i] - tree.total[node] * scale) < 1e-6, `width of node ${node}`);
          assert.equal(tree.depth[node] >= 0 && layout.rowStart[tree.depth[node]] <= i && i < layout.rowStart[tree.depth[node] + 1], true, 'in its depth row');
        }
      });

      it(`at ${width} px places children inside their parent, widest first, without overlap`, () => {
        const tree = fx.base;
        const layout = layoutFlame(tree, { start: 0, end: tree.total[0], width }, new FlameLayout(), options);
        const placed = boxesByNode(layout);
        for (let d = 0; d < layout.rows; d++) {
          for (let i = layout.rowStart[d] + 1; i < layout.rowStart[d + 1]; i++) {
            assert.ok(layout.x[i] >= layout.x[i - 1] + layout.w[i - 1] - 1e-6, `row ${d}: box ${i} overlaps its left neighbour`);
          }
        }
        for (const [node, i] of placed) {
          if (node === 0) continue;
          const p = placed.get(tree.parent[node])!;
          assert.ok(layout.x[i] >= layout.x[p] - 1e-6 && layout.x[i] + layout.w[i] <= layout.x[p] + layout.w[p] + 1e-6, `node ${node} inside its parent`);
          // The sibling to the left (same parent) is at least as wide: widest first.
          const left = i - 1;
          if (left >= layout.rowStart[tree.depth[node]] && layout.node[left] >= 0 && tree.parent[layout.node[left]] === tree.parent[node]) {
            assert.ok(tree.total[layout.node[left]] >= tree.total[node], 'children ordered widest first');
          }
        }
      });

      it(`at ${width} px merges the sub-pixel children of a frame into one box worth all of them`, () => {
        const tree = fx.base;
        const layout = layoutFlame(tree, { start: 0, end: tree.total[0], width }, new FlameLayout(), options);
        const scale = width / tree.total[0];
        let merged = 0;
        for (let i = 0; i < layout.count; i++) {
          if (layout.node[i] >= 0) continue;
          merged++;
          const parent = layout.mergedParent[i];
          const { value, frames } = mergedValue(tree, parent, layout.mergedFrom[i]);
          assert.ok(frames >= 1);
          assert.ok(Math.abs(layout.w[i] - value * scale) < 1e-6, 'merged box width is the sum of the merged frames');
          for (let k = layout.mergedFrom[i]; k < tree.childStart[parent + 1]; k++) {
            assert.ok(tree.total[tree.children[k]] * scale < options.minWidth, 'only sub-pixel frames are merged');
          }
        }
        // Every parent with a sub-pixel child whose merged group reaches the drop width shows a merged box.
        let expected = 0;
        const placed = boxesByNode(layout);
        for (const node of placed.keys()) {
          let rest = 0;
          for (let k = tree.childStart[node]; k < tree.childStart[node + 1]; k++) {
            const c = tree.children[k];
            if (tree.total[c] * scale < options.minWidth) rest += tree.total[c];
          }
          if (rest * scale >= options.dropWidth) expected++;
        }
        assert.equal(merged, expected);
        if (width === 240) assert.ok(merged > 0, 'a narrow graph has merged boxes to check');
      });
    }

    it('zoomed into a frame: it fills the width, its ancestors span it, nothing else is drawn', () => {
      const tree = fx.base;
      // The widest frame at depth 3 or the deepest available.
      let target = 0;
      for (let n = 1; n < tree.count; n++) if (tree.depth[n] === Math.min(3, tree.maxDepth) && tree.total[n] > tree.total[target] * (target === 0 ? 0 : 1)) target = n;
      const width = 1000;
      const layout = layoutFlame(tree, { start: tree.start[target], end: tree.start[target] + tree.total[target], width }, new FlameLayout(), options);
      const placed = boxesByNode(layout);
      const i = placed.get(target)!;
      assert.ok(i !== undefined);
      assert.equal(layout.x[i], 0);
      assert.ok(Math.abs(layout.w[i] - width) < 1e-6);
      const ancestors = new Set<number>();
      for (let p = tree.parent[target]; p >= 0; p = tree.parent[p]) ancestors.add(p);
      for (const [node, b] of placed) {
        if (ancestors.has(node)) { assert.equal(layout.x[b], 0); assert.ok(Math.abs(layout.w[b] - width) < 1e-6); continue; }
        let p = node;
        while (p >= 0 && p !== target) p = tree.parent[p];
        assert.equal(p, target, `node ${node} is inside the zoomed frame`);
      }
      assert.deepEqual([...placed.keys()].sort((a, b) => a - b), [...expectedVisible(tree, tree.start[target], tree.start[target] + tree.total[target], width)].filter((n) => {
        let p = n;
        while (p >= 0 && p !== target && !ancestors.has(p)) p = tree.parent[p];
        return p >= 0;
      }).sort((a, b) => a - b));
    });

    it('finds the box under a point and remembers a zoom as a path of functions', () => {
      const tree = fx.base;
      const layout = layoutFlame(tree, { start: 0, end: tree.total[0], width: 1600 }, new FlameLayout(), options);
      for (let i = 0; i < layout.count; i += 7) {
        const d = [...Array(layout.rows).keys()].find((r) => layout.rowStart[r] <= i && i < layout.rowStart[r + 1])!;
        assert.equal(layout.hit(layout.x[i] + layout.w[i] / 2, d), i);
        if (layout.node[i] > 0) assert.equal(nodeAtPath(tree, functionPath(tree, layout.node[i])), layout.node[i]);
      }
      assert.equal(layout.hit(-1, 0), -1);
      assert.equal(layout.hit(5, layout.rows), -1);
    });
  });
}

describe('flame graph layout of the recursive Fib in the shop CPU profile', () => {
  it('draws one box per recursion level, each inside the one above', async () => {
    const fx = await loadFixture('go/cpu.pb.gz', 'cpu');
    try {
      const fib = nodesOf(fx, 'example.com/shop/pricing.Fib');
      assert.ok(fib.length > 5, 'Fib recurses');
      const layout = layoutFlame(fx.base, { start: 0, end: fx.base.total[0], width: 100000 }, new FlameLayout(), options);
      const placed = boxesByNode(layout);
      for (const n of fib) assert.ok(placed.has(n), `Fib at depth ${fx.base.depth[n]} is drawn at 100000 px`);
    } finally {
      fx.dispose();
    }
  });
});
