// One interactive flame graph: a viewport-sized canvas that stays in place (position: sticky) over a scroll area
// as tall as the graph, so the browser's canvas size limits never apply however deep the stacks are. Zooming
// animates the shown value range; every frame lays out only what is visible (layout.ts) and draws it
// (flameRenderer.ts) at the device pixel ratio. Pointer: hover for the tooltip, click to zoom (and open the
// source, through the view). Keyboard: Escape goes back one zoom, Home shows the whole graph.
// What differs between the profile's flame graph and the release diff's is the subclass's: the colouring, the
// tooltip's words, what a click opens, and (the flame graph's) keyboard navigation between frames.
import type { FlameTree } from './flameTree';
import { DEFAULT_LAYOUT, FlameLayout, layoutFlame } from './layout';
import { boxDepth, FlameRenderer, type CanvasColors, type DrawStats, type FlameColoring } from './flameRenderer';
import { depthAt, rowY, type Orientation } from './rows';
import type { FrameLine, Tooltip } from './tooltip';

export interface FlameCanvasOptions {
  /** The element's data-role (the debug hook and the tests tell views apart by it). */
  readonly role?: string;
  /** The canvas's accessible name. */
  readonly label: string;
  readonly orientation: Orientation;
  /** Duration of the zoom animation. */
  readonly zoomMs: number;
  /** The narrowest value range a zoom shows, so a frame without width still maps to a range. */
  readonly minSpan: number;
  /** The tooltip's last line on a merged box (none when undefined). */
  readonly mergedHint?: string;
}

/** Told when a frame's layout and drawing begin and end. */
export interface FrameProbe {
  begin(): void;
  end(ctx: CanvasRenderingContext2D): void;
}

export const ROW_HEIGHT = 18;
const OPEN_HINT = 'Click: zoom and open the source · Ctrl/Cmd+click: open beside';

export abstract class FlameCanvasView<P extends CanvasColors> {
  readonly element: HTMLDivElement;
  protected readonly scroller: HTMLDivElement;
  private readonly spacer: HTMLDivElement;
  protected readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;
  private readonly renderer = new FlameRenderer();
  readonly layout = new FlameLayout();
  private layoutDirty = true;
  private frame = 0;

  tree: FlameTree | undefined;
  protected palette: P | undefined;
  orientation: Orientation;
  private font = '12px monospace';
  private charWidth = 7.2;

  private start = 0;
  private end = 1;
  zoomNode = 0;
  protected history: number[] = [];
  private animation: { from: [number, number]; to: [number, number]; t0: number } | undefined;

  private width = 0;
  protected height = 0;
  private dpr = 1;
  private hoverBox = -1;
  private pointer: { x: number; y: number } | undefined;
  /** Times each frame (the debug hook's, in a page the tests or benchmarks run); none in a user's page. */
  probe: FrameProbe | undefined;
  lastDraw: DrawStats = { boxes: 0, labels: 0, firstRow: 0, lastRow: -1 };

  constructor(parent: HTMLElement, protected readonly tooltip: Tooltip, private readonly options: FlameCanvasOptions) {
    this.orientation = options.orientation;
    this.element = document.createElement('div');
    this.element.className = 'flame-view';
    if (options.role !== undefined) this.element.dataset.role = options.role;
    this.scroller = document.createElement('div');
    this.scroller.className = 'flame-scroller';
    this.spacer = document.createElement('div');
    this.spacer.className = 'flame-spacer';
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'flame-canvas';
    this.canvas.tabIndex = 0;
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', options.label);
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
  }

  /** The colours and labels of the boxes, for one frame. */
  protected abstract coloring(palette: P, tree: FlameTree): FlameColoring;
  /** Tooltip lines of a frame, and of a merged box (its parent and the first merged child's index). */
  protected abstract describe(node: number): FrameLine[];
  protected abstract describeMerged(parent: number, from: number): FrameLine[];
  /** Whether activating the frame opens a source file (for the tooltip's hint). */
  protected abstract opens(node: number): boolean;
  /** A frame was clicked (or activated from the keyboard): show its source, beside the view or not. */
  protected abstract activate(node: number, beside: boolean): void;
  /** The zoomed frame changed. */
  protected zoomed(_node: number): void {}
  /** A frame was clicked, before the view zooms into it. */
  protected clicked(_node: number): void {}
  /** Something was drawn. */
  protected drawn(): void {}
  /** Layout index of the box drawn as keyboard-selected, -1 for none. */
  protected focusBox(): number {
    return -1;
  }

  setPalette(palette: P, fontFamily: string): void {
    this.palette = palette;
    this.font = `12px ${fontFamily}`;
    this.ctx.font = this.font;
    this.charWidth = this.ctx.measureText('MMMMMMMMMM').width / 10 || 7.2;
    this.requestRender();
  }

