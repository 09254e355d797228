// The flame-graph call tree (whole, and cut while it is built), the exact sandwich of a function, and the tree's
// ArrayBuffer form.
import assert from 'node:assert/strict';
import { relative } from 'node:path';
import { describe, it } from 'node:test';
import { callTree, nodeName, type CallTree } from '../../../src/core/aggregate/callTree';
import { functionTable } from '../../../src/core/aggregate/functionTable';
import { sandwich } from '../../../src/core/aggregate/sandwich';
import { deserializeCallTree, serializeCallTree } from '../../../src/core/aggregate/serialize';
import { topTable } from '../../../src/core/aggregate/topTable';
import { buildModel } from '../../../src/core/model/buildModel';
import { readProfileFile } from '../../../src/core/profile/parse';
import { select } from '../../../src/core/query/select';
import type { Selection } from '../../../src/core/query/types';
import { FIXTURES_DIR, realProfileFixtures } from './helpers/fixtures';
import { stackProfile, type StackProfileSpec } from './helpers/stackProfile';

function treeOf(spec: StackProfileSpec) {
  const selection = select(buildModel([stackProfile(spec)]), { type: 1 });
  return { selection, tree: callTree(selection) };
}

function functionNamed(selection: Selection, name: string): number {
  for (let f = 0; f < selection.functions.count; f++) if (selection.strings.get(selection.functions.name[f]) === name) return f;
  throw new Error(`no function ${name}`);
}

/** A node's children as [name, total], widest first. */
function childrenOf(tree: CallTree, node: number): [string, number][] {
  return Array.from(tree.children.subarray(tree.childStart[node], tree.childStart[node + 1]), (c) => [nodeName(tree, c), tree.total[c]]);
}

/** "main>a>b" → node, following the first child with each name. */
function find(tree: CallTree, path: string): number {
  let node = 0;
  for (const name of path.split('>')) {
    let next = -1;
    for (let c = tree.childStart[node]; c < tree.childStart[node + 1]; c++) {
      if (nodeName(tree, tree.children[c]) === name) next = tree.children[c];
    }
    assert.ok(next >= 0, `no node ${path} (stopped at ${name})`);
    node = next;
  }
  return node;
}

function linesOf(tree: CallTree, node: number) {
  const out: [number, number, number][] = [];
  for (let k = tree.lineStart[node]; k < tree.lineStart[node + 1]; k++) out.push([tree.lineNumber[k], tree.lineSelf[k], tree.lineTotal[k]]);
  return out;
}

/** Structural invariants any call tree must satisfy. */
function assertConsistent(tree: CallTree): void {
  let selfSum = 0;
  for (let n = 0; n < tree.count; n++) {
    selfSum += tree.self[n];
    let children = tree.self[n];
    for (let c = tree.childStart[n]; c < tree.childStart[n + 1]; c++) {
      const child = tree.children[c];
      assert.equal(tree.parent[child], n);
      assert.equal(tree.depth[child], tree.depth[n] + 1);
      children += tree.total[child];
      if (c > tree.childStart[n]) assert.ok(tree.total[tree.children[c - 1]] >= tree.total[child], 'children by total, descending');
    }
    assert.ok(Math.abs(children - tree.total[n]) <= 1e-9 * Math.abs(tree.total[0]), `total = self + children at node ${n}`);
    const other = tree.merged > 0 && tree.function[n] === tree.functions.count - 1;
    if (n > 0 && !other) {
      const lines = linesOf(tree, n);
      assert.ok(Math.abs(lines.reduce((s, l) => s + l[2], 0) - tree.total[n]) <= 1e-9 * Math.abs(tree.total[0]), `lines add up to the total at ${n}`);
      assert.ok(Math.abs(lines.reduce((s, l) => s + l[1], 0) - tree.self[n]) <= 1e-9 * Math.abs(tree.total[0]), `lines add up to self at ${n}`);
    }
  }
  assert.ok(Math.abs(selfSum - tree.total[0]) <= 1e-9 * Math.abs(tree.total[0]));
}

