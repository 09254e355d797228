// Colours as numbers: parse what CSS variables hold (#rgb, #rrggbb, #rrggbbaa, rgb(), rgba()), mix, composite
// onto a background, and WCAG contrast, so canvas text is always readable on the box it sits on.

export interface Rgba {
  readonly r: number;
  readonly g: number;
  readonly b: number;
  /** 0..1 */
  readonly a: number;
}

export function parseColor(text: string): Rgba | undefined {
  const s = text.trim().toLowerCase();
  const hex = /^#([0-9a-f]{3,8})$/.exec(s);
  if (hex) {
    let h = hex[1];
    if (h.length === 3 || h.length === 4) h = [...h].map((c) => c + c).join('');
    if (h.length !== 6 && h.length !== 8) return undefined;
    const n = (i: number) => parseInt(h.slice(i, i + 2), 16);
    return { r: n(0), g: n(2), b: n(4), a: h.length === 8 ? n(6) / 255 : 1 };
  }
  const fn = /^rgba?\(([^)]+)\)$/.exec(s);
  if (fn) {
    const parts = fn[1].split(/[\s,/]+/).filter(Boolean);
    const channel = (p: string) => (p.endsWith('%') ? (parseFloat(p) / 100) * 255 : parseFloat(p));
    const alpha = (p: string | undefined) => (p === undefined ? 1 : p.endsWith('%') ? parseFloat(p) / 100 : parseFloat(p));
    const [r, g, b, a] = [channel(parts[0] ?? ''), channel(parts[1] ?? ''), channel(parts[2] ?? ''), alpha(parts[3])];
    if ([r, g, b, a].some((v) => Number.isNaN(v))) return undefined;
    return { r, g, b, a: Math.min(1, Math.max(0, a)) };
  }
  return undefined;
}

export function toCss(c: Rgba): string {
  const h = (v: number) => Math.round(Math.min(255, Math.max(0, v))).toString(16).padStart(2, '0');
  return `#${h(c.r)}${h(c.g)}${h(c.b)}`;
}

/** `a` blended towards `b` by t (0: a, 1: b); alpha ignored. */
export function mix(a: Rgba, b: Rgba, t: number): Rgba {
  return { r: a.r + (b.r - a.r) * t, g: a.g + (b.g - a.g) * t, b: a.b + (b.b - a.b) * t, a: 1 };
}

/** A translucent colour as it looks over an opaque background. */
export function over(c: Rgba, background: Rgba): Rgba {
  return mix(background, c, c.a);
}

export function relativeLuminance(c: Rgba): number {
  const lin = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
}

export function contrastRatio(a: Rgba, b: Rgba): number {
  const la = relativeLuminance(a);
  const lb = relativeLuminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

export const BLACK: Rgba = { r: 0, g: 0, b: 0, a: 1 };
export const WHITE: Rgba = { r: 255, g: 255, b: 255, a: 1 };

/** The candidate with the highest contrast on `fill` (black or white always reach 4.5:1 on some side). */
export function readableText(fill: Rgba, candidates: readonly Rgba[] = [BLACK, WHITE]): Rgba {
  let best = candidates[0];
  for (const c of candidates) if (contrastRatio(c, fill) > contrastRatio(best, fill)) best = c;
  return best;
}
