// The diff flame graph's boxes on the release-diff fixture (real Go CPU profiles; v2 makes applyTax four times
// slower): each box takes the colour of its change, and a change beyond sampling noise is also spelled ▲/▼ in
// its label, so colour is never the only signal.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeDiffFlame, encodeDiffFlame } from '../../../src/core/diff/diffFlamePayload';
import { parseColor } from '../../../webview/shared/colorMath';
import { describeColor, diffColoring, diffPalette } from '../../../webview/diff/flame/diffColors';
import { nodeFacts } from '../../../webview/diff/flame/diffFlameTree';
import { fixtureDiffTree } from './helpers';

const c = (hex: string) => parseColor(hex)!;
const palette = diffPalette({ background: c('#1f1f1f'), foreground: c('#cccccc'), rose: c('#f0883e'), fell: c('#58a6ff'), focus: c('#0078d4') });
// Changes of 5 points or more count as beyond noise here (the panel uses a two-proportion test), so the fixture has
// frames of every kind: significant rises and falls, faded changes, no change.
const data = decodeDiffFlame(encodeDiffFlame(fixtureDiffTree(), { significant: (b, h) => Math.abs(h - b) >= 0.05 }));
const facts = nodeFacts(data);
const name = (node: number) => (data.fn[node] < 0 ? 'all' : data.names[data.fn[node]]);
const coloring = diffColoring(palette, facts.color, name);
const MERGED = -1;

describe('diff flame graph boxes', () => {
  it('marks the planted regression ▲ and a significant fall ▼ in the label', () => {
    const tax = data.fn.findIndex((f, n) => n > 0 && data.names[f] === 'main.applyTax');
    assert.ok(tax > 0);
    assert.equal(coloring.label(tax, coloring.bucket(tax)), '▲ main.applyTax');
    const fell = Array.from({ length: data.count }, (_, n) => n).find((n) => data.significant[n] && facts.delta[n] < -0.001);
    assert.ok(fell !== undefined, 'the fixture has a frame whose share fell beyond noise');
    assert.equal(coloring.label(fell, coloring.bucket(fell)), `▼ ${name(fell)}`);
  });

  it('puts no mark on faded (within noise) or unchanged frames', () => {
    const seen = { faded: 0, neutral: 0 };
    for (let n = 0; n < data.count; n++) {
      const { direction, faded } = describeColor(facts.color[n]);
      if (!faded && direction !== 'neutral') continue;
      assert.equal(coloring.label(n, coloring.bucket(n)), name(n));
      seen[faded ? 'faded' : 'neutral']++;
    }
    assert.ok(seen.faded > 0 && seen.neutral > 0, JSON.stringify(seen));
  });

  it('fills each box with the swatch of its change, and merged boxes with their own colour', () => {
    for (let n = 0; n < data.count; n++) assert.equal(coloring.styles[coloring.bucket(n)], palette.swatches[facts.color[n]]);
    assert.equal(coloring.bucket(MERGED), palette.merged);
    assert.equal(coloring.outlined, false);
  });
});
