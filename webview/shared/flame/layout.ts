// Lays out the boxes of a viewport: the value range [start, end) of the root's width is mapped onto `width` CSS
// pixels; only boxes that intersect it are placed. Children are widest first, so once one child is narrower than
// `minWidth` all its later siblings are too: they become one merged box (drawn only if at least `dropWidth`
// wide) and are not descended into. The work is O(boxes placed), never O(tree): a million-node tree lays out a
// viewport in about the time of the few thousand boxes it shows.
import type { FlameTree } from './flameTree';

export interface Viewport {
  /** Value range shown, in value units from the root's left edge. */
  readonly start: number;
  readonly end: number;
  /** CSS pixels. */
  readonly width: number;
}

export interface LayoutOptions {
  /** Boxes narrower than this (CSS px) are merged with their narrower siblings. */
  readonly minWidth: number;
  /** Merged boxes narrower than this are dropped. */
  readonly dropWidth: number;
  /** Rows below this depth are not laid out (they are off screen). */
  readonly maxDepth?: number;
}

export const DEFAULT_LAYOUT: LayoutOptions = { minWidth: 1, dropWidth: 0.35 };

/** Placed boxes, row by row (depth ascending), left to right within a row. Reused between frames. */
export class FlameLayout {
  count = 0;
  /** Tree node, or -1 for a merged box (its parent in `mergedParent`, first merged child's list index in `mergedFrom`). */
  node = new Int32Array(1024);
  x = new Float64Array(1024);
  w = new Float64Array(1024);
  mergedParent = new Int32Array(1024);
  mergedFrom = new Int32Array(1024);
  /** Boxes of depth d: [rowStart[d], rowStart[d + 1]). */
  rowStart = new Int32Array(64);
  /** Number of rows with boxes. */
  rows = 0;

  reset(): void {
    this.count = 0;
    this.rows = 0;
  }

  push(node: number, x: number, w: number, mergedParent: number, mergedFrom: number): void {
    if (this.count === this.node.length) this.grow();
    const i = this.count++;
    this.node[i] = node;
    this.x[i] = x;
    this.w[i] = w;
    this.mergedParent[i] = mergedParent;
    this.mergedFrom[i] = mergedFrom;
  }

  startRow(depth: number): void {
    if (depth + 2 > this.rowStart.length) {
      const r = new Int32Array(this.rowStart.length * 2);
      r.set(this.rowStart);
      this.rowStart = r;
    }
    this.rowStart[depth] = this.count;
    this.rowStart[depth + 1] = this.count;
  }

  endRow(depth: number): void {
    this.rowStart[depth + 1] = this.count;
    this.rows = depth + 1;
  }

  /** The box at (x, depth), or -1. Boxes of a row are sorted by x: binary search. */
  hit(x: number, depth: number): number {
    if (depth < 0 || depth >= this.rows) return -1;
    let lo = this.rowStart[depth];
    let hi = this.rowStart[depth + 1] - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (x < this.x[mid]) hi = mid - 1;
      else if (x >= this.x[mid] + this.w[mid]) lo = mid + 1;
      else return mid;
    }
    return -1;
  }

  /** The box of a tree node, or -1 when it is not placed. */
  find(node: number, depth: number): number {
    if (depth < 0 || depth >= this.rows) return -1;
    for (let i = this.rowStart[depth]; i < this.rowStart[depth + 1]; i++) if (this.node[i] === node) return i;
    return -1;
  }

  private grow(): void {
    const size = this.node.length * 2;
    const i32 = (a: Int32Array) => { const b = new Int32Array(size); b.set(a); return b; };
    const f64 = (a: Float64Array) => { const b = new Float64Array(size); b.set(a); return b; };
    this.node = i32(this.node);
    this.x = f64(this.x);
    this.w = f64(this.w);
    this.mergedParent = i32(this.mergedParent);
    this.mergedFrom = i32(this.mergedFrom);
  }
}

export function layoutFlame(tree: FlameTree, view: Viewport, out: FlameLayout, options: LayoutOptions = DEFAULT_LAYOUT): FlameLayout {
  out.reset();
  if (tree.count === 0 || view.end <= view.start || view.width <= 0) return out;
  const scale = view.width / (view.end - view.start);
  const { start, total, childStart, children } = tree;
  const lastDepth = Math.min(options.maxDepth ?? tree.maxDepth, tree.maxDepth);
  const place = (node: number, x0: number, w0: number, mergedParent: number, mergedFrom: number) => {
    const l = Math.max(0, x0);
    const r = Math.min(view.width, x0 + w0);
    out.push(node, l, r - l, mergedParent, mergedFrom);
  };

  out.startRow(0);
  place(0, (start[0] - view.start) * scale, total[0] * scale, -1, -1);
  out.endRow(0);
  for (let depth = 1; depth <= lastDepth; depth++) {
    const rowFrom = out.rowStart[depth - 1];
    const rowTo = out.rowStart[depth];
    out.startRow(depth);
    for (let b = rowFrom; b < rowTo; b++) {
      const parent = out.node[b];
      if (parent < 0) continue;
      const first = childStart[parent];
      const last = childStart[parent + 1];
      if (first === last) continue;
      // Children are placed left to right: skip those that end left of the view by binary search on start.
      let lo = first;
      let hi = last - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        const c = children[mid];
        if (start[c] + total[c] <= view.start) lo = mid + 1;
        else hi = mid;
      }
      for (let k = lo; k < last; k++) {
        const c = children[k];
        const x = (start[c] - view.start) * scale;
        if (x >= view.width) break;
        const w = total[c] * scale;
        if (x + w <= 0) continue;
        if (w < options.minWidth) {
          const lastChild = children[last - 1];
          const mergedWidth = (start[lastChild] + total[lastChild] - start[c]) * scale;
          const visible = Math.min(view.width, x + mergedWidth) - Math.max(0, x);
          if (visible >= options.dropWidth) place(-1, x, mergedWidth, parent, k);
          break;
        }
        place(c, x, w, -1, -1);
      }
    }
    if (out.count === out.rowStart[depth]) break;
    out.endRow(depth);
  }
  return out;
}

/** The value of a merged box: its first merged child and every later (narrower) sibling. */
export function mergedValue(tree: FlameTree, parent: number, from: number): { value: number; frames: number } {
  let value = 0;
  for (let k = from; k < tree.childStart[parent + 1]; k++) value += tree.total[tree.children[k]];
  return { value, frames: tree.childStart[parent + 1] - from };
}