describe('callTree', () => {
  it('builds function nodes per call path with self and total', () => {
    const { tree } = treeOf({ samples: [
      { stack: ['b@x.go:1', 'a@x.go:2', 'main@m.go:1'], values: [1, 5] },
      { stack: ['c@x.go:3', 'a@x.go:4', 'main@m.go:1'], values: [1, 3] },
      { stack: ['b@x.go:1', 'main@m.go:2'], values: [1, 2] },
    ] });
    assertConsistent(tree);
    assert.equal(tree.total[0], 10);
    assert.deepEqual([tree.self[find(tree, 'main>a')], tree.total[find(tree, 'main>a')]], [0, 8]);
    assert.equal(tree.total[find(tree, 'main>a>b')], 5);
    assert.equal(tree.self[find(tree, 'main>b')], 2);
    assert.equal(tree.total[find(tree, 'main')], 10);
    assert.deepEqual(Array.from(tree.children.subarray(tree.childStart[find(tree, 'main')], tree.childStart[find(tree, 'main') + 1]), (n) => nodeName(tree, n)), ['a', 'b']);
  });

  it('keeps which lines of a function each node was at', () => {
    const { tree } = treeOf({ samples: [
      { stack: ['handle@h.go:15', 'main@m.go:1'], values: [1, 4] },
      { stack: ['handle@h.go:16', 'main@m.go:1'], values: [1, 6] },
      { stack: ['parse@p.go:3', 'handle@h.go:16', 'main@m.go:1'], values: [1, 1] },
    ] });
    assertConsistent(tree);
    assert.deepEqual(linesOf(tree, find(tree, 'main>handle')), [[15, 4, 4], [16, 6, 7]]);
  });

  it('expands inlined frames from the real caller down to the innermost callee', () => {
    const { tree } = treeOf({ samples: [{ stack: [['inner@a.go:3', 'outer@a.go:9'], 'main@m.go:1'], values: [1, 5] }] });
    assert.equal(tree.self[find(tree, 'main>outer>inner')], 5);
  });

  it('shows recursion as nested nodes of the same function', () => {
    const { tree } = treeOf({ samples: [{ stack: ['fib@f.go:4', 'fib@f.go:6', 'fib@f.go:6', 'main@m.go:1'], values: [1, 7] }] });
    assert.equal(tree.total[find(tree, 'main>fib>fib>fib')], 7);
    assert.equal(tree.count, 5);
  });

  it('gives each line entry today\'s line from a mapping, and the profiled one without', () => {
    const { selection } = treeOf({ samples: [{ stack: ['handle@h.go:15', 'main@m.go:1'], values: [1, 4] }] });
    const current = new Float64Array(selection.frames.count);
    for (let f = 0; f < selection.frames.count; f++) current[f] = selection.frames.line[f] + 3;
    const moved = callTree(selection, { currentLine: current });
    const node = find(moved, 'main>handle');
    assert.deepEqual([moved.lineNumber[moved.lineStart[node]], moved.lineCurrent[moved.lineStart[node]]], [15, 18]);
    const plain = callTree(selection);
    assert.equal(plain.lineCurrent[plain.lineStart[find(plain, 'main>handle')]], 15);
  });

  it('carries a second value per node (the sample counts beside the time)', () => {
    const { selection } = treeOf({ samples: [
      { stack: ['b@x.go:1', 'main@m.go:1'], values: [2, 5] },
      { stack: ['c@x.go:3', 'main@m.go:1'], values: [3, 3] },
    ] });
    const counts = select(selection.model, { type: 0 });
    const tree = callTree(selection, { extra: counts.value });
    assert.deepEqual([tree.nodeCount![0], tree.nodeCount![find(tree, 'main>b')], tree.nodeCount![find(tree, 'main>c')]], [5, 2, 3]);
  });
});

