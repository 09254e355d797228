// A read-only window into what a flame canvas shows, for the e2e tests and benchmarks (canvas pixels cannot be
// queried): a hidden element per view whose text is JSON of the frames on screen, with their canvas-relative
// boxes and what the view says of them (its colour class), and data attributes for the view's state and the last
// frames' draw times (with the raster flushed first when the body says data-measure-raster, so a benchmark's figure
// includes the software rasteriser's work). Only in a page whose body asks for it (data-debug-hook: the host sets it
// when the test harness runs it, editor/testHooks.ts); in a user's page it does nothing and times nothing.
import type { FlameCanvasView, FrameProbe } from './flameCanvasView';
import type { CanvasColors } from './flameRenderer';

/** What a view tells the hook about its frames. */
export interface DebugFrames {
  /** The frame's name; node -1 stands for a merged box. */
  name(node: number): string;
  /** The frame's other facts the tests read (its colour class). */
  facts(node: number): Record<string, unknown>;
  /** The view's state, as data attributes. */
  state(): Record<string, string>;
}

const MAX_FRAMES = 3000;
/** Frames whose draw times are kept (a ring). */
const FRAME_STATS = 240;

export class FlameDebugHook implements FrameProbe {
  private readonly element: HTMLElement | undefined;
  private timer = 0;
  private readonly frameTimes = new Float64Array(FRAME_STATS);
  private frameCount = 0;
  private frameStarted = 0;

  constructor(parent: HTMLElement, view: FlameCanvasView<CanvasColors>, role: string) {
    if (!document.body.hasAttribute('data-debug-hook')) return;
    view.probe = this;
    this.element = document.createElement('pre');
    this.element.className = 'flame-debug';
    this.element.dataset.role = role;
    this.element.hidden = true;
    this.element.setAttribute('aria-hidden', 'true');
    parent.appendChild(this.element);
  }

  begin(): void {
    this.frameStarted = performance.now();
  }

  end(ctx: CanvasRenderingContext2D): void {
    if (document.body.hasAttribute('data-measure-raster')) ctx.getImageData(0, 0, 1, 1);
    this.frameTimes[this.frameCount++ % FRAME_STATS] = performance.now() - this.frameStarted;
  }

  /** The first frame of a profile's graph was drawn: how long after its data came (for the benchmarks). */
  firstDraw(dataArrivedAt: number): void {
    if (!this.element) return;
    const now = performance.now();
    document.body.dataset.firstRenderMs = (now - dataArrivedAt).toFixed(1);
    document.body.dataset.firstRenderAt = now.toFixed(1);
  }

  /** Called after every draw; the (costly) JSON is written once drawing has paused. */
  update(view: FlameCanvasView<CanvasColors>, frames: DebugFrames): void {
    if (!this.element) return;
    clearTimeout(this.timer);
    this.timer = window.setTimeout(() => this.write(view, frames), 40);
  }

  private write(view: FlameCanvasView<CanvasColors>, source: DebugFrames): void {
    if (!view.tree) return;
    const layout = view.layout;
    const frames: unknown[] = [];
    const { firstRow, lastRow } = view.lastDraw;
    for (let d = firstRow; d <= lastRow && frames.length < MAX_FRAMES; d++) {
      for (let i = layout.rowStart[d]; i < layout.rowStart[d + 1] && frames.length < MAX_FRAMES; i++) {
        const node = layout.node[i];
        const b = view.boxOf(i);
        if (b.w < 2) continue;
        frames.push({ name: source.name(node), node, depth: b.depth, x: round(b.x), y: round(b.y), w: round(b.w), h: b.h, ...source.facts(node) });
      }
    }
    const e = this.element!;
    e.dataset.frames = String(view.lastDraw.boxes);
    const times: string[] = [];
    const n = Math.min(this.frameCount, FRAME_STATS);
    for (let k = this.frameCount - n; k < this.frameCount; k++) times.push(this.frameTimes[k % FRAME_STATS].toFixed(2));
    e.dataset.frameMs = times.join(',');
    e.dataset.frameCount = String(this.frameCount);
    for (const [k, v] of Object.entries(source.state())) e.dataset[k] = v;
    e.textContent = JSON.stringify(frames);
  }
}

const round = (v: number) => Math.round(v * 10) / 10;