  /** Zoom so `node` fills the width. `record`: Escape comes back to the current zoom. */
  zoomTo(node: number, options: { animate?: boolean; record?: boolean } = {}): void {
    const tree = this.tree;
    if (!tree || node < 0 || node >= tree.count) return;
    if (options.record !== false && node !== this.zoomNode) this.history.push(this.zoomNode);
    this.zoomNode = node;
    const to: [number, number] = [tree.start[node], tree.start[node] + Math.max(tree.total[node], this.options.minSpan)];
    if (options.animate === false || matchMedia('(prefers-reduced-motion: reduce)').matches) {
      this.animation = undefined;
      [this.start, this.end] = to;
    } else {
      this.animation = { from: [this.start, this.end], to, t0: performance.now() };
    }
    this.layoutDirty = true;
    this.requestRender();
    this.zoomed(node);
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

  /** Canvas-relative CSS box of a layout entry (for the debug hook and keyboard tooltips). */
  boxOf(layoutIndex: number): { x: number; y: number; w: number; h: number; depth: number } {
    const depth = boxDepth(this.tree!, this.layout, layoutIndex);
    return { x: this.layout.x[layoutIndex], y: this.rowTop(depth, this.scroller.scrollTop), w: this.layout.w[layoutIndex], h: ROW_HEIGHT - 1, depth };
  }

  /** Canvas position in the page, for the debug hook's users (tests hover at box coordinates). */
  canvasRect(): DOMRect {
    return this.canvas.getBoundingClientRect();
  }

  /** Shows a tree zoomed into `zoomNode`, with `history` for Escape; `scrollToRoot` scrolls the root row into view. */
  protected showTree(tree: FlameTree, zoomNode: number, history: number[], scrollToRoot: boolean): void {
    this.tree = tree;
    this.history = history;
    this.hoverBox = -1;
    this.zoomNode = zoomNode;
    this.start = tree.start[zoomNode];
    this.end = this.start + Math.max(tree.total[zoomNode], this.options.minSpan);
    this.animation = undefined;
    this.updateHeight(scrollToRoot);
    this.layoutDirty = true;
    this.requestRender();
  }

  protected key(e: KeyboardEvent): void {
    if (e.key === 'Escape') {
      if (this.back()) e.preventDefault();
    } else if (e.key === 'Home') {
      this.zoomTo(0);
      e.preventDefault();
    }
  }

  /** The scroll area is as tall as the whole graph; in flame orientation the root sits at its bottom. */
  protected updateHeight(scrollToRoot: boolean): void {
    const content = this.contentRows() * ROW_HEIGHT;
    this.spacer.style.height = `${Math.max(content, this.height)}px`;
    if (scrollToRoot) this.scroller.scrollTop = this.orientation === 'flame' ? content : 0;
  }

  protected ensureRowVisible(depth: number): void {
    const y = this.rowTop(depth, 0);
    const top = this.scroller.scrollTop;
    if (y < top) this.scroller.scrollTop = y;
    else if (y + ROW_HEIGHT > top + this.height) this.scroller.scrollTop = y + ROW_HEIGHT - this.height;
  }

  /** Draws now (not on the next animation frame). */
  protected render(): void {
    const tree = this.tree;
    const palette = this.palette;
    if (!tree || !palette || this.width === 0 || this.height === 0) return;
    this.probe?.begin();
    const t0 = performance.now();
    if (this.animation) {
      const t = Math.min(1, (t0 - this.animation.t0) / this.options.zoomMs);
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
    this.lastDraw = this.renderer.draw({
      ctx, width: this.width, height: this.height, layout: this.layout, tree, colors: palette, coloring: this.coloring(palette, tree),
      orientation: this.orientation, rowHeight: ROW_HEIGHT, contentRows: this.contentRows(), scrollTop: this.scroller.scrollTop,
      topPad: this.topPad(), focusBox: this.focusBox(), hoverBox: this.hoverBox, font: this.font, charWidth: this.charWidth,
    });
    this.probe?.end(ctx);
    if (this.animation) this.requestRender();
    this.drawn();
  }

  /** Tooltip lines of a layout entry. */
  protected linesOf(box: number): FrameLine[] {
    const node = this.layout.node[box];
    return node >= 0 ? this.describe(node) : this.describeMerged(this.layout.mergedParent[box], this.layout.mergedFrom[box]);
  }

  protected hintOf(box: number): string | undefined {
    const node = this.layout.node[box];
    if (node < 0) return this.options.mergedHint;
    return this.opens(node) ? OPEN_HINT : 'Click: zoom';
  }

  /** A flame graph shorter than the view sits at the view's bottom, next to what is below it (the sandwich). */
  private topPad(): number {
    return this.orientation === 'flame' ? Math.max(0, this.height - this.contentRows() * ROW_HEIGHT) : 0;
  }

  private contentRows(): number {
    return this.tree ? this.tree.maxDepth + 1 : 1;
  }

  private rowTop(depth: number, scrollTop: number): number {
    return rowY(depth, this.orientation, this.contentRows(), ROW_HEIGHT, scrollTop, this.topPad());
  }

  /** The canvas's backing store in device pixels, its CSS size the scroll area's. */
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

  private click(e: MouseEvent): void {
    const box = this.hitBox(e.offsetX, e.offsetY);
    if (box < 0) return;
    const node = this.layout.node[box];
    const beside = e.ctrlKey || e.metaKey;
    if (node < 0) {
      this.zoomTo(this.layout.mergedParent[box]);
      return;
    }
    this.clicked(node);
    if (!beside) this.zoomTo(node);
    this.activate(node, beside);
  }
}
