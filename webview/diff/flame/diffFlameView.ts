// The diff flame graph on screen: a viewport-sized canvas kept in place (position: sticky) over a scroll area as
// tall as the graph, as the flame graph's FlameView (webview/flamegraph/view/flameView.ts) — a trimmed copy of
// its mechanics (that class is bound to the profile's function table and palette): visible-only layout with
// sub-pixel merging (model/layout.ts), animated zoom, hover tooltip, click to zoom and open the source, Escape to
// go back, Home for the whole graph.
import type { FlameTree } from '../../flamegraph/model/flameTree';
import { DEFAULT_LAYOUT, FlameLayout, layoutFlame } from '../../flamegraph/model/layout';
import type { FrameLine } from '../../flamegraph/view/describe';
import { depthAt, rowY } from '../../flamegraph/view/renderer';
import type { Tooltip } from '../../flamegraph/view/tooltip';
import type { DiffPalette } from './diffColors';
import { DiffRenderer } from './diffRenderer';

export interface DiffFlameEvents {
  describe(node: number): FrameLine[];
  describeMerged(parent: number, from: number): FrameLine[];
  /** Whether a click on the node opens a source file (for the hint). */
  opens(node: number): boolean;
  activated(node: number, beside: boolean): void;
  zoomed(node: number): void;
  drawn(): void;
}

export const ROW_HEIGHT = 18;
const ZOOM_MS = 200;

export class DiffFlameView {
  readonly element: HTMLDivElement;
  private readonly scroller: HTMLDivElement;
  private readonly spacer: HTMLDivElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;
  private readonly renderer = new DiffRenderer();
  readonly layout = new FlameLayout();
  private layoutDirty = true;
  private frame = 0;

  tree: FlameTree | undefined;
  private color: Uint8Array = new Uint8Array(0);
  private label: (node: number) => string = () => '';
  private palette: DiffPalette | undefined;
  private font = '12px monospace';
  private charWidth = 7.2;
  private start = 0;
  private end = 1;
  zoomNode = 0;
  private history: number[] = [];
  private animation: { from: [number, number]; to: [number, number]; t0: number } | undefined;
  private width = 0;
  private height = 0;
  private dpr = 1;
  private hoverBox = -1;
  private pointer: { x: number; y: number } | undefined;
  lastDraw = { boxes: 0, firstRow: 0, lastRow: -1 };

