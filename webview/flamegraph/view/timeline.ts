// The timeline strip above the graph: one bar per profile of the service and type (or per time bucket when there
// are many), x = time, height = the profile's total, colour per version, a line and label at each deploy (where
// the version changes). Dragging across it asks the host for the profiles in that range; "All" asks for the
// whole timeline, "Range…" opens the extension's quick pick. SVG, so the bars are elements tests can count.
import { formatValue } from '../../../src/core/format/units';
import type { TimelineView } from '../../../src/shared/flamegraphProtocol';
import { button } from '../../shared/toolkit';

export interface TimelineEvents {
  select(range: { fromMs: number; toMs: number } | undefined): void;
  pick(): void;
}

const SVG = 'http://www.w3.org/2000/svg';
const HEIGHT = 44;
const LABEL_ROW = 12;
const MIN_BAR = 6;
/** Version colours: the workbench's chart colours, in order of first appearance. */
const VERSION_COLOURS = ['--vscode-charts-blue', '--vscode-charts-orange', '--vscode-charts-green', '--vscode-charts-purple', '--vscode-charts-yellow', '--vscode-charts-red'];

export class TimelineStrip {
  readonly element: HTMLElement;
  private readonly svg: SVGSVGElement;
  private readonly label: HTMLElement;
  private readonly selection: SVGRectElement;
  private view: TimelineView | undefined;
  private drag: { startX: number; x: number } | undefined;

  constructor(parent: HTMLElement, before: Element | null, private readonly events: TimelineEvents) {
    this.element = document.createElement('section');
    this.element.className = 'timeline';
    this.element.hidden = true;
    this.element.setAttribute('aria-label', 'Profiles over time: drag to choose a time range');
    const head = document.createElement('div');
    head.className = 'timeline-head';
    this.label = document.createElement('span');
    this.label.className = 'timeline-label';
    this.label.setAttribute('aria-live', 'polite');
    const spacer = document.createElement('span');
    spacer.className = 'toolbar-spacer';
    const whole = button({ label: 'All', title: 'Every profile on the timeline (all versions)', secondary: true }, () => events.select(undefined));
    whole.classList.add('timeline-all');
    const pick = button({ label: 'Range…', title: 'Last 15 minutes, hour, day, week, or a custom range', secondary: true }, () => events.pick());
    pick.classList.add('timeline-pick');
    head.append(this.label, spacer, whole, pick);
    this.svg = document.createElementNS(SVG, 'svg');
    this.svg.classList.add('timeline-chart');
    this.svg.setAttribute('height', String(HEIGHT));
    this.svg.setAttribute('role', 'img');
    this.selection = document.createElementNS(SVG, 'rect');
    this.selection.classList.add('timeline-drag');
    this.element.append(head, this.svg);
    parent.insertBefore(this.element, before);
    this.svg.addEventListener('pointerdown', (e) => this.pointerDown(e));
    this.svg.addEventListener('pointermove', (e) => this.pointerMove(e));
    this.svg.addEventListener('pointerup', (e) => this.pointerUp(e));
    new ResizeObserver(() => this.draw()).observe(this.svg);
  }

  set(view: TimelineView | undefined): void {
    this.view = view;
    this.element.hidden = !view || view.bars.length === 0;
    this.draw();
  }

  private width(): number {
    return Math.max(1, this.svg.clientWidth);
  }

  /** The drawing width for times: the last bar keeps its minimum width inside the strip. */
  private span(): number {
    return Math.max(1, this.width() - MIN_BAR);
  }

  private x(timeMs: number): number {
    const v = this.view!;
    return ((timeMs - v.startMs) / Math.max(1, v.endMs - v.startMs)) * this.span();
  }

  /** Where a bar is drawn. Short profiles over a long span (5 s captures across a day) would be slivers: at least MIN_BAR wide. */
  private barBox(b: TimelineView['bars'][number]): { x0: number; w: number } {
    const x0 = this.x(b.fromMs);
    return { x0, w: Math.max(MIN_BAR, this.x(b.toMs) - x0 - 1) };
  }

