// A read-only window into what the canvas shows, for the e2e tests and benchmarks (canvas pixels cannot be
// queried): a hidden element per flame view whose text is JSON of the labelled frames on screen, with their
// canvas-relative boxes, and data attributes for the view's state and the last frames' draw times.
import type { FlameView } from './flameView';

const MAX_FRAMES = 3000;

export class DebugHook {
  private readonly element: HTMLElement;
  private timer = 0;

  constructor(parent: HTMLElement, role: string) {
    this.element = document.createElement('pre');
    this.element.className = 'flame-debug';
    this.element.dataset.role = role;
    this.element.hidden = true;
    this.element.setAttribute('aria-hidden', 'true');
    parent.appendChild(this.element);
  }

  /** Called after every draw; the (costly) JSON is written once drawing has paused. */
  update(view: FlameView, extra: () => Record<string, string>): void {
    clearTimeout(this.timer);
    this.timer = window.setTimeout(() => this.write(view, extra()), 40);
  }

  private write(view: FlameView, extra: Record<string, string>): void {
    const tree = view.tree;
    const fns = view.functions;
    if (!tree || !fns) return;
    const layout = view.layout;
    const frames: unknown[] = [];
    const { firstRow, lastRow } = view.lastDraw;
    for (let d = firstRow; d <= lastRow && frames.length < MAX_FRAMES; d++) {
      for (let i = layout.rowStart[d]; i < layout.rowStart[d + 1] && frames.length < MAX_FRAMES; i++) {
        const node = layout.node[i];
        const b = view.boxOf(i);
        if (b.w < 2) continue;
        frames.push({
          name: node >= 0 ? fns.name(tree.fn[node]) : '(merged)', node, depth: b.depth,
          x: round(b.x), y: round(b.y), w: round(b.w), h: b.h, cls: node >= 0 ? fns.className(tree.fn[node]) : 'merged',
        });
      }
    }
    const e = this.element;
    e.dataset.zoom = fns.name(tree.fn[view.zoomNode]);
    e.dataset.orientation = view.orientation;
    e.dataset.frames = String(view.lastDraw.boxes);
    const times: string[] = [];
    const n = Math.min(view.frameCount, view.frameTimes.length);
    for (let k = view.frameCount - n; k < view.frameCount; k++) times.push(view.frameTimes[k % view.frameTimes.length].toFixed(2));
    e.dataset.frameMs = times.join(',');
    e.dataset.frameCount = String(view.frameCount);
    for (const [k, v] of Object.entries(extra)) e.dataset[k] = v;
    e.textContent = JSON.stringify(frames);
  }
}

const round = (v: number) => Math.round(v * 10) / 10;
