// Box widths of the diff flame graph: by the after release, the before release, or the larger of both (default),
// laid out by the flame graph's own layout.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeDiffFlame, encodeDiffFlame } from '../../../src/core/diff/diffFlamePayload';
import { describeColor, STEPS_PTS } from '../../../webview/diff/flame/diffColors';
import { diffFlameTree, nodeFacts } from '../../../webview/diff/flame/diffFlameTree';
import { FlameLayout, layoutFlame } from '../../../webview/shared/flame/layout';
import { fixtureDiffTree, handTree } from './helpers';

// main's children: "gone" was 40% of the before release, "new" is 40% of the after release, "same" 60% on both.
const ROWS: [string, number, number, number][] = [
  ['root', -1, 100, 200], ['main', 0, 100, 200], ['same', 1, 60, 120], ['gone', 1, 40, 0], ['new', 1, 0, 80], ['newChild', 4, 0, 40],
];
const data = decodeDiffFlame(encodeDiffFlame(handTree(ROWS), { minShare: 0 }));
const facts = nodeFacts(data);
const node = (name: string) => data.fn.findIndex((f, i) => i > 0 && data.names[f] === name);
const shown = (by: 'max' | 'head' | 'base', width = 1000) => {
  const tree = diffFlameTree(data, facts, by);
  const layout = layoutFlame(tree, { start: 0, end: tree.total[0], width }, new FlameLayout());
  const boxes = new Map<string, number>();
  for (let i = 0; i < layout.count; i++) if (layout.node[i] > 0) boxes.set(data.names[data.fn[layout.node[i]]], layout.w[i]);
  return boxes;
};

describe('diff flame graph widths', () => {
  it('sizes by the after release: a frame gone from it has no box, a new one its share', () => {
    const boxes = shown('head');
    assert.ok(!boxes.has('gone'));
    assert.ok(Math.abs(boxes.get('new')! - 400) < 1e-6, `new is 40% of 1000 px: ${boxes.get('new')}`);
  });

  it('sizes by the before release: a new frame has no box', () => {
    const boxes = shown('base');
    assert.ok(!boxes.has('new') && !boxes.has('newChild'));
    assert.ok(Math.abs(boxes.get('gone')! - 400) < 1e-6);
  });

  it('by the larger of both shows new and gone frames, and a row never overflows its parent', () => {
    const boxes = shown('max');
    for (const name of ['same', 'gone', 'new', 'newChild']) assert.ok((boxes.get(name) ?? 0) > 100, `${name} is visible: ${boxes.get(name)}`);
    const tree = diffFlameTree(data, facts, 'max');
    const main = node('main');
    let sum = 0;
    for (let k = tree.childStart[main]; k < tree.childStart[main + 1]; k++) sum += tree.total[tree.children[k]];
    assert.ok(sum <= tree.total[main] + 1e-12, `children ${sum} fit in main ${tree.total[main]}`);
    // Relative sizes survive the squeeze: "same" (60%) stays wider than "gone" and "new" (40% each).
    assert.ok(boxes.get('same')! > boxes.get('gone')! && Math.abs(boxes.get('gone')! - boxes.get('new')!) < 1e-6);
  });

  it('holds on the real fixture: in every mode children fit their parent and come widest first', () => {
    const real = decodeDiffFlame(encodeDiffFlame(fixtureDiffTree(), { minShare: 0 }));
    const f = nodeFacts(real);
    for (const by of ['max', 'head', 'base'] as const) {
      const tree = diffFlameTree(real, f, by);
      for (let p = 0; p < tree.count; p++) {
        let sum = 0;
        for (let k = tree.childStart[p]; k < tree.childStart[p + 1]; k++) {
          sum += tree.total[tree.children[k]];
          if (k > tree.childStart[p]) assert.ok(tree.total[tree.children[k - 1]] >= tree.total[tree.children[k]]);
        }
        assert.ok(sum <= tree.total[p] * (1 + 1e-9) + 1e-12, `${by}: node ${p}`);
      }
    }
  });

  it('colours the planted regression (applyTax) as rose and beyond noise on the real fixture', () => {
    const tree = fixtureDiffTree();
    const real = decodeDiffFlame(encodeDiffFlame(tree, { significant: (b, h) => Math.abs(h - b) > 0 }));
    const f = nodeFacts(real);
    const tax = real.fn.findIndex((g, i) => i > 0 && real.names[g] === 'main.applyTax');
    assert.ok(tax > 0);
    assert.ok(f.delta[tax] > 0.1, `applyTax rose by ${f.delta[tax]}`);
    assert.deepEqual(describeColor(f.color[tax]), { direction: 'rose', step: STEPS_PTS.length, faded: false }, 'the strongest, unfaded rose');
  });
});
