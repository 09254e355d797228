// The flame graph trees (tree and annotations) the worker last built, by request, within one byte budget. VS Code
// drops a hidden panel's page and the page asks for its data again when shown: the worker answers from here instead
// of building the tree again, and the extension host keeps none of it. A tree is good while its files' model and
// analysis are the ones it was built from.
import type { FlameGraphBuffers } from '../shared/flamegraphProtocol';
import { ByteBudgetCache } from './byteBudget';

/** Enough for the newest big graph (a page's full budget is ~85 MB) and a few small ones. */
export const FLAME_GRAPH_TREES_BUDGET = 160 * 1024 * 1024;

export interface KeptTree {
  /** What it was built from (the model and the analysis objects, compared by identity). */
  readonly from: readonly unknown[];
  readonly buffers: FlameGraphBuffers;
}

export class FlameGraphTrees {
  private readonly kept: ByteBudgetCache<string, KeptTree>;

  constructor(budgetBytes = FLAME_GRAPH_TREES_BUDGET) {
    this.kept = new ByteBudgetCache(budgetBytes, (k) => sizeOf(k.buffers));
  }

  /** Bytes held now. */
  get bytes(): number {
    return this.kept.bytes;
  }

  /** The tree kept for `key` when it was built from `from` (a stale one is let go); the caller must not transfer it (`copyOf`). */
  get(key: string, from: readonly unknown[]): FlameGraphBuffers | undefined {
    const kept = this.kept.get(key);
    if (!kept) return undefined;
    if (kept.from.length === from.length && kept.from.every((x, i) => x === from[i])) return kept.buffers;
    this.kept.delete(key);
    return undefined;
  }

  /** Keeps `buffers` as the newest (lets the oldest go while over budget; the newest stays even alone over it); answers them. */
  set(key: string, from: readonly unknown[], buffers: FlameGraphBuffers): FlameGraphBuffers {
    this.kept.set(key, { from, buffers });
    return buffers;
  }

  clear(): void {
    this.kept.clear();
  }
}

const sizeOf = (b: FlameGraphBuffers) => b.tree.byteLength + b.annotations.byteLength;

/** A copy to transfer away (the kept tree stays). */
export const copyOf = (b: FlameGraphBuffers): FlameGraphBuffers => ({ ...b, tree: b.tree.slice(0), annotations: b.annotations.slice(0) });