describe('callTree cut to maxNodes', () => {
  // main calls 20 handlers of falling cost, each calling a helper.
  const samples = Array.from({ length: 20 }, (_, i) => ({ stack: [`help${i}@h.go:${i + 1}`, `handler${i}@h.go:${100 + i}`, 'main@m.go:1'], values: [1, 100 - i * 4] }));
  const { selection } = treeOf({ samples });
  const full = callTree(selection);

  it('keeps the widest nodes, merges the rest into one "(smaller calls…)" node per parent, and keeps every total exact', () => {
    const cut = callTree(selection, { maxNodes: 12 });
    assert.ok(cut.count <= 12, `${cut.count} nodes`);
    assert.ok(cut.merged > 0);
    assertConsistent(cut);
    assert.equal(cut.total[0], full.total[0]);
    const main = find(cut, 'main');
    assert.equal(cut.total[main], full.total[find(full, 'main')]);
    const kids = childrenOf(cut, main);
    const other = kids.find(([name]) => name.startsWith('(smaller calls'));
    assert.ok(other, 'an "other" node under main');
    assert.match(other[0], /^\(smaller calls, each at most [\d.]+% of the total\)$/);
    // The kept handlers are the widest ones, exact; the other node holds the rest.
    const kept = kids.filter(([name]) => name.startsWith('handler'));
    assert.deepEqual(kept.map(([name]) => name), kept.map((_, i) => `handler${i}`));
    assert.equal(kids.reduce((sum, [, total]) => sum + total, 0), cut.total[main]);
  });

  it('is whole when it fits', () => {
    const same = callTree(selection, { maxNodes: full.count * 2 });
    assert.equal(same.count, full.count);
    assert.equal(same.merged, 0);
    assert.equal(same.functions.count, selection.functions.count, 'no "(smaller calls…)" function');
  });

  it('leaves the functions table and the sandwich exact: they never read the cut tree', () => {
    const cut = callTree(selection, { maxNodes: 8 });
    const table = functionTable(selection);
    for (let i = 0; i < 20; i++) {
      const f = functionNamed(selection, `help${i}`);
      assert.equal(table.flat[f], 100 - i * 4, `help${i} flat`);
      assert.equal(sandwich(selection, f).total, 100 - i * 4);
    }
    // In the cut tree the narrow handlers exist only inside the merged node.
    assert.ok(Array.from(cut.function).every((f) => f === cut.functions.count - 1 || !nodeName(cut, Array.from(cut.function).indexOf(f)).startsWith('help19')));
  });
});

describe('sandwich', () => {
  it('gives callers and callees of a function, counting recursion once', () => {
    const { selection } = treeOf({ samples: [
      { stack: ['fib@f.go:4', 'fib@f.go:6', 'work@w.go:2', 'main@m.go:1'], values: [1, 7] },
      { stack: ['log@l.go:1', 'fib@f.go:5', 'main@m.go:1'], values: [1, 3] },
      { stack: ['fib@f.go:5'], values: [1, 1] },
    ] });
    const s = sandwich(selection, functionNamed(selection, 'fib'));
    assert.equal(s.total, 11);
    assert.equal(s.self, 1);
    assert.equal(nodeName(s.callers, 0), 'fib');
    assert.deepEqual(childrenOf(s.callers, 0), [['work', 7], ['main', 3]]);
    assert.equal(s.callers.self[0], 1, 'fib at the top of a stack');
    assert.deepEqual(childrenOf(s.callers, find(s.callers, 'work')), [['main', 7]]);
    assert.deepEqual(childrenOf(s.callees, 0), [['fib', 7], ['log', 3]]);
    assert.equal(s.callPaths, 3);
    assertConsistent(s.callers);
    assertConsistent(s.callees);
  });
});

