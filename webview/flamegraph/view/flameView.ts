// One interactive flame graph: a viewport-sized canvas that stays in place (position: sticky) over a scroll area
// as tall as the graph, so the browser's canvas size limits never apply however deep the stacks are. Zooming
// animates the shown value range; every frame lays out only what is visible (layout.ts) and draws it
// (renderer.ts). Pointer: hover for the tooltip, click to zoom (and open the source, through the host).
// Keyboard: arrows move between frames, Enter zooms, Escape goes back.
import type { FlameTree } from '../model/flameTree';
import type { FunctionTable } from '../model/functionTable';
import { DEFAULT_LAYOUT, FlameLayout, layoutFlame } from '../model/layout';
import type { FrameLine } from './describe';
import type { Palette } from './palette';
import { depthAt, FlameRenderer, rowY, type Orientation } from './renderer';
import type { Tooltip } from './tooltip';

export interface FlameViewEvents {
  /** The zoomed frame changed (by click, key, breadcrumb or back). */
  zoomed(view: FlameView, node: number): void;
  /** A frame was clicked (or Ctrl/Cmd+Enter): show its source. */
  activated(view: FlameView, node: number, beside: boolean): void;
  /** Tooltip lines of a frame or of a merged box (parent, first merged child's index). */
  describe(view: FlameView, node: number): FrameLine[];
  describeMerged(view: FlameView, parent: number, from: number): FrameLine[];
  /** Something was drawn (for the debug hook and the host). */
  drawn(view: FlameView): void;
}

const ROW_HEIGHT = 18;
const ZOOM_MS = 220;
const FRAME_STATS = 240;

export class FlameView {
  readonly element: HTMLDivElement;
  private readonly scroller: HTMLDivElement;
  private readonly spacer: HTMLDivElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;
  private readonly renderer = new FlameRenderer();
  readonly layout = new FlameLayout();
  private layoutDirty = true;
  private frame = 0;

  tree: FlameTree | undefined;
  functions: FunctionTable | undefined;
  private palette: Palette | undefined;
  orientation: Orientation;
  private colorBy: 'class' | 'package' = 'class';
  private flags: Uint8Array | undefined;
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
  focusNode = -1;
  private hoverBox = -1;
  private pointer: { x: number; y: number } | undefined;
  /** Milliseconds of layout + draw of the last frames (ring buffer), for the benchmark and the debug hook. */
  readonly frameTimes = new Float64Array(FRAME_STATS);
  frameCount = 0;
  lastDraw = { boxes: 0, labels: 0, firstRow: 0, lastRow: -1 };

  constructor(parent: HTMLElement, readonly role: string, orientation: Orientation, private readonly tooltip: Tooltip, private readonly events: FlameViewEvents, label: string) {
    this.orientation = orientation;
    this.element = document.createElement('div');
    this.element.className = 'flame-view';
    this.element.dataset.role = role;
    this.scroller = document.createElement('div');
    this.scroller.className = 'flame-scroller';
    this.spacer = document.createElement('div');
    this.spacer.className = 'flame-spacer';
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'flame-canvas';
    this.canvas.tabIndex = 0;
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', label);
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
    this.canvas.addEventListener('keydown', (e) => this.key(e));
    this.canvas.addEventListener('focus', () => { if (this.focusNode < 0 && this.tree) this.setFocus(this.zoomNode, false); });
    this.canvas.addEventListener('blur', () => this.tooltip.hide());
  }

  setTree(tree: FlameTree, functions: FunctionTable, zoomNode = 0): void {
    this.tree = tree;
    this.functions = functions;
    this.history = [];
    this.focusNode = -1;
    this.hoverBox = -1;
    this.zoomNode = Math.min(Math.max(0, zoomNode), tree.count - 1);
    this.start = tree.start[this.zoomNode];
    this.end = this.start + Math.max(tree.total[this.zoomNode], 1e-9);
    this.animation = undefined;
    this.updateHeight(true);
    this.layoutDirty = true;
    this.requestRender();
  }

  setPalette(palette: Palette, fontFamily: string): void {
    this.palette = palette;
    this.font = `12px ${fontFamily}`;
    this.ctx.font = this.font;
    this.charWidth = this.ctx.measureText('MMMMMMMMMM').width / 10 || 7.2;
    this.requestRender();
  }

  setColorBy(colorBy: 'class' | 'package'): void {
    this.colorBy = colorBy;
    this.requestRender();
  }

  setFlags(flags: Uint8Array | undefined): void {
    this.flags = flags;
    this.requestRender();
  }

