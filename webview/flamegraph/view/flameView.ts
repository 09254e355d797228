// The profile's flame graph (and the sandwich's callers and callees): the shared flame canvas
// (shared/flame/flameCanvasView.ts) coloured by frame class or package, dimmed where a search does not match,
// with keyboard navigation between frames: arrows move, Enter zooms, Ctrl/Cmd+Enter opens the source, Escape
// goes back, Home shows the whole graph.
import { FlameCanvasView } from '../../shared/flame/flameCanvasView';
import type { FlameColoring } from '../../shared/flame/flameRenderer';
import type { Orientation } from '../../shared/flame/rows';
import type { FrameLine, Tooltip } from '../../shared/flame/tooltip';
import type { FlameTree } from '../../shared/flame/flameTree';
import type { FunctionTable } from '../model/functionTable';
import { frameColoring, type ColorBy } from './frameColoring';
import type { Palette } from './palette';

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

export class FlameView extends FlameCanvasView<Palette> {
  functions: FunctionTable | undefined;
  private colorBy: ColorBy = 'class';
  private flags: Uint8Array | undefined;
  focusNode = -1;

  constructor(parent: HTMLElement, readonly role: string, orientation: Orientation, tooltip: Tooltip, private readonly events: FlameViewEvents, label: string) {
    super(parent, tooltip, { role, label, orientation, zoomMs: 220, minSpan: 1e-9 });
    this.canvas.addEventListener('focus', () => { if (this.focusNode < 0 && this.tree) this.setFocus(this.zoomNode, false); });
    this.canvas.addEventListener('blur', () => this.tooltip.hide());
  }

  setTree(tree: FlameTree, functions: FunctionTable, zoomNode = 0): void {
    this.functions = functions;
    this.focusNode = -1;
    this.showTree(tree, Math.min(Math.max(0, zoomNode), tree.count - 1), [], true);
  }

  setColorBy(colorBy: ColorBy): void {
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

  protected coloring(palette: Palette, tree: FlameTree): FlameColoring {
    return frameColoring(tree, this.functions!, palette, this.colorBy, this.flags);
  }

  protected describe(node: number): FrameLine[] {
    return this.events.describe(this, node);
  }

  protected describeMerged(parent: number, from: number): FrameLine[] {
    return this.events.describeMerged(this, parent, from);
  }

  protected opens(node: number): boolean {
    return this.functions!.location(this.tree!.fn[node]) !== undefined;
  }

  protected activate(node: number, beside: boolean): void {
    this.events.activated(this, node, beside);
  }

  protected override zoomed(node: number): void {
    this.ensureRowVisible(this.tree!.depth[node]);
    this.events.zoomed(this, node);
  }

  protected override clicked(node: number): void {
    this.setFocus(node, false);
  }

  protected override drawn(): void {
    this.events.drawn(this);
  }

  protected override focusBox(): number {
    const tree = this.tree!;
    return this.focusNode >= 0 ? this.layout.find(this.focusNode, tree.depth[this.focusNode]) : -1;
  }

  protected override key(e: KeyboardEvent): void {
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
        if (e.ctrlKey || e.metaKey) this.activate(node, e.altKey);
        else this.zoomTo(node);
        e.preventDefault();
        return;
      default:
        super.key(e);
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
