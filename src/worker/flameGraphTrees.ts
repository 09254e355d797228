// The flame graph trees (tree and annotations) the worker last built, by request, within one byte budget. VS Code
// drops a hidden panel's page and the page asks for its data again when shown: the worker answers from here (a copy,
// transferred) instead of building the tree again, and the extension host keeps none of it once posted to the page.
// A tree is good while its files' model and analysis are the ones it was built from.
import type { FlameGraphBuffers } from '../shared/flamegraphProtocol';

/** Enough for the newest big graph (a page's full budget is ~85 MB) and a few small ones. */
export const FLAME_GRAPH_TREES_BUDGET = 160 * 1024 * 1024;

export interface KeptTree {
  /** What it was built from (the model and the analysis objects, compared by identity). */
  readonly from: readonly unknown[];
  readonly buffers: FlameGraphBuffers;
}

export class FlameGraphTrees {
  /** In the order of use, oldest first. */
  private readonly entries = new Map<string, KeptTree>();
  private held = 0;

  constructor(private readonly budgetBytes = FLAME_GRAPH_TREES_BUDGET) {}

  /** Bytes held now. */
  get bytes(): number {
    return this.held;
  }

  /** A copy of the tree kept for `key` when it was built from `from` (a stale one is let go). */
  get(key: string, from: readonly unknown[]): FlameGraphBuffers | undefined {
    const kept = this.entries.get(key);
    if (!kept) return undefined;
    this.delete(key);
    if (kept.from.length !== from.length || kept.from.some((x, i) => x !== from[i])) return undefined;
    this.entries.set(key, kept);
    this.held += sizeOf(kept.buffers);
    return copy(kept.buffers);
  }

  /**
   * Keeps a copy of `buffers` as the newest and lets the oldest go while over budget; answers `buffers` (to be
   * transferred). The newest stays even when it alone is over the budget: its page asks again when shown.
   */
  set(key: string, from: readonly unknown[], buffers: FlameGraphBuffers): FlameGraphBuffers {
    this.delete(key);
    this.entries.set(key, { from, buffers: copy(buffers) });
    this.held += sizeOf(buffers);
    for (const [oldest, kept] of this.entries) {
      if (this.held <= this.budgetBytes || oldest === key) break;
      this.entries.delete(oldest);
      this.held -= sizeOf(kept.buffers);
    }
    return buffers;
  }

  delete(key: string): void {
    const kept = this.entries.get(key);
    if (!kept) return;
    this.entries.delete(key);
    this.held -= sizeOf(kept.buffers);
  }

  clear(): void {
    this.entries.clear();
    this.held = 0;
  }
}

const sizeOf = (b: FlameGraphBuffers) => b.tree.byteLength + b.annotations.byteLength;
const copy = (b: FlameGraphBuffers): FlameGraphBuffers => ({ ...b, tree: b.tree.slice(0), annotations: b.annotations.slice(0) });