  setOrientation(o: Orientation): void {
    if (o === this.orientation) return;
    this.orientation = o;
    this.updateHeight(true);
    this.requestRender();
  }

  /** Zoom so `node` fills the width. `record`: Escape comes back to the current zoom. */
  zoomTo(node: number, options: { animate?: boolean; record?: boolean } = {}): void {
    const tree = this.tree;
    if (!tree || node < 0 || node >= tree.count) return;
    if (options.record !== false && node !== this.zoomNode) this.history.push(this.zoomNode);
    this.zoomNode = node;
    const to: [number, number] = [tree.start[node], tree.start[node] + Math.max(tree.total[node], 1e-9)];
    if (options.animate === false || matchMedia('(prefers-reduced-motion: reduce)').matches) {
      this.animation = undefined;
      [this.start, this.end] = to;
    } else {
      this.animation = { from: [this.start, this.end], to, t0: performance.now() };
    }
    this.ensureRowVisible(tree.depth[node]);
    this.layoutDirty = true;
    this.requestRender();
    this.events.zoomed(this, node);
  }

  /** Back to the previous zoom; false when there is none. */
  back(): boolean {
    const previous = this.history.pop();
    if (previous === undefined) return false;
    this.zoomTo(previous, { record: false });
    return true;
  }

  requestRender(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  focus(): void {
    this.canvas.focus();
  }

  /** Canvas-relative CSS box of a tree node (for the debug hook and keyboard tooltips), if drawn. */
  boxOf(layoutIndex: number): { x: number; y: number; w: number; h: number; depth: number } {
    const node = this.layout.node[layoutIndex];
    const tree = this.tree!;
    const depth = node >= 0 ? tree.depth[node] : tree.depth[this.layout.mergedParent[layoutIndex]] + 1;
    return { x: this.layout.x[layoutIndex], y: rowY(depth, this.orientation, this.contentRows(), ROW_HEIGHT, this.scroller.scrollTop, this.topPad()), w: this.layout.w[layoutIndex], h: ROW_HEIGHT - 1, depth };
  }

  /** Canvas position in the page, for the debug hook's users (tests hover at box coordinates). */
  canvasRect(): DOMRect {
    return this.canvas.getBoundingClientRect();
  }

  /** A flame graph shorter than the view sits at the view's bottom, next to what is below it (the sandwich). */
  private topPad(): number {
    return this.orientation === 'flame' ? Math.max(0, this.height - this.contentRows() * ROW_HEIGHT) : 0;
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
    this.updateHeight(false);
    this.layoutDirty = true;
    this.render();
  }

  /** The scroll area is as tall as the whole graph; in flame orientation the root sits at its bottom. */
  private updateHeight(scrollToRoot: boolean): void {
    const content = this.contentRows() * ROW_HEIGHT;
    this.spacer.style.height = `${Math.max(content, this.height)}px`;
    if (scrollToRoot) this.scroller.scrollTop = this.orientation === 'flame' ? content : 0;
  }

  private ensureRowVisible(depth: number): void {
    const y = rowY(depth, this.orientation, this.contentRows(), ROW_HEIGHT, 0, this.topPad());
    const top = this.scroller.scrollTop;
    if (y < top) this.scroller.scrollTop = y;
    else if (y + ROW_HEIGHT > top + this.height) this.scroller.scrollTop = y + ROW_HEIGHT - this.height;
  }

  private render(): void {
    const tree = this.tree;
    const palette = this.palette;
    if (!tree || !palette || this.width === 0 || this.height === 0) return;
    const t0 = performance.now();
    if (this.animation) {
      const t = Math.min(1, (t0 - this.animation.t0) / ZOOM_MS);
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
      this.hoverBox = -1;
      if (this.pointer) this.hoverBox = this.hitBox(this.pointer.x, this.pointer.y);
    }
    const ctx = this.ctx;
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    const focusBox = this.focusNode >= 0 ? this.layout.find(this.focusNode, tree.depth[this.focusNode]) : -1;
    this.lastDraw = this.renderer.draw({
      ctx, width: this.width, height: this.height, layout: this.layout, tree, functions: this.functions!, palette,
      colorBy: this.colorBy, orientation: this.orientation, rowHeight: ROW_HEIGHT, contentRows: this.contentRows(),
      scrollTop: this.scroller.scrollTop, topPad: this.topPad(), flags: this.flags, focusBox, hoverBox: this.hoverBox, font: this.font, charWidth: this.charWidth,
    });
    // Benchmarks ask for the raster to be flushed, so the figure includes the software rasteriser's work.
    if ((window as { __perflensMeasureRaster?: boolean }).__perflensMeasureRaster) ctx.getImageData(0, 0, 1, 1);
    this.frameTimes[this.frameCount++ % FRAME_STATS] = performance.now() - t0;
    if (this.animation) this.requestRender();
    this.events.drawn(this);
  }

  private hitBox(x: number, y: number): number {
    if (!this.tree) return -1;
    const depth = depthAt(y, this.orientation, this.contentRows(), ROW_HEIGHT, this.scroller.scrollTop, this.topPad());
    return this.layout.hit(x, depth);
  }

  private hoverAt(clientX?: number, clientY?: number): void {
    if (!this.pointer || !this.tree) return;
    const box = this.hitBox(this.pointer.x, this.pointer.y);
    if (box !== this.hoverBox) {
      this.hoverBox = box;
      this.requestRender();
    }
    if (box < 0) { this.tooltip.hide(); return; }
    const rect = this.canvas.getBoundingClientRect();
    const x = clientX ?? rect.left + this.pointer.x;
    const y = clientY ?? rect.top + this.pointer.y;
    this.tooltip.show(this.linesOf(box), x, y, this.hintOf(box));
  }

  private linesOf(box: number): FrameLine[] {
    const node = this.layout.node[box];
    return node >= 0 ? this.events.describe(this, node) : this.events.describeMerged(this, this.layout.mergedParent[box], this.layout.mergedFrom[box]);
  }

  private hintOf(box: number): string | undefined {
    const node = this.layout.node[box];
    if (node < 0) return undefined;
    const opens = this.functions!.location(this.tree!.fn[node]) !== undefined;
    return opens ? 'Click: zoom and open the source · Ctrl/Cmd+click: open beside' : 'Click: zoom';
  }

  private click(e: MouseEvent): void {
    const box = this.hitBox(e.offsetX, e.offsetY);
    if (box < 0) return;
    const node = this.layout.node[box];
    const beside = e.ctrlKey || e.metaKey;
    if (node < 0) {
      this.zoomTo(this.layout.mergedParent[box]);
      return;
    }
    this.setFocus(node, false);
    if (!beside) this.zoomTo(node);
    this.events.activated(this, node, beside);
  }

  private key(e: KeyboardEvent): void {
    const tree = this.tree;
    if (!tree) return;
    const node = this.focusNode >= 0 ? this.focusNode : this.zoomNode;
    const down = this.orientation === 'icicle' ? 'ArrowDown' : 'ArrowUp';
    const up = this.orientation === 'icicle' ? 'ArrowUp' : 'ArrowDown';
    let next = -1;
    switch (e.key) {
      case up:
        next = tree.parent[node] >= 0 ? tree.parent[node] : node;
        break;
      case down: {
        // The widest child that is drawn (children are widest first).
        const k = tree.childStart[node];
        next = k < tree.childStart[node + 1] && this.layout.find(tree.children[k], tree.depth[node] + 1) >= 0 ? tree.children[k] : node;
        break;
      }
      case 'ArrowLeft':
      case 'ArrowRight': {
        const box = this.layout.find(node, tree.depth[node]);
        if (box < 0) { next = this.zoomNode; break; }
        const depth = tree.depth[node];
        const step = e.key === 'ArrowLeft' ? -1 : 1;
        for (let i = box + step; i >= this.layout.rowStart[depth] && i < this.layout.rowStart[depth + 1]; i += step) {
          if (this.layout.node[i] >= 0) { next = this.layout.node[i]; break; }
        }
        if (next < 0) next = node;
        break;
      }
      case 'Enter':
        if (e.ctrlKey || e.metaKey) this.events.activated(this, node, e.altKey);
        else this.zoomTo(node);
        e.preventDefault();
        return;
      case 'Escape':
        if (this.back()) e.preventDefault();
        return;
      case 'Home':
        this.zoomTo(0);
        e.preventDefault();
        return;
      default:
        return;
    }
    e.preventDefault();
    this.setFocus(next, true);
  }

  private setFocus(node: number, announce: boolean): void {
    const tree = this.tree!;
    this.focusNode = node;
    this.ensureRowVisible(tree.depth[node]);
    this.render();
    if (!announce) return;
    const box = this.layout.find(node, tree.depth[node]);
    if (box < 0) return;
    const rect = this.canvas.getBoundingClientRect();
    const b = this.boxOf(box);
    this.tooltip.show(this.linesOf(box), rect.left + Math.min(b.x + b.w, rect.width - 40), rect.top + b.y + b.h, this.hintOf(box));
    this.canvas.setAttribute('aria-label', this.linesOf(box).map((l) => l.text).join('. '));
  }
}
