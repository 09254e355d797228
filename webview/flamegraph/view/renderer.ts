// Draws a laid-out flame graph on a viewport-sized canvas with the cheapest Canvas2D calls that software
// rasterisers handle well: boxes bucketed by colour (one fillStyle per bucket, plain fillRect, 1 px gaps instead
// of strokes), labels only on boxes wide enough for a few characters, truncated by arithmetic on a monospace
// advance (no measureText per label), no save/clip/restore per box.
import type { FlameLayout } from '../model/layout';
import type { FlameTree } from '../model/flameTree';
import type { FunctionTable } from '../model/functionTable';
import { MATCHED } from '../model/search';
import type { Palette } from './palette';

export type Orientation = 'icicle' | 'flame';

export interface DrawInput {
  readonly ctx: CanvasRenderingContext2D;
  /** CSS pixels of the canvas. */
  readonly width: number;
  readonly height: number;
  readonly layout: FlameLayout;
  readonly tree: FlameTree;
  readonly functions: FunctionTable;
  readonly palette: Palette;
  readonly colorBy: 'class' | 'package';
  readonly orientation: Orientation;
  readonly rowHeight: number;
  /** Rows of the whole graph (content height / rowHeight). */
  readonly contentRows: number;
  readonly scrollTop: number;
  /** Space above the graph (a flame graph shorter than the view sits at its bottom). */
  readonly topPad: number;
  /** Per node: MATCHED frames stay bright, the others are dimmed. Undefined: nothing dimmed. */
  readonly flags: Uint8Array | undefined;
  /** Layout index of the keyboard-selected and the hovered box, -1 for none. */
  readonly focusBox: number;
  readonly hoverBox: number;
  readonly font: string;
  /** Advance of one character of `font`. */
  readonly charWidth: number;
}

/** The top of row `depth` in canvas coordinates. */
export function rowY(depth: number, orientation: Orientation, contentRows: number, rowHeight: number, scrollTop: number, topPad = 0): number {
  return (orientation === 'icicle' ? depth : contentRows - 1 - depth) * rowHeight - scrollTop + topPad;
}

/** The depth at canvas y. */
export function depthAt(y: number, orientation: Orientation, contentRows: number, rowHeight: number, scrollTop: number, topPad = 0): number {
  const row = Math.floor((y + scrollTop - topPad) / rowHeight);
  return orientation === 'icicle' ? row : contentRows - 1 - row;
}

const LABEL_MIN_CHARS = 3;
const PAD = 4;

export class FlameRenderer {
  private bucketOf = new Int32Array(1024);
  private order = new Int32Array(1024);
  private counts = new Int32Array(64);

