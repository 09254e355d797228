// Draws a laid-out flame graph on a viewport-sized canvas with the cheapest Canvas2D calls that software
// rasterisers handle well: boxes bucketed by colour (one fillStyle per bucket, plain fillRect, 1 px gaps instead
// of strokes), labels only on boxes wide enough for a few characters, truncated by arithmetic on a monospace
// advance (no measureText per label), no save/clip/restore per box. What a box's colour and label are is the
// view's (FlameColoring): the profile's flame graph colours by function kind or package, the release diff by the
// change of each frame's share.
import type { FlameLayout } from './layout';
import type { FlameTree } from './flameTree';
import { depthAt, rowY, type Orientation } from './rows';

/** The colours of a flame canvas besides its boxes'. */
export interface CanvasColors {
  readonly background: string;
  /** Outline of the hovered box. */
  readonly foreground: string;
  /** Outline of the keyboard-selected box. */
  readonly focus: string;
}

export interface BoxStyle {
  readonly fill: string;
  readonly text: string;
  /** The box's outline, drawn when the colouring is `outlined` (the fill then sits 1 px inside it). */
  readonly border?: string;
}

/** What a view colours and labels its boxes by. */
export interface FlameColoring {
  /** Styles by bucket; boxes are drawn bucket by bucket, so one fillStyle per bucket. */
  readonly styles: readonly BoxStyle[];
  /** High contrast: every box is drawn as its style's border with the fill 1 px inside. */
  readonly outlined: boolean;
  /** The bucket of a node's box; node -1 stands for a merged box. */
  bucket(node: number): number;
  /** The label of a node's box drawn in `bucket` (the renderer cuts it to the box). */
  label(node: number, bucket: number): string;
}

export interface DrawInput {
  readonly ctx: CanvasRenderingContext2D;
  /** CSS pixels of the canvas. */
  readonly width: number;
  readonly height: number;
  readonly layout: FlameLayout;
  readonly tree: FlameTree;
  readonly colors: CanvasColors;
  readonly coloring: FlameColoring;
  readonly orientation: Orientation;
  readonly rowHeight: number;
  /** Rows of the whole graph (content height / rowHeight). */
  readonly contentRows: number;
  readonly scrollTop: number;
  /** Space above the graph (a flame graph shorter than the view sits at its bottom). */
  readonly topPad: number;
  /** Layout index of the keyboard-selected and the hovered box, -1 for none. */
  readonly focusBox: number;
  readonly hoverBox: number;
  readonly font: string;
  /** Advance of one character of `font`. */
  readonly charWidth: number;
}

export interface DrawStats {
  readonly boxes: number;
  readonly labels: number;
  /** Depths of the first and last visible rows (lastRow < firstRow: none). */
  readonly firstRow: number;
  readonly lastRow: number;
}

const LABEL_MIN_CHARS = 3;
const PAD = 4;

export class FlameRenderer {
  private bucketOf = new Int32Array(1024);
  private order = new Int32Array(1024);
  private counts = new Int32Array(64);

  /** Draws the visible rows; returns how many boxes and labels were drawn. */
  draw(d: DrawInput): DrawStats {
    const { ctx, layout, tree, coloring, rowHeight, orientation, contentRows, scrollTop } = d;
    ctx.fillStyle = d.colors.background;
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
    const styles = coloring.styles;
    const buckets = styles.length;
    if (this.counts.length < buckets + 1) this.counts = new Int32Array(buckets + 1);
    const counts = this.counts;
    counts.fill(0);

    // Bucket of every box, then a counting sort by bucket.
    for (let i = from; i < to; i++) {
      const bucket = coloring.bucket(layout.node[i]);
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
      const style = styles[k];
      if (coloring.outlined) {
        ctx.fillStyle = style.border ?? style.fill;
        for (let j = start; j < end; j++) this.box(d, this.order[j], gapY, 0);
        ctx.fillStyle = style.fill;
        for (let j = start; j < end; j++) this.box(d, this.order[j], gapY, 1);
      } else {
        ctx.fillStyle = style.fill;
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
        if (!styled) { ctx.fillStyle = styles[k].text; styled = true; }
        const name = coloring.label(node, k);
        const fits = Math.floor((w - PAD * 2) / d.charWidth);
        const text = name.length <= fits ? name : `${name.slice(0, Math.max(1, fits - 1))}…`;
        const y = rowY(tree.depth[node], orientation, contentRows, rowHeight, scrollTop, d.topPad);
        ctx.fillText(text, layout.x[i] + PAD, y + (rowHeight - gapY) / 2 + 0.5);
        labels++;
      }
      start = end;
    }

    this.outline(d, d.hoverBox, d.colors.foreground, 1);
    this.outline(d, d.focusBox, d.colors.focus, 2);
    return { boxes: n, labels, firstRow, lastRow };
  }

  private box(d: DrawInput, i: number, gapY: number, inset: number): void {
    const { layout } = d;
    const y = rowY(boxDepth(d.tree, layout, i), d.orientation, d.contentRows, d.rowHeight, d.scrollTop, d.topPad);
    const w = layout.w[i];
    const gapX = w >= 3 ? 1 : 0;
    const bw = w - gapX - inset * 2;
    if (bw <= 0) return;
    d.ctx.fillRect(layout.x[i] + inset, y + inset, bw, d.rowHeight - gapY - inset * 2);
  }

  private outline(d: DrawInput, i: number, color: string, width: number): void {
    if (i < 0 || i >= d.layout.count) return;
    const y = rowY(boxDepth(d.tree, d.layout, i), d.orientation, d.contentRows, d.rowHeight, d.scrollTop, d.topPad);
    d.ctx.strokeStyle = color;
    d.ctx.lineWidth = width;
    const half = width / 2;
    d.ctx.strokeRect(d.layout.x[i] + half, y + half, Math.max(1, d.layout.w[i] - width - 1), d.rowHeight - width - 1);
  }
}

/** The depth of a layout entry: its node's, or one below the parent of a merged box. */
export function boxDepth(tree: FlameTree, layout: FlameLayout, i: number): number {
  const node = layout.node[i];
  return node >= 0 ? tree.depth[node] : tree.depth[layout.mergedParent[i]] + 1;
}
