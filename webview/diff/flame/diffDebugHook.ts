// A read-only window into what the diff flame graph's canvas shows, for the e2e tests (canvas pixels cannot be
// queried), as the flame graph's DebugHook: a hidden element whose text is JSON of the frames on screen with
// their canvas-relative boxes and their colour class (rose / fell / neutral, faded when within noise).
import type { DiffFlameData } from '../../../src/shared/diffFlamePayload';
import { describeColor } from './diffColors';
import type { DiffNodeFacts } from './diffFlameTree';
import type { DiffFlameView } from './diffFlameView';

const MAX_FRAMES = 3000;

export class DiffDebugHook {
  readonly element: HTMLElement;
  private timer = 0;

  constructor(parent: HTMLElement) {
    this.element = document.createElement('pre');
    this.element.className = 'flame-debug';
    this.element.dataset.role = 'diff';
    this.element.hidden = true;
    this.element.setAttribute('aria-hidden', 'true');
    parent.appendChild(this.element);
  }

  update(view: DiffFlameView, data: DiffFlameData, facts: DiffNodeFacts, extra: Record<string, string>): void {
    clearTimeout(this.timer);
    this.timer = window.setTimeout(() => this.write(view, data, facts, extra), 40);
  }

  private write(view: DiffFlameView, data: DiffFlameData, facts: DiffNodeFacts, extra: Record<string, string>): void {
    const tree = view.tree;
    if (!tree) return;
    const layout = view.layout;
    const frames: unknown[] = [];
    for (let d = view.lastDraw.firstRow; d <= view.lastDraw.lastRow && frames.length < MAX_FRAMES; d++) {
      for (let i = layout.rowStart[d]; i < layout.rowStart[d + 1] && frames.length < MAX_FRAMES; i++) {
        const node = layout.node[i];
        const b = view.boxOf(i);
        if (b.w < 2) continue;
        const c = node >= 0 ? describeColor(facts.color[node]) : undefined;
        frames.push({
          name: node < 0 ? '(merged)' : data.fn[node] < 0 ? '(root)' : data.names[data.fn[node]], node, depth: b.depth,
          x: round(b.x), y: round(b.y), w: round(b.w), h: b.h,
          color: c ? c.direction : 'merged', faded: c?.faded ?? false, step: c?.step ?? 0,
          delta: node >= 0 ? round(facts.delta[node] * 100) : 0,
        });
      }
    }
    const e = this.element;
    e.dataset.zoom = view.zoomNode === 0 ? '(root)' : data.names[data.fn[view.zoomNode]];
    e.dataset.frames = String(view.lastDraw.boxes);
    for (const [k, v] of Object.entries(extra)) e.dataset[k] = v;
    e.textContent = JSON.stringify(frames);
  }
}

const round = (v: number) => Math.round(v * 10) / 10;