  constructor(parent: HTMLElement, private readonly tooltip: Tooltip, private readonly events: DiffFlameEvents) {
    this.element = document.createElement('div');
    this.element.className = 'flame-view';
    this.scroller = document.createElement('div');
    this.scroller.className = 'flame-scroller';
    this.spacer = document.createElement('div');
    this.spacer.className = 'flame-spacer';
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'flame-canvas';
    this.canvas.tabIndex = 0;
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', 'Diff flame graph: box width is the share of the total, colour the change of that share. Use the Functions tab for the same figures as a table.');
    this.spacer.appendChild(this.canvas);
    this.scroller.appendChild(this.spacer);
    this.element.appendChild(this.scroller);
    parent.appendChild(this.element);
    this.ctx = this.canvas.getContext('2d', { alpha: false })!;

    new ResizeObserver(() => this.resize()).observe(this.scroller);
    this.scroller.addEventListener('scroll', () => { this.hoverAt(); this.requestRender(); });
    this.canvas.addEventListener('mousemove', (e) => { this.pointer = { x: e.offsetX, y: e.offsetY }; this.hoverAt(e.clientX, e.clientY); });
    this.canvas.addEventListener('mouseleave', () => { this.pointer = undefined; this.hoverBox = -1; this.tooltip.hide(); this.requestRender(); });
    this.canvas.addEventListener('click', (e) => this.click(e));
    this.canvas.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && this.back()) e.preventDefault();
      if (e.key === 'Home') { this.zoomTo(0); e.preventDefault(); }
    });
  }

  /** A new tree (or the same nodes with other widths: the zoom stays on the same node when it still has width). */
  setTree(tree: FlameTree, color: Uint8Array, label: (node: number) => string, keepZoom = false): void {
    const zoom = keepZoom && this.zoomNode < tree.count && tree.total[this.zoomNode] > 0 ? this.zoomNode : 0;
    this.tree = tree;
    this.color = color;
    this.label = label;
    this.history = keepZoom ? this.history.filter((n) => n < tree.count && tree.total[n] > 0) : [];
    this.hoverBox = -1;
    this.zoomNode = zoom;
    this.start = tree.start[zoom];
    this.end = this.start + Math.max(tree.total[zoom], 1e-12);
    this.animation = undefined;
    this.updateHeight();
    this.layoutDirty = true;
    this.requestRender();
  }

  setPalette(palette: DiffPalette, fontFamily: string): void {
    this.palette = palette;
    this.font = `12px ${fontFamily}`;
    this.ctx.font = this.font;
    this.charWidth = this.ctx.measureText('MMMMMMMMMM').width / 10 || 7.2;
    this.requestRender();
  }

  zoomTo(node: number, record = true): void {
    const tree = this.tree;
    if (!tree || node < 0 || node >= tree.count || !(tree.total[node] > 0)) return;
    if (record && node !== this.zoomNode) this.history.push(this.zoomNode);
    this.zoomNode = node;
    const to: [number, number] = [tree.start[node], tree.start[node] + tree.total[node]];
    if (matchMedia('(prefers-reduced-motion: reduce)').matches) [this.start, this.end] = to;
    else this.animation = { from: [this.start, this.end], to, t0: performance.now() };
    this.layoutDirty = true;
    this.requestRender();
    this.events.zoomed(node);
  }

  back(): boolean {
    const previous = this.history.pop();
    if (previous === undefined) return false;
    this.zoomTo(previous, false);
    return true;
  }

  requestRender(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => { this.frame = 0; this.render(); });
  }

  /** Canvas-relative box of a layout entry (for the debug hook). */
  boxOf(i: number): { x: number; y: number; w: number; h: number; depth: number } {
    const node = this.layout.node[i];
    const tree = this.tree!;
    const depth = node >= 0 ? tree.depth[node] : tree.depth[this.layout.mergedParent[i]] + 1;
    return { x: this.layout.x[i], y: rowY(depth, 'icicle', this.contentRows(), ROW_HEIGHT, this.scroller.scrollTop), w: this.layout.w[i], h: ROW_HEIGHT - 1, depth };
  }

  private contentRows(): number {
    return this.tree ? this.tree.maxDepth + 1 : 1;
  }

  private resize(): void {
    this.dpr = window.devicePixelRatio || 1;
    this.width = this.scroller.clientWidth;
    this.height = this.scroller.clientHeight;
    this.canvas.width = Math.max(1, Math.round(this.width * this.dpr));
    this.canvas.height = Math.max(1, Math.round(this.height * this.dpr));
    this.canvas.style.width = `${this.width}px`;
    this.canvas.style.height = `${this.height}px`;
    this.updateHeight();
    this.layoutDirty = true;
    this.render();
  }

  private updateHeight(): void {
    this.spacer.style.height = `${Math.max(this.contentRows() * ROW_HEIGHT, this.height)}px`;
  }

  private render(): void {
    const tree = this.tree;
    const palette = this.palette;
    if (!tree || !palette || this.width === 0 || this.height === 0) return;
    if (this.animation) {
      const t = Math.min(1, (performance.now() - this.animation.t0) / ZOOM_MS);
      const e = 1 - (1 - t) ** 3;
      const { from, to } = this.animation;
      this.start = from[0] + (to[0] - from[0]) * e;
      this.end = from[1] + (to[1] - from[1]) * e;
      if (t >= 1) this.animation = undefined;
      this.layoutDirty = true;
    }
    if (this.layoutDirty) {
      layoutFlame(tree, { start: this.start, end: this.end, width: this.width }, this.layout, DEFAULT_LAYOUT);
      this.layoutDirty = false;
      this.hoverBox = this.pointer ? this.hitBox(this.pointer.x, this.pointer.y) : -1;
    }
    this.ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    this.lastDraw = this.renderer.draw({
      ctx: this.ctx, width: this.width, height: this.height, layout: this.layout, tree, color: this.color, label: this.label,
      palette, rowHeight: ROW_HEIGHT, contentRows: this.contentRows(), scrollTop: this.scroller.scrollTop, hoverBox: this.hoverBox,
      font: this.font, charWidth: this.charWidth,
    });
    if (this.animation) this.requestRender();
    this.events.drawn();
  }

  private hitBox(x: number, y: number): number {
    return this.layout.hit(x, depthAt(y, 'icicle', this.contentRows(), ROW_HEIGHT, this.scroller.scrollTop));
  }

  private hoverAt(clientX?: number, clientY?: number): void {
    if (!this.pointer || !this.tree) return;
    const box = this.hitBox(this.pointer.x, this.pointer.y);
    if (box !== this.hoverBox) { this.hoverBox = box; this.requestRender(); }
    if (box < 0) { this.tooltip.hide(); return; }
    const rect = this.canvas.getBoundingClientRect();
    const node = this.layout.node[box];
    const lines = node >= 0 ? this.events.describe(node) : this.events.describeMerged(this.layout.mergedParent[box], this.layout.mergedFrom[box]);
    const hint = node < 0 ? 'Click: zoom into the parent' : this.events.opens(node) ? 'Click: zoom and open the source · Ctrl/Cmd+click: open beside' : 'Click: zoom';
    this.tooltip.show(lines, clientX ?? rect.left + this.pointer.x, clientY ?? rect.top + this.pointer.y, hint);
  }

  private click(e: MouseEvent): void {
    const box = this.hitBox(e.offsetX, e.offsetY);
    if (box < 0) return;
    const node = this.layout.node[box];
    if (node < 0) { this.zoomTo(this.layout.mergedParent[box]); return; }
    const beside = e.ctrlKey || e.metaKey;
    if (!beside) this.zoomTo(node);
    this.events.activated(node, beside);
  }
}
