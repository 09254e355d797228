// The flame graph data (tree and annotations) the panels last sent to their pages. VS Code drops a hidden panel's
// page and the page asks for its data again when shown; the data of the panels shown last is kept here for that,
// within one byte budget for all panels, so ten panels on a big profile do not keep ten trees in the extension host.
// A panel whose data was let go asks the profile worker again.
import type { FlameGraphBuffers } from '../../shared/flamegraphProtocol';

/** Enough for the last few panels' data even when each is a page's full budget (~85 MB). */
export const FLAME_GRAPH_DATA_BUDGET = 256 * 1024 * 1024;

export class FlameGraphDataCache {
  /** In the order of use, oldest first. */
  private readonly entries = new Map<object, FlameGraphBuffers>();
  private held = 0;

  constructor(private readonly budgetBytes = FLAME_GRAPH_DATA_BUDGET) {}

  /** Bytes held now. */
  get bytes(): number {
    return this.held;
  }

  get(owner: object): FlameGraphBuffers | undefined {
    const b = this.entries.get(owner);
    if (b) {
      this.entries.delete(owner);
      this.entries.set(owner, b);
    }
    return b;
  }

  /**
   * Keeps `owner`'s data as the newest and lets the oldest go while over budget. The newest stays even when it alone
   * is over the budget: its page is about to ask for it.
   */
  set(owner: object, buffers: FlameGraphBuffers): void {
    this.delete(owner);
    this.entries.set(owner, buffers);
    this.held += sizeOf(buffers);
    for (const [oldest, b] of this.entries) {
      if (this.held <= this.budgetBytes || oldest === owner) break;
      this.entries.delete(oldest);
      this.held -= sizeOf(b);
    }
  }

  delete(owner: object): void {
    const b = this.entries.get(owner);
    if (!b) return;
    this.entries.delete(owner);
    this.held -= sizeOf(b);
  }
}

const sizeOf = (b: FlameGraphBuffers) => b.tree.byteLength + b.annotations.byteLength;
