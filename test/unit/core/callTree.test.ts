// The flame-graph call tree, its sandwich tables and its ArrayBuffer form.
import assert from 'node:assert/strict';
import { relative } from 'node:path';
import { describe, it } from 'node:test';
import { buildCallTree, nodeName, type CallTree } from '../../../src/core/aggregate/callTree';
import { aggregateFlatCum } from '../../../src/core/aggregate/stackSetFlatCum';
import { mergeProfiles } from '../../../src/core/aggregate/merge';
import { sandwich } from '../../../src/core/aggregate/sandwich';
import { deserializeCallTree, serializeCallTree } from '../../../src/core/aggregate/serialize';
import type { StackSet } from '../../../src/core/aggregate/stackSet';
import { readProfileFile } from '../../../src/core/profile/parse';
import { FIXTURES_DIR, realProfileFixtures } from './helpers/fixtures';
import { stackProfile, type StackProfileSpec } from './helpers/stackProfile';

function treeOf(spec: StackProfileSpec) {
  const set = mergeProfiles([stackProfile(spec)]);
  return { set, tree: buildCallTree(set, 1) };
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
    if (n > 0) {
      const lines = linesOf(tree, n);
      assert.ok(Math.abs(lines.reduce((s, l) => s + l[2], 0) - tree.total[n]) <= 1e-9 * Math.abs(tree.total[0]), `lines add up to the total at ${n}`);
      assert.ok(Math.abs(lines.reduce((s, l) => s + l[1], 0) - tree.self[n]) <= 1e-9 * Math.abs(tree.total[0]), `lines add up to self at ${n}`);
    }
  }
  assert.ok(Math.abs(selfSum - tree.total[0]) <= 1e-9 * Math.abs(tree.total[0]));
}

describe('buildCallTree', () => {
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
});

describe('sandwich', () => {
  it('gives callers and callees of a function, counting recursion once', () => {
    const { set, tree } = treeOf({ samples: [
      { stack: ['fib@f.go:4', 'fib@f.go:6', 'work@w.go:2', 'main@m.go:1'], values: [1, 7] },
      { stack: ['log@l.go:1', 'fib@f.go:5', 'main@m.go:1'], values: [1, 3] },
      { stack: ['fib@f.go:5'], values: [1, 1] },
    ] });
    const fib = Array.from({ length: set.functions.count }, (_, f) => f).find((f) => set.strings.get(set.functions.name[f]) === 'fib')!;
    const s = sandwich(tree, fib);
    const named = (entries: readonly { function: number; value: number }[]) =>
      entries.map((e) => [e.function < 0 ? '(root)' : set.strings.get(set.functions.name[e.function]), e.value]);
    assert.equal(s.total, 11);
    assert.equal(s.self, 1);
    assert.deepEqual(named(s.callers), [['work', 7], ['main', 3], ['(root)', 1]]);
    assert.deepEqual(named(s.callees), [['fib', 7], ['log', 3]]);
  });
});

function functionsOf(set: StackSet) {
  return Array.from({ length: set.functions.count }, (_, f) => f);
}

describe('call tree on the real fixtures', () => {
  for (const file of realProfileFixtures()) {
    it(`${relative(FIXTURES_DIR, file)}: consistent, and agrees with the flat/cum table`, () => {
      const set = mergeProfiles([readProfileFile(file)]);
      const t = set.defaultTypeIndex;
      const tree = buildCallTree(set, t);
      assertConsistent(tree);
      const table = aggregateFlatCum(set, t, 'function');
      assert.equal(tree.total[0], table.total);
      const flat = new Float64Array(set.functions.count);
      for (let n = 1; n < tree.count; n++) flat[tree.function[n]] += tree.self[n];
      for (const f of functionsOf(set)) {
        assert.equal(flat[f], table.flat[f], `flat of ${set.strings.get(set.functions.name[f])}`);
        const s = sandwich(tree, f);
        assert.equal(s.total, table.cum[f], `cum of ${set.strings.get(set.functions.name[f])}`);
        assert.equal(s.callers.reduce((sum, e) => sum + e.value, 0), s.total);
        assert.ok(Math.abs(s.callees.reduce((sum, e) => sum + e.value, 0) - (s.total - s.self)) < 1e-6);
      }
    });
  }
});

describe('serializeCallTree', () => {
  it('round-trips through one ArrayBuffer, also after a transferring postMessage-style clone', () => {
    const file = realProfileFixtures().find((f) => f.endsWith('node/wall.pb.gz'))!;
    const set = mergeProfiles([readProfileFile(file)]);
    const tree = buildCallTree(set, set.defaultTypeIndex);
    const buffer = serializeCallTree(tree);
    assert.ok(buffer instanceof ArrayBuffer);
    const moved = structuredClone(buffer, { transfer: [buffer] });
    assert.equal(buffer.byteLength, 0, 'the buffer was transferred, not copied');
    const back = deserializeCallTree(moved);
    assert.equal(back.count, tree.count);
    assert.deepEqual(back.sampleType, tree.sampleType);
    assert.equal(back.typeIndex, tree.typeIndex);
    for (const key of ['parent', 'function', 'depth', 'self', 'total', 'childStart', 'children', 'lineStart', 'lineNumber', 'lineSelf', 'lineTotal'] as const) {
      assert.deepEqual(Array.from(back[key]), Array.from(tree[key]), key);
    }
    for (let n = 0; n < tree.count; n++) assert.equal(nodeName(back, n), nodeName(tree, n));
    assert.deepEqual(Array.from(back.functions.file, (i) => back.strings.get(i)), Array.from(tree.functions.file, (i) => tree.strings.get(i)));
  });

  it('rejects a buffer that is not a serialized call tree', () => {
    assert.throws(() => deserializeCallTree(new ArrayBuffer(16)), /not a serialized PerfLens call tree/);
  });
});
