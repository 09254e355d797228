// The diff flame graph on screen: the shared flame canvas (shared/flame/flameCanvasView.ts) as an icicle,
// coloured by each frame's change in the panel's mode (diffColors.ts). Click zooms and opens the source, Escape goes back,
// Home shows the whole graph. A new width mode keeps the zoom on the same frame while it still has width.
import type { FlameTree } from '../../shared/flame/flameTree';
import { FlameCanvasView } from '../../shared/flame/flameCanvasView';
import type { FlameColoring } from '../../shared/flame/flameRenderer';
import type { FrameLine, Tooltip } from '../../shared/flame/tooltip';
import { diffColoring, type DiffPalette } from './diffColors';

export interface DiffFlameEvents {
  describe(node: number): FrameLine[];
  describeMerged(parent: number, from: number): FrameLine[];
  /** Whether a click on the node opens a source file (for the hint). */
  opens(node: number): boolean;
  activated(node: number, beside: boolean): void;
  drawn(): void;
}

const LABEL = 'Diff flame graph: box width is the cost of a frame (its share, or per second or per profile, as the panel reads the change), colour the change. Use the Functions tab for the same figures as a table.';

export class DiffFlameView extends FlameCanvasView<DiffPalette> {
  private color: Uint8Array = new Uint8Array(0);
  private label: (node: number) => string = () => '';

  constructor(parent: HTMLElement, tooltip: Tooltip, private readonly events: DiffFlameEvents) {
    super(parent, tooltip, { label: LABEL, orientation: 'icicle', zoomMs: 200, minSpan: 1e-12, mergedHint: 'Click: zoom into the parent' });
  }

  /** A new tree (or the same nodes with other widths: the zoom stays on the same node when it still has width). */
  setTree(tree: FlameTree, color: Uint8Array, label: (node: number) => string, keepZoom = false): void {
    const zoom = keepZoom && this.zoomNode < tree.count && tree.total[this.zoomNode] > 0 ? this.zoomNode : 0;
    this.color = color;
    this.label = label;
    const history = keepZoom ? this.history.filter((n) => n < tree.count && tree.total[n] > 0) : [];
    this.showTree(tree, zoom, history, false);
  }

  /** Only frames with width can be zoomed into. */
  override zoomTo(node: number, options: { animate?: boolean; record?: boolean } = {}): void {
    if (this.tree && !(this.tree.total[node] > 0)) return;
    super.zoomTo(node, options);
  }

  protected coloring(palette: DiffPalette): FlameColoring {
    return diffColoring(palette, this.color, this.label);
  }

  protected describe(node: number): FrameLine[] {
    return this.events.describe(node);
  }

  protected describeMerged(parent: number, from: number): FrameLine[] {
    return this.events.describeMerged(parent, from);
  }

  protected opens(node: number): boolean {
    return this.events.opens(node);
  }

  protected activate(node: number, beside: boolean): void {
    this.events.activated(node, beside);
  }

  protected override drawn(): void {
    this.events.drawn();
  }
}