describe('call tree on the real fixtures', () => {
  for (const file of realProfileFixtures()) {
    it(`${relative(FIXTURES_DIR, file)}: consistent, and agrees with the flat/cum table`, () => {
      const selection = select(buildModel([readProfileFile(file)]));
      const tree = callTree(selection);
      assertConsistent(tree);
      const table = topTable(selection, 'function');
      assert.equal(tree.total[0], table.total);
      const flat = new Float64Array(selection.functions.count);
      for (let n = 1; n < tree.count; n++) flat[tree.function[n]] += tree.self[n];
      const name = (f: number) => selection.strings.get(selection.functions.name[f]);
      for (let f = 0; f < selection.functions.count; f++) {
        assert.equal(flat[f], table.flat[f], `flat of ${name(f)}`);
        if (table.cum[f] === 0) continue;
        const s = sandwich(selection, f);
        assert.equal(s.total, table.cum[f], `cum of ${name(f)}`);
        assert.equal(s.callers.total[0], s.total);
        assertConsistent(s.callers);
        assertConsistent(s.callees);
      }
      // Cut to a few nodes: every total still exact.
      const cut = callTree(selection, { maxNodes: 64 });
      assertConsistent(cut);
      assert.equal(cut.total[0], tree.total[0]);
      // What a page receives is the same tree (its depths, child lists and one-line nodes' line values worked out).
      assertRoundTrip(tree);
      assertRoundTrip(cut);
    });
  }
});

const TREE_COLUMNS = ['parent', 'function', 'depth', 'self', 'total', 'childStart', 'children', 'lineStart', 'lineNumber', 'lineCurrent', 'lineSelf', 'lineTotal'] as const;

function assertRoundTrip(tree: CallTree): void {
  const back = deserializeCallTree(serializeCallTree(tree));
  for (const key of TREE_COLUMNS) assert.deepEqual(Array.from(back[key]), Array.from(tree[key]), key);
  assert.deepEqual(back.nodeCount && Array.from(back.nodeCount), tree.nodeCount && Array.from(tree.nodeCount));
}

describe('serializeCallTree', () => {
  it('round-trips through one ArrayBuffer, also after a transferring postMessage-style clone', () => {
    const file = realProfileFixtures().find((f) => f.endsWith('node/wall.pb.gz'))!;
    const tree = callTree(select(buildModel([readProfileFile(file)])));
    const buffer = serializeCallTree(tree);
    assert.ok(buffer instanceof ArrayBuffer);
    const moved = structuredClone(buffer, { transfer: [buffer] });
    assert.equal(buffer.byteLength, 0, 'the buffer was transferred, not copied');
    const back = deserializeCallTree(moved);
    assert.equal(back.count, tree.count);
    assert.deepEqual(back.sampleType, tree.sampleType);
    assert.equal(back.typeIndex, tree.typeIndex);
    for (const key of TREE_COLUMNS) assert.deepEqual(Array.from(back[key]), Array.from(tree[key]), key);
    for (let n = 0; n < tree.count; n++) assert.equal(nodeName(back, n), nodeName(tree, n));
    assert.deepEqual(Array.from(back.functions.file, (i) => back.strings.get(i)), Array.from(tree.functions.file, (i) => tree.strings.get(i)));
  });

  it('is exact for lines beyond 32 bits and for nodes whose lines have values of their own', () => {
    const { selection } = treeOf({ samples: [
      { stack: ['leaf@x.go:7', 'mid@y.go:3', 'main@m.go:1'], values: [1, 5] },
      { stack: ['leaf@x.go:9', 'mid@y.go:3', 'main@m.go:1'], values: [1, 0.1 + 0.2] },
      { stack: ['mid@y.go:4', 'main@m.go:1'], values: [1, 2] },
    ] });
    const tree = callTree(selection, { currentLine: Float64Array.from(selection.frames.line, (l) => (l === 3 ? 2 ** 40 : l + 0.5)) });
    assert.ok(tree.lineStart.some((a, n) => n < tree.count && tree.lineStart[n + 1] - a > 1), 'a node with lines of its own');
    assertRoundTrip(tree);
    assertRoundTrip(callTree(selection));
  });

  it('rejects a buffer that is not a serialized call tree', () => {
    assert.throws(() => deserializeCallTree(new ArrayBuffer(16)), /not PerfLens callTree data/);
  });

  it('rejects a damaged tree instead of drawing it', () => {
    const tree = callTree(treeOf({ samples: [{ stack: ['b@x.go:1', 'main@m.go:1'], values: [1, 5] }] }).selection);
    const broken = { ...tree, parent: Int32Array.from(tree.parent, (p, n) => (n === 2 ? 7 : p)) };
    assert.throws(() => deserializeCallTree(serializeCallTree(broken)), /damaged: node 2 has parent 7/);
  });
});
