import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { functionTable } from '../../../src/core/aggregate/functionTable';
import { buildModel } from '../../../src/core/model/buildModel';
import { readProfileFile } from '../../../src/core/profile/parse';
import { select } from '../../../src/core/query/select';
import { deserializeCallTree } from '../../../src/core/aggregate/serialize';
import { flameGraphBuffers, sandwichBuffers } from '../../../src/worker/flameGraphData';
import { decodeFlameData, functionTotals, nodeLines, type FlameData } from '../../../webview/flamegraph/model/flameData';
import { sandwichFromWorker, sandwichTrees } from '../../../webview/flamegraph/model/sandwich';
import { FIXTURES } from './helpers';

/** Every node of the page's tree by its path of function names from the root. */
function byPath(d: FlameData): Map<string, number> {
  const paths = new Map<string, number>();
  const path: string[] = [''];
  for (let n = 1; n < d.base.count; n++) {
    path[n] = `${path[d.base.parent[n]]}/${d.functions.name(d.base.fn[n])}`;
    paths.set(path[n], n);
  }
  return paths;
}

function sumOf(file: string, type: string): number {
  const p = readProfileFile(file);
  const k = p.sampleTypes.findIndex((t) => t.type === type);
  let sum = 0;
  for (let s = 0; s < p.samples.count; s++) sum += p.samples.values[s * p.sampleTypes.length + k];
  return sum;
}

describe('a flame graph with more nodes than a page gets', () => {
  // The shop's CPU profile: cpu nanoseconds shown, the samples column beside it.
  const file = join(FIXTURES, 'go/cpu.pb.gz');
  const selection = select(buildModel([readProfileFile(file)]), { type: 'cpu' });
  const page = (maxNodes?: number) => {
    const b = flameGraphBuffers({ selection, maxNodes });
    return decodeFlameData(b.tree, b.annotations, 'all');
  };
  const BUDGET = 40;

  it('gets at most its node budget, and still all the time: totals, selves and sample counts add up', () => {
    const full = page(1e9);
    const cut = page(BUDGET);
    assert.ok(full.base.count > 2 * BUDGET, `the fixture's tree (${full.base.count} nodes) is bigger than the budget`);
    assert.ok(cut.base.count <= BUDGET, `${cut.base.count} nodes`);
    assert.equal(cut.base.total[0], sumOf(file, 'cpu'));
    assert.equal(cut.base.samples![0], sumOf(file, 'samples'));
    let selves = 0;
    const childTotals = new Float64Array(cut.base.count);
    const childSamples = new Float64Array(cut.base.count);
    const selfSamples = new Float64Array(cut.base.count);
    for (let n = 0; n < cut.base.count; n++) {
      selves += cut.base.self[n];
      if (n > 0) {
        childTotals[cut.base.parent[n]] += cut.base.total[n];
        childSamples[cut.base.parent[n]] += cut.base.samples![n];
      }
    }
    assert.equal(selves, cut.base.total[0], 'the functions table\'s flat column still sums to the total');
    for (let n = 0; n < cut.base.count; n++) {
      assert.equal(cut.base.self[n] + childTotals[n], cut.base.total[n], `node ${n}: self + children = total`);
      selfSamples[n] = cut.base.samples![n] - childSamples[n];
      assert.ok(selfSamples[n] >= 0, `node ${n}: its children's samples fit in its own`);
    }
  });

  it('keeps the widest frames as they were, and names what it merged', () => {
    const full = page(1e9);
    const cut = page(BUDGET);
    const fullPaths = byPath(full);
    const cutPaths = byPath(cut);
    const widest = [...fullPaths].sort((a, b) => full.base.total[b[1]] - full.base.total[a[1]]).slice(0, 10);
    for (const [path, n] of widest) {
      const m = cutPaths.get(path);
      assert.ok(m !== undefined, `${path} is kept`);
      assert.equal(cut.base.total[m], full.base.total[n]);
      assert.equal(cut.base.self[m], full.base.self[n]);
      assert.equal(cut.base.samples![m], full.base.samples![n]);
    }
    const merged = [...cutPaths].filter(([path]) => !fullPaths.has(path));
    assert.ok(merged.length > 0);
    for (const [path, n] of merged) {
      assert.match(path, /\/\(smaller calls, each at most [\d.e-]+% of the total\)$/);
      assert.equal(cut.base.self[n], cut.base.total[n], 'a merged node has no children of its own');
    }
  });

  it('gives the page\'s functions table every function\'s exact flat and cum, never "(smaller calls…)" as one row', () => {
    const cut = page(BUDGET);
    const table = functionTotals(cut);
    const exact = functionTable(selection);
    const rows = Array.from(table.functions);
    assert.ok(rows.every((f) => !cut.functions.name(f).startsWith('(smaller calls')), 'no merged row');
    const withCost = Array.from({ length: selection.functions.count }, (_, f) => f).filter((f) => exact.flat[f] !== 0 || exact.cum[f] !== 0);
    assert.deepEqual(rows.slice().sort((a, b) => a - b), withCost, 'the same functions as the whole selection');
    for (const f of withCost) {
      assert.equal(table.self[f], exact.flat[f], `self of ${cut.functions.name(f)}`);
      assert.equal(table.total[f], exact.cum[f], `total of ${cut.functions.name(f)}`);
    }
    // Functions that exist in the cut tree only inside a merged node are still in the table, with their cost.
    const inTree = new Set(Array.from(cut.base.fn));
    assert.ok(withCost.some((f) => !inTree.has(f)), 'some functions were merged away from the tree');
  });

  it('draws the sandwich the worker computes from every stack, where the page\'s own tree would miss merged calls', () => {
    const cut = page(BUDGET);
    assert.ok(cut.callTree.merged > 0, 'the page\'s tree was cut');
    const exact = functionTable(selection);
    // A function that the cut tree shows only partly (some of its calls merged away).
    const fromTree = (f: number) => sandwichTrees(cut.base, f).callees.total[0];
    const partly = Array.from(functionTotals(cut).functions).find((f) => fromTree(f) !== exact.cum[f]);
    assert.ok(partly !== undefined, 'some function is undercounted by the cut tree');
    const s = sandwichBuffers({ selection, maxNodes: BUDGET }, partly);
    const trees = sandwichFromWorker(partly, deserializeCallTree(s.callers), deserializeCallTree(s.callees));
    assert.equal(trees.callers.total[0], exact.cum[partly], 'callers add up to the function\'s cum');
    assert.equal(trees.callees.total[0], exact.cum[partly], 'so do its callees');
    assert.equal(trees.callers.fn[0], partly);
    assert.ok(nodeLines(cut, trees.callees, 0).length > 0, 'the function\'s own lines are there');
    assert.ok(trees.occurrences > 0);
  });

  it('leaves a tree within the budget as it is (the default budget is far above this profile)', () => {
    const whole = page(1e9);
    const usual = page();
    assert.deepEqual([...byPath(usual)], [...byPath(whole)]);
    assert.deepEqual(Array.from(usual.base.total), Array.from(whole.base.total));
  });
});
