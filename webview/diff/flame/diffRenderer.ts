// Draws a laid-out diff flame graph the way the flame graph's renderer does (webview/flamegraph/view/renderer.ts:
// boxes bucketed by colour, one fillStyle per bucket, plain fillRect with 1 px gaps, labels only where three
// characters fit, truncated by arithmetic on the monospace advance). Copied, not shared: that renderer colours
// by function class, this one by each node's change. Significant changes carry ▲/▼ in their label, so colour is
// never the only signal.
import type { FlameLayout } from '../../flamegraph/model/layout';
import type { FlameTree } from '../../flamegraph/model/flameTree';
import { depthAt, rowY } from '../../flamegraph/view/renderer';
import { describeColor, type DiffPalette } from './diffColors';

export interface DiffDrawInput {
  readonly ctx: CanvasRenderingContext2D;
  readonly width: number;
  readonly height: number;
  readonly layout: FlameLayout;
  readonly tree: FlameTree;
  /** Colour index per node (diffColors.changeColor). */
  readonly color: Uint8Array;
  readonly label: (node: number) => string;
  readonly palette: DiffPalette;
  readonly rowHeight: number;
  readonly contentRows: number;
  readonly scrollTop: number;
  readonly hoverBox: number;
  readonly font: string;
  readonly charWidth: number;
}

const LABEL_MIN_CHARS = 3;
const PAD = 4;

export class DiffRenderer {
  private bucketOf = new Int32Array(1024);
  private order = new Int32Array(1024);

  draw(d: DiffDrawInput): { boxes: number; firstRow: number; lastRow: number } {
    const { ctx, layout, palette, rowHeight, contentRows, scrollTop } = d;
    ctx.fillStyle = palette.background;
    ctx.fillRect(0, 0, d.width, d.height);
    const firstRow = Math.max(0, depthAt(0, 'icicle', contentRows, rowHeight, scrollTop));
    const lastRow = Math.min(layout.rows - 1, depthAt(d.height - 1, 'icicle', contentRows, rowHeight, scrollTop));
    if (lastRow < firstRow) return { boxes: 0, firstRow, lastRow };
    const from = layout.rowStart[firstRow];
    const to = layout.rowStart[lastRow + 1];
    const n = to - from;
    if (this.bucketOf.length < n) {
      this.bucketOf = new Int32Array(n * 2);
      this.order = new Int32Array(n * 2);
    }
    const buckets = palette.swatches.length;
    const counts = new Int32Array(buckets + 1);
    for (let i = from; i < to; i++) {
      const node = layout.node[i];
      const bucket = node < 0 ? palette.merged : d.color[node];
      this.bucketOf[i - from] = bucket;
      counts[bucket + 1]++;
    }
    for (let k = 0; k < buckets; k++) counts[k + 1] += counts[k];
    for (let i = 0; i < n; i++) this.order[counts[this.bucketOf[i]]++] = i + from;

    const gapY = rowHeight >= 8 ? 1 : 0;
    let start = 0;
    for (let k = 0; k < buckets; k++) {
      const end = counts[k];
      if (end === start) continue;
      ctx.fillStyle = palette.swatches[k].fill;
      for (let j = start; j < end; j++) this.box(d, this.order[j], gapY);
      start = end;
    }

    ctx.font = d.font;
    ctx.textBaseline = 'middle';
    const minLabel = d.charWidth * LABEL_MIN_CHARS + PAD * 2;
    start = 0;
    for (let k = 0; k < buckets; k++) {
      const end = counts[k];
      if (end === start) continue;
      const { direction, faded } = describeColor(k);
      const mark = k === palette.merged || faded || direction === 'neutral' ? '' : direction === 'rose' ? '▲ ' : '▼ ';
      ctx.fillStyle = palette.swatches[k].text;
      for (let j = start; j < end; j++) {
        const i = this.order[j];
        const node = layout.node[i];
        const w = layout.w[i];
        if (node < 0 || w < minLabel) continue;
        const name = mark + d.label(node);
        const fits = Math.floor((w - PAD * 2) / d.charWidth);
        const text = name.length <= fits ? name : `${name.slice(0, Math.max(1, fits - 1))}…`;
        const y = rowY(d.tree.depth[node], 'icicle', contentRows, rowHeight, scrollTop);
        ctx.fillText(text, layout.x[i] + PAD, y + (rowHeight - gapY) / 2 + 0.5);
      }
      start = end;
    }
    if (d.hoverBox >= 0 && d.hoverBox < layout.count) {
      const y = rowY(this.depthOf(d, d.hoverBox), 'icicle', contentRows, rowHeight, scrollTop);
      ctx.strokeStyle = palette.foreground;
      ctx.lineWidth = 1;
      ctx.strokeRect(layout.x[d.hoverBox] + 0.5, y + 0.5, Math.max(1, layout.w[d.hoverBox] - 2), rowHeight - 2);
    }
    return { boxes: n, firstRow, lastRow };
  }

  private box(d: DiffDrawInput, i: number, gapY: number): void {
    const y = rowY(this.depthOf(d, i), 'icicle', d.contentRows, d.rowHeight, d.scrollTop);
    const w = d.layout.w[i];
    const bw = w - (w >= 3 ? 1 : 0);
    if (bw > 0) d.ctx.fillRect(d.layout.x[i], y, bw, d.rowHeight - gapY);
  }

  private depthOf(d: DiffDrawInput, i: number): number {
    const node = d.layout.node[i];
    return node >= 0 ? d.tree.depth[node] : d.tree.depth[d.layout.mergedParent[i]] + 1;
  }
}
