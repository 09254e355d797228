// The diff flame graph's colour scale: a diverging, colour-blind-safe pair — orange where a frame's share of the
// total rose, blue where it fell (the theme's perflens.diff.rose / .fell, which the tables and gutter use too),
// neutral grey for no change. Saturation grows in steps with the size of the change, in share points; a change
// within sampling noise keeps its hue but is faded most of the way to grey. Steps (not a continuous ramp) keep
// the renderer's one-fillStyle-per-colour batching and make the legend readable. Significant changes carry ▲/▼
// in their label, so colour is never the only signal.
import { BLACK, mix, readableText, toCss, WHITE, type Rgba } from '../../shared/colorMath';
import type { CanvasColors, FlameColoring } from '../../shared/flame/flameRenderer';

/** Lower bounds of the steps, in share points (|head share − base share| × 100). Below the first: no change. */
export const STEPS_PTS: readonly number[] = [0.1, 0.5, 2, 5, 10];
/** How far each step is mixed from neutral grey towards the full hue. */
const STEP_MIX = [0.3, 0.48, 0.66, 0.83, 1];
/** Faded (within noise): this share of the step's hue is kept. */
const FADED_KEEP = 0.3;

export type ChangeDirection = 'rose' | 'fell' | 'neutral';

/** Step of a change: 0 (no change) .. STEPS_PTS.length. */
export function changeStep(delta: number): number {
  const pts = Math.abs(delta) * 100;
  let step = 0;
  while (step < STEPS_PTS.length && pts >= STEPS_PTS[step]) step++;
  return step;
}

export function changeDirection(delta: number): ChangeDirection {
  return changeStep(delta) === 0 ? 'neutral' : delta > 0 ? 'rose' : 'fell';
}

/**
 * Colour index of a change: 0 neutral; 1..S rose steps; S+1..2S fell steps; then the same rose and fell steps
 * faded (within noise). S = STEPS_PTS.length.
 */
export function changeColor(delta: number, significant: boolean): number {
  const step = changeStep(delta);
  if (step === 0) return 0;
  const S = STEPS_PTS.length;
  return (delta > 0 ? 0 : S) + (significant ? 0 : 2 * S) + step;
}

export function colorCount(): number {
  return 1 + 4 * STEPS_PTS.length;
}

/** What a colour index stands for (the debug hook and the tests read colours this way). */
export function describeColor(index: number): { direction: ChangeDirection; step: number; faded: boolean } {
  if (index <= 0) return { direction: 'neutral', step: 0, faded: false };
  const S = STEPS_PTS.length;
  const i = index - 1;
  const faded = i >= 2 * S;
  const j = i % (2 * S);
  return { direction: j < S ? 'rose' : 'fell', step: (j % S) + 1, faded };
}

export interface DiffSwatch {
  readonly fill: string;
  readonly text: string;
  readonly fillRgba: Rgba;
}

export interface DiffPalette extends CanvasColors {
  /** By colour index (changeColor), then the merged boxes' colour at index `merged`. */
  readonly swatches: readonly DiffSwatch[];
  readonly merged: number;
}

export interface DiffThemeColors {
  readonly background: Rgba;
  readonly foreground: Rgba;
  readonly rose: Rgba;
  readonly fell: Rgba;
  readonly focus: Rgba;
}

export function diffPalette(theme: DiffThemeColors): DiffPalette {
  const bg = theme.background;
  // Neutral grey: between the page's text and background, far enough from the background to read as a box.
  const neutral = mix(bg, theme.foreground, 0.3);
  const S = STEPS_PTS.length;
  const fills: Rgba[] = [neutral];
  for (const faded of [false, true]) {
    for (const hue of [theme.rose, theme.fell]) {
      for (let s = 0; s < S; s++) fills.push(mix(neutral, hue, STEP_MIX[s] * (faded ? FADED_KEEP : 1)));
    }
  }
  fills.push(mix(bg, theme.foreground, 0.18));
  const swatches = fills.map((fill) => ({ fill: toCss(fill), text: toCss(readableText(fill, [BLACK, WHITE])), fillRgba: fill }));
  return { swatches, merged: fills.length - 1, background: toCss(bg), foreground: toCss(theme.foreground), focus: toCss(theme.focus) };
}

/** The flame canvas's colouring: each node's colour index (changeColor), its label marked ▲/▼ when significant. */
export function diffColoring(palette: DiffPalette, color: Uint8Array, label: (node: number) => string): FlameColoring {
  const marks = palette.swatches.map((_, k) => {
    const { direction, faded } = describeColor(k);
    return k === palette.merged || faded || direction === 'neutral' ? '' : direction === 'rose' ? '▲ ' : '▼ ';
  });
  return {
    styles: palette.swatches,
    outlined: false,
    bucket: (node) => (node < 0 ? palette.merged : color[node]),
    label: (node, bucket) => marks[bucket] + label(node),
  };
}
