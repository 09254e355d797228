// The flame graph's colours, from the workbench theme's chart colours (--vscode-charts-*): one hue per frame class
// (or per package), three shades per hue so neighbouring boxes stay apart, and a dimmed twin of every colour for
// frames a search does not match. Label colours are chosen per fill for contrast (WCAG); high-contrast themes get
// outlined boxes on the editor background with the theme's foreground text, as the workbench draws them.
import { BLACK, contrastRatio, mix, over, readableText, toCss, WHITE, type Rgba } from '../../shared/colorMath';
import type { CanvasColors } from '../../shared/flame/flameRenderer';
import type { ThemeColors } from '../../shared/themeColors';
import { CLASS_ROOT, CLASS_UNKNOWN } from '../model/functionTable';

export interface PaletteEntry {
  readonly fill: string;
  readonly text: string;
  /** High contrast: the box's outline. */
  readonly border?: string;
  /** For tests and the debug hook: the colours as numbers. */
  readonly fillRgba: Rgba;
  readonly textRgba: Rgba;
}

export const SHADES = 3;
const PACKAGE_HUES = 6;
/** Entry index = colour * 2 + (dimmed ? 1 : 0). */
export interface Palette extends CanvasColors {
  readonly entries: readonly PaletteEntry[];
  readonly highContrast: boolean;
  /** Colour index (before dimming) of a frame class and shade. */
  classColor(cls: number, shade: number): number;
  packageColor(packageId: number, shade: number): number;
  readonly rootColor: number;
  readonly mergedColor: number;
}

export function paletteFor(theme: ThemeColors): Palette {
  const highContrast = theme.kind === 'high-contrast' || theme.kind === 'high-contrast-light';
  const bg = theme.background;
  const c = theme.charts;
  const solid = (x: Rgba) => over(x, bg);
  const classBases = [solid(c.orange), solid(c.purple), solid(c.blue), mix(solid(c.lines), bg, 0.1)];
  const packageBases = [c.red, c.orange, c.yellow, c.green, c.blue, c.purple].map(solid);
  const neutral = (t: number) => mix(solid(theme.foreground), bg, t);

  const entries: PaletteEntry[] = [];
  const add = (base: Rgba) => {
    const index = entries.length / 2;
    entries.push(entry(base, false), entry(base, true));
    return index;
  };
  const entry = (base: Rgba, dimmed: boolean): PaletteEntry => {
    if (highContrast) {
      const border = dimmed ? mix(base, bg, 0.55) : base;
      const text = dimmed ? mix(theme.foreground, bg, 0.35) : theme.foreground;
      return { fill: toCss(bg), border: toCss(border), text: toCss(text), fillRgba: bg, textRgba: text };
    }
    const fill = dimmed ? mix(base, bg, 0.72) : base;
    const text = readableText(fill, [BLACK, WHITE]);
    return { fill: toCss(fill), text: toCss(text), fillRgba: fill, textRgba: text };
  };
  const classIndex: number[][] = [];
  for (const base of classBases) classIndex.push([0, 0.14, 0.28].map((t) => add(mix(base, bg, t))));
  const packageIndex: number[][] = [];
  for (const base of packageBases) packageIndex.push([0, 0.16, 0.32].map((t) => add(mix(base, bg, t))));
  const rootColor = add(neutral(0.62));
  const mergedColor = add(neutral(0.78));
  return {
    entries, highContrast,
    focus: toCss(theme.focusBorder),
    background: toCss(bg),
    foreground: toCss(theme.foreground),
    classColor: (cls, shade) => (cls === CLASS_ROOT ? rootColor : classIndex[Math.min(cls, CLASS_UNKNOWN)][shade % SHADES]),
    packageColor: (id, shade) => packageIndex[id % PACKAGE_HUES][(Math.floor(id / PACKAGE_HUES) + shade) % SHADES],
    rootColor, mergedColor,
  };
}

/** The lowest label contrast of a palette (for tests and the debug hook). */
export function lowestTextContrast(p: Palette): number {
  let low = Infinity;
  for (const e of p.entries) low = Math.min(low, contrastRatio(e.textRgba, e.fillRgba));
  return low;
}
