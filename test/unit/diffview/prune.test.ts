// What crosses to the diff page: the union tree pruned by share, encoded as one ArrayBuffer, decoded on the page.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DiffTree } from '../../../src/core/diff/diffTree';
import { decodeDiffFlame, encodeDiffFlame, pruneDiffTree } from '../../../src/core/diff/diffFlamePayload';
import { fixtureDiffTree, handTree } from './helpers';

/** Nodes whose larger share, and every ancestor's, is at least `t` — computed by walking up, not as the code does. */
function expectedKept(tree: DiffTree, t: number): number[] {
  const share = (n: number) => Math.max(tree.baseTotal[n] / tree.baseTotal[0], tree.headTotal[n] / tree.headTotal[0]);
  const kept: number[] = [];
  for (let n = 0; n < tree.count; n++) {
    let ok = true;
    for (let a = n; a > 0; a = tree.parent[a]) if (!(share(a) >= t)) ok = false;
    if (ok) kept.push(n);
  }
  return kept;
}

describe('pruning the union call tree before it goes to the page', () => {
  const tree = fixtureDiffTree();

  it('drops exactly the frames under the threshold on both sides, keeping the root and whole paths', () => {
    for (const t of [0.001, 0.01, 0.05]) {
      const { nodes } = pruneDiffTree(tree, t, 1e9);
      assert.deepEqual(Array.from(nodes), expectedKept(tree, t), `threshold ${t}`);
      assert.ok(nodes.length < tree.count, `something under ${t} is dropped (${nodes.length} of ${tree.count})`);
    }
  });

  it('keeps a frame that is large on one side only (new or gone frames survive)', () => {
    // "gone" is 30% of the base and absent from the head; "new" the reverse; "tiny" is under the threshold on both.
    const t = handTree([['root', -1, 100, 100], ['main', 0, 100, 100], ['gone', 1, 30, 0], ['new', 1, 0, 30], ['tiny', 1, 0.001, 0.001]]);
    const { nodes } = pruneDiffTree(t, 0.01, 100);
    assert.deepEqual(Array.from(nodes, (n) => (n === 0 ? 'root' : t.functions[t.function[n]].name)), ['root', 'main', 'gone', 'new']);
  });

  it('raises the threshold when too many frames pass, never keeping more than asked', () => {
    const { nodes, minShare } = pruneDiffTree(tree, 0, 40);
    assert.ok(nodes.length <= 40 && nodes.length > 20, `${nodes.length} nodes kept`);
    assert.ok(minShare > 0);
    assert.deepEqual(Array.from(nodes), expectedKept(tree, minShare));
  });

  it('round-trips through the ArrayBuffer: the kept frames\' figures, names, workspace locations and noise verdicts', () => {
    const buffer = encodeDiffFlame(tree, {
      minShare: 0.01,
      significant: (b, h) => Math.abs(h - b) > 0.05,
      // Per second: beyond noise when the cost doubled or halved; per profile: not given, so every change counts.
      significantPer: { second: (b, h) => h > 2 * b || b > 2 * h },
      location: (f) => (tree.functions[f].name === 'main.applyTax' ? { path: '/ws/checkout/tax.go', line: 16 } : undefined),
    });
    assert.ok(buffer instanceof ArrayBuffer);
    const data = decodeDiffFlame(buffer);
    const kept = expectedKept(tree, 0.01);
    assert.equal(data.count, kept.length);
    assert.equal(data.unionNodes, tree.count);
    assert.equal(data.type, 'cpu');
    kept.forEach((n, i) => {
      assert.equal(data.baseTotal[i], tree.baseTotal[n]);
      const b = tree.baseTotal[n];
      const h = tree.headTotal[n];
      assert.equal(data.significantPer.second[i], h > 2 * b || b > 2 * h ? 1 : 0);
      assert.equal(data.significantPer.profile[i], b !== h ? 1 : 0);
      assert.equal(data.headSelf[i], tree.headSelf[n]);
      assert.equal(i === 0 ? -1 : kept[data.parent[i]], i === 0 ? -1 : tree.parent[n]);
      if (i > 0) assert.equal(data.names[data.fn[i]], tree.functions[tree.function[n]].name);
    });
    const tax = kept.findIndex((n) => n > 0 && tree.functions[tree.function[n]].name === 'main.applyTax');
    assert.ok(tax > 0, 'applyTax is kept');
    const f = data.fn[tax];
    assert.equal(data.paths[data.locationPath[f]], '/ws/checkout/tax.go');
    assert.equal(data.locationLine[f], 16);
    assert.equal(data.significant[tax], 1, 'applyTax rose by far more than 5 points');
    const other = data.fn.findIndex((g, i) => i > 0 && data.names[g] !== 'main.applyTax');
    assert.equal(data.locationPath[data.fn[other]], -1, 'functions without a location have none');
  });

  it('refuses a damaged buffer with a clear error instead of drawing garbage', () => {
    const buffer = encodeDiffFlame(tree, { minShare: 0.01 });
    assert.throws(() => decodeDiffFlame(buffer.slice(0, buffer.byteLength - 3)), /diffFlame data: column \S+ lies outside the buffer/);
    assert.throws(() => decodeDiffFlame(new ArrayBuffer(8)), /not PerfLens diffFlame data/);
    // The header is JSON after 8 bytes: another version of the layout is refused by name.
    const versioned = buffer.slice(0);
    const header = new Uint8Array(versioned, 8, new DataView(versioned).getUint32(4, true));
    header.set(new TextEncoder().encode(new TextDecoder().decode(header).replace('"version":3', '"version":9')));
    assert.throws(() => decodeDiffFlame(versioned), /diffFlame data has version 9, expected 3/);
    // A node whose parent comes after it (a damaged column) is refused, not drawn.
    const decoded = decodeDiffFlame(buffer.slice(0));
    const damaged = buffer.slice(0);
    const parentColumn = new Int32Array(damaged, decoded.parent.byteOffset, decoded.count);
    parentColumn[1] = decoded.count + 5;
    assert.throws(() => decodeDiffFlame(damaged), /diff flame graph node 1 has parent/);
  });
});
