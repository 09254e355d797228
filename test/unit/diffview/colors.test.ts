// The diff flame graph's colour scale: direction and strength of a change, noise fading, colour-blind safety and
// readable labels, in the workbench's default dark and light themes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contrastRatio, parseColor, type Rgba } from '../../../webview/shared/colorMath';
import { changeColor, changeDirection, describeColor, diffPalette, STEPS_PTS } from '../../../webview/diff/flame/diffColors';

const c = (hex: string) => parseColor(hex)!;
// VS Code's Dark Modern and Light Modern editor colours, and the perflens.diff.rose/fell defaults (package.json).
const THEMES = {
  dark: { background: c('#1f1f1f'), foreground: c('#cccccc'), rose: c('#f0883e'), fell: c('#58a6ff'), focus: c('#0078d4') },
  light: { background: c('#ffffff'), foreground: c('#3b3b3b'), rose: c('#c55a00'), fell: c('#0969da'), focus: c('#005fb8') },
};

const distance = (a: Rgba, b: Rgba) => Math.hypot(a.r - b.r, a.g - b.g, a.b - b.b);

/** Machado, Oliveira & Fernandes (2009) full-severity simulation matrices, applied in linear RGB. */
const CVD: Record<string, number[]> = {
  protanopia: [0.152286, 1.052583, -0.204868, 0.114503, 0.786281, 0.099216, -0.003882, -0.048116, 1.051998],
  deuteranopia: [0.367322, 0.860646, -0.227968, 0.280085, 0.672501, 0.047413, -0.01182, 0.04294, 0.968881],
  tritanopia: [1.255528, -0.076749, -0.178779, -0.078411, 0.930809, 0.147602, 0.004733, 0.691367, 0.3039],
};
function simulate(col: Rgba, m: number[]): Rgba {
  const lin = (v: number) => { const s = v / 255; return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; };
  const gam = (v: number) => { const s = Math.min(1, Math.max(0, v)); return 255 * (s <= 0.0031308 ? s * 12.92 : 1.055 * s ** (1 / 2.4) - 0.055); };
  const [r, g, b] = [lin(col.r), lin(col.g), lin(col.b)];
  return { r: gam(m[0] * r + m[1] * g + m[2] * b), g: gam(m[3] * r + m[4] * g + m[5] * b), b: gam(m[6] * r + m[7] * g + m[8] * b), a: 1 };
}

describe('the diff flame graph colour scale', () => {
  it('says rose for a larger share, fell for a smaller one, neutral for changes under the first step', () => {
    assert.equal(changeDirection(0.123), 'rose');
    assert.equal(changeDirection(-0.02), 'fell');
    assert.equal(changeDirection(0), 'neutral');
    assert.equal(changeDirection(STEPS_PTS[0] / 100 / 2), 'neutral');
    assert.deepEqual(describeColor(changeColor(0.123, true)), { direction: 'rose', step: STEPS_PTS.length, faded: false });
    assert.deepEqual(describeColor(changeColor(-0.003, false)), { direction: 'fell', step: 1, faded: true });
    assert.equal(describeColor(changeColor(0, true)).direction, 'neutral');
  });

  for (const [name, theme] of Object.entries(THEMES)) {
    describe(`in the ${name} theme`, () => {
      const p = diffPalette(theme);
      const fill = (delta: number, significant = true) => p.swatches[changeColor(delta, significant)].fillRgba;
      const neutral = fill(0);

      it('grows more saturated (further from the neutral grey) with the size of the change, on both sides', () => {
        for (const sign of [1, -1]) {
          const steps = STEPS_PTS.map((pts) => distance(fill((sign * pts) / 100), neutral));
          for (let i = 1; i < steps.length; i++) assert.ok(steps[i] > steps[i - 1], `${sign > 0 ? 'rose' : 'fell'} step ${i + 1} is stronger than step ${i}: ${steps}`);
        }
      });

      it('fades a change within noise towards grey, keeping its hue', () => {
        for (const delta of [0.12, -0.12, 0.01]) {
          assert.ok(distance(fill(delta, false), neutral) < distance(fill(delta, true), neutral) / 2);
          const hue = delta > 0 ? theme.rose : theme.fell;
          const other = delta > 0 ? theme.fell : theme.rose;
          assert.ok(distance(fill(delta, false), hue) < distance(fill(delta, false), other), 'a faded rose is still closer to orange than to blue');
        }
      });

      it('keeps rose and fell apart for colour-blind readers (protan, deutan, tritan simulation)', () => {
        for (const [kind, m] of Object.entries(CVD)) {
          for (const pts of STEPS_PTS.slice(1)) {
            const rose = simulate(fill(pts / 100), m);
            const fell = simulate(fill(-pts / 100), m);
            assert.ok(distance(rose, fell) > 40, `${kind}: ±${pts} pts are ${distance(rose, fell).toFixed(0)} apart`);
          }
        }
      });

      it('labels every colour with text of at least 4.5:1 contrast', () => {
        for (const s of p.swatches) assert.ok(contrastRatio(parseColor(s.text)!, s.fillRgba) >= 4.5, `${s.text} on ${s.fill}`);
      });
    });
  }
});