  private draw(): void {
    const v = this.view;
    this.svg.replaceChildren();
    if (!v || v.bars.length === 0) return;
    const max = Math.max(...v.bars.map((b) => b.total), 0);
    const plot = HEIGHT - LABEL_ROW;
    const selected = v.selected;
    this.label.textContent = `${v.label} · ${v.bars.reduce((n, b) => n + b.profiles, 0)} profiles of ${v.versions.length} version${v.versions.length === 1 ? '' : 's'} · drag to choose a range`;
    this.svg.setAttribute('aria-label', `${v.bars.length} bars from ${new Date(v.startMs).toISOString()} to ${new Date(v.endMs).toISOString()}`);
    if (selected) {
      const band = document.createElementNS(SVG, 'rect');
      band.classList.add('timeline-selected');
      band.setAttribute('x', String(this.x(selected.fromMs)));
      band.setAttribute('y', String(LABEL_ROW));
      band.setAttribute('width', String(Math.max(2, this.x(selected.toMs) - this.x(selected.fromMs))));
      band.setAttribute('height', String(plot));
      this.svg.appendChild(band);
    }
    for (const b of v.bars) {
      const { x0, w } = this.barBox(b);
      const h = max > 0 ? Math.max(2, (b.total / max) * (plot - 2)) : 2;
      const rect = document.createElementNS(SVG, 'rect');
      rect.classList.add('timeline-bar');
      const inside = !selected || (b.fromMs < selected.toMs && b.toMs > selected.fromMs);
      rect.classList.toggle('outside', !inside);
      rect.dataset.version = v.versions[b.version];
      rect.setAttribute('x', String(x0));
      rect.setAttribute('y', String(HEIGHT - h));
      rect.setAttribute('width', String(w));
      rect.setAttribute('height', String(h));
      rect.style.fill = `var(${VERSION_COLOURS[b.version % VERSION_COLOURS.length]})`;
      const title = document.createElementNS(SVG, 'title');
      title.textContent = `${v.versions[b.version]} · ${new Date(b.fromMs).toISOString().slice(0, 19).replace('T', ' ')} UTC · ${v.unit ? formatValue(b.total, v.unit) : b.total}${b.profiles > 1 ? ` · ${b.profiles} profiles` : ''}`;
      rect.appendChild(title);
      this.svg.appendChild(rect);
    }
    // The first version's name at the left, then each deploy's line and name.
    const marks = [{ timeMs: v.startMs, version: v.bars[0].version, line: false }, ...v.boundaries.map((b) => ({ ...b, line: true }))];
    for (const m of marks) {
      const x = this.x(m.timeMs);
      if (m.line) {
        const line = document.createElementNS(SVG, 'line');
        line.classList.add('timeline-boundary');
        line.setAttribute('x1', String(x));
        line.setAttribute('x2', String(x));
        line.setAttribute('y1', '0');
        line.setAttribute('y2', String(HEIGHT));
        this.svg.appendChild(line);
      }
      const text = document.createElementNS(SVG, 'text');
      text.classList.add('timeline-version');
      text.textContent = v.versions[m.version];
      text.setAttribute('x', String(Math.min(x + 3, this.width() - 4)));
      text.setAttribute('y', String(LABEL_ROW - 2));
      if (x + 3 > this.width() - 60) { text.setAttribute('text-anchor', 'end'); text.setAttribute('x', String(x - 3)); }
      text.style.fill = `var(${VERSION_COLOURS[m.version % VERSION_COLOURS.length]})`;
      this.svg.appendChild(text);
    }
    this.svg.appendChild(this.selection);
    this.selection.setAttribute('visibility', 'hidden');
  }

  private localX(e: PointerEvent): number {
    return e.clientX - this.svg.getBoundingClientRect().left;
  }

  private pointerDown(e: PointerEvent): void {
    if (!this.view || e.button !== 0) return;
    this.svg.setPointerCapture(e.pointerId);
    const x = this.localX(e);
    this.drag = { startX: x, x };
    this.showDrag();
  }

  private pointerMove(e: PointerEvent): void {
    if (!this.drag) return;
    this.drag.x = this.localX(e);
    this.showDrag();
  }

  private showDrag(): void {
    const d = this.drag!;
    this.selection.setAttribute('visibility', 'visible');
    this.selection.setAttribute('x', String(Math.min(d.startX, d.x)));
    this.selection.setAttribute('y', '0');
    this.selection.setAttribute('width', String(Math.abs(d.x - d.startX)));
    this.selection.setAttribute('height', String(HEIGHT));
  }

  private pointerUp(e: PointerEvent): void {
    const d = this.drag;
    this.drag = undefined;
    if (!d || !this.view) return;
    d.x = this.localX(e);
    const lo = Math.min(d.startX, d.x);
    const hi = Math.max(d.startX, d.x);
    // A click (no drag) picks the bar under it; a drag, every bar it touches as drawn. The range snaps to those
    // bars so every profile drawn inside the selection is loaded.
    const touched = this.view.bars.filter((b) => {
      const { x0, w } = this.barBox(b);
      return x0 <= hi + 1 && x0 + w >= lo - 1;
    });
    if (touched.length === 0) {
      this.selection.setAttribute('visibility', 'hidden');
      this.label.textContent = 'No profiles there: drag across some bars';
      return;
    }
    this.label.textContent = `Loading ${touched.reduce((n, b) => n + b.profiles, 0)} profile(s)…`;
    const last = touched[touched.length - 1];
    const next = this.view.bars[this.view.bars.indexOf(last) + 1];
    // To the end of the last bar, but not into the next one (a range's end is exclusive).
    const toMs = Math.max(last.fromMs + 1, Math.min(Math.ceil(last.toMs), next ? next.fromMs : Infinity));
    this.events.select({ fromMs: Math.floor(touched[0].fromMs), toMs });
  }
}