  /** Draws the visible rows; returns how many boxes and labels were drawn. */
  draw(d: DrawInput): { boxes: number; labels: number; firstRow: number; lastRow: number } {
    const { ctx, layout, tree, functions, palette, rowHeight, orientation, contentRows, scrollTop } = d;
    ctx.fillStyle = palette.background;
    ctx.fillRect(0, 0, d.width, d.height);
    // Visible depth range.
    const a = depthAt(0, orientation, contentRows, rowHeight, scrollTop, d.topPad);
    const b = depthAt(d.height - 1, orientation, contentRows, rowHeight, scrollTop, d.topPad);
    const firstRow = Math.max(0, Math.min(a, b));
    const lastRow = Math.min(layout.rows - 1, Math.max(a, b));
    if (lastRow < firstRow) return { boxes: 0, labels: 0, firstRow, lastRow };
    const from = layout.rowStart[firstRow];
    const to = layout.rowStart[lastRow + 1];
    const n = to - from;
    if (this.bucketOf.length < n) {
      this.bucketOf = new Int32Array(n * 2);
      this.order = new Int32Array(n * 2);
    }
    const buckets = palette.entries.length;
    if (this.counts.length < buckets + 1) this.counts = new Int32Array(buckets + 1);
    const counts = this.counts;
    counts.fill(0);

    // Colour of every box, then a counting sort by colour.
    for (let i = from; i < to; i++) {
      const node = layout.node[i];
      let color: number;
      let dim = false;
      if (node < 0) {
        color = palette.mergedColor;
        dim = d.flags !== undefined;
      } else {
        const f = tree.fn[node];
        const shade = (Math.imul(f, 2654435761) >>> 0) % 3;
        color = d.colorBy === 'package' && !functions.isPseudo(f) ? palette.packageColor(functions.packageId(f), 0) : palette.classColor(functions.cls[f], shade);
        dim = d.flags !== undefined && (d.flags[node] & MATCHED) === 0;
      }
      const bucket = color * 2 + (dim ? 1 : 0);
      this.bucketOf[i - from] = bucket;
      counts[bucket + 1]++;
    }
    for (let k = 0; k < buckets; k++) counts[k + 1] += counts[k];
    for (let i = 0; i < n; i++) this.order[counts[this.bucketOf[i]]++] = i + from;
    // counts[k] is now the end of bucket k; bucket k starts at counts[k - 1] (0 for k = 0).

    const gapY = rowHeight >= 8 ? 1 : 0;
    let start = 0;
    for (let k = 0; k < buckets; k++) {
      const end = counts[k];
      if (end === start) continue;
      const entry = palette.entries[k];
      if (palette.highContrast) {
        ctx.fillStyle = entry.border ?? entry.fill;
        for (let j = start; j < end; j++) this.box(d, this.order[j], gapY, 0);
        ctx.fillStyle = entry.fill;
        for (let j = start; j < end; j++) this.box(d, this.order[j], gapY, 1);
      } else {
        ctx.fillStyle = entry.fill;
        for (let j = start; j < end; j++) this.box(d, this.order[j], gapY, 0);
      }
      start = end;
    }

    // Labels, grouped by text colour (buckets in order: same text colour within a bucket).
    ctx.font = d.font;
    ctx.textBaseline = 'middle';
    let labels = 0;
    const minLabel = d.charWidth * LABEL_MIN_CHARS + PAD * 2;
    start = 0;
    for (let k = 0; k < buckets; k++) {
      const end = counts[k];
      if (end === start) continue;
      let styled = false;
      for (let j = start; j < end; j++) {
        const i = this.order[j];
        const node = layout.node[i];
        const w = layout.w[i];
        if (node < 0 || w < minLabel) continue;
        if (!styled) { ctx.fillStyle = palette.entries[k].text; styled = true; }
        const name = functions.shortName(tree.fn[node]);
        const fits = Math.floor((w - PAD * 2) / d.charWidth);
        const text = name.length <= fits ? name : `${name.slice(0, Math.max(1, fits - 1))}…`;
        const y = rowY(tree.depth[node], orientation, contentRows, rowHeight, scrollTop, d.topPad);
        ctx.fillText(text, layout.x[i] + PAD, y + (rowHeight - gapY) / 2 + 0.5);
        labels++;
      }
      start = end;
    }

    this.outline(d, d.hoverBox, palette.foreground, 1);
    this.outline(d, d.focusBox, palette.focus, 2);
    return { boxes: n, labels, firstRow, lastRow };
  }

  private box(d: DrawInput, i: number, gapY: number, inset: number): void {
    const { layout } = d;
    const depth = this.depthOf(d, i);
    const y = rowY(depth, d.orientation, d.contentRows, d.rowHeight, d.scrollTop, d.topPad);
    const w = layout.w[i];
    const gapX = w >= 3 ? 1 : 0;
    const bw = w - gapX - inset * 2;
    if (bw <= 0) return;
    d.ctx.fillRect(layout.x[i] + inset, y + inset, bw, d.rowHeight - gapY - inset * 2);
  }

  private depthOf(d: DrawInput, i: number): number {
    const node = d.layout.node[i];
    return node >= 0 ? d.tree.depth[node] : d.tree.depth[d.layout.mergedParent[i]] + 1;
  }

  private outline(d: DrawInput, i: number, color: string, width: number): void {
    if (i < 0 || i >= d.layout.count) return;
    const y = rowY(this.depthOf(d, i), d.orientation, d.contentRows, d.rowHeight, d.scrollTop, d.topPad);
    d.ctx.strokeStyle = color;
    d.ctx.lineWidth = width;
    const half = width / 2;
    d.ctx.strokeRect(d.layout.x[i] + half, y + half, Math.max(1, d.layout.w[i] - width - 1), d.rowHeight - width - 1);
  }
}
