/**
 * The order (sequenceOrder.ts) of stacks a frame filter rewrote (hide, show, show_from, my code only) from their
 * base table's, rather than sorting them all again: a stack the rewrite left as it was keeps its place among the
 * others left so, since any subset of sorted sequences is sorted, with their common prefixes the least over the base
 * positions between them. Only the stacks the rewrite changed are sorted (a radix sort of fewer sequences), then
 * the two sorted lists are merged, each comparison starting where what the heads share with the last one out ends
 * (an LCP merge: most need no frame read at all).
 */
import type { StackTable } from '../model/types';
import { SequenceSort, withColumns, type SequenceFrames, type SequenceOrder } from './sequenceOrder';

/** How a frame filter made its stacks from `base`'s. */
export interface RewrittenStacks {
  readonly base: StackTable;
  /** Per base stack: its stack in the rewritten table (-1: dropped). */
  readonly stackOf: Int32Array;
  /** Per rewritten stack: the base stack with exactly its frames (-1: none; the rewrite changed it). */
  readonly sameAs: Int32Array;
}

/** Something ordered in slices: `advance(units)` works on for about that many reads, true once the order is made. */
export interface OrderInSteps {
  advance(units?: number): boolean;
  result(): SequenceOrder;
  readonly bytes: number;
}

export class RewrittenSort implements OrderInSteps {
  /** The rewritten stacks the rewrite changed, and their sort. */
  private readonly changed: Int32Array;
  private readonly changedSort: SequenceSort;
  private sorted: SequenceOrder | undefined;

  /**
   * @param seq the rewritten table's sequences (root first)
   * @param baseOrder the base table's order, made in slices too (shared with the base's own kept order)
   */
  constructor(private readonly seq: SequenceFrames, private readonly rewritten: RewrittenStacks, private readonly baseOrder: OrderInSteps, private readonly functionOfFrame: Int32Array, functionCount: number) {
    const { sameAs } = rewritten;
    let n = 0;
    for (let o = 0; o < seq.count; o++) if (sameAs[o] < 0) n++;
    this.changed = new Int32Array(n);
    for (let o = 0, k = 0; o < seq.count; o++) if (sameAs[o] < 0) this.changed[k++] = o;
    const first = Int32Array.from(this.changed, (o) => seq.first[o]);
    const length = Int32Array.from(this.changed, (o) => seq.length[o]);
    this.changedSort = new SequenceSort({ count: n, first, length, step: seq.step, frames: seq.frames }, functionOfFrame, functionCount);
  }

  get bytes(): number {
    return this.sorted ? orderBytesOf(this.sorted) : this.changed.byteLength + this.changedSort.bytes;
  }

  advance(units = Infinity): boolean {
    if (this.sorted) return true;
    if (!this.baseOrder.advance(units)) return false;
    if (!this.changedSort.advance(units)) return false;
    this.sorted = this.merge(this.baseOrder.result(), this.changedSort.result());
    return true;
  }

  result(): SequenceOrder {
    this.advance();
    return this.sorted!;
  }

  private merge(base: SequenceOrder, changed: SequenceOrder): SequenceOrder {
    const { seq, functionOfFrame: fn } = this;
    const { first, length, step, frames } = seq;
    const { stackOf, sameAs } = this.rewritten;
    // The unchanged stacks in the base order, each with what it shares with the one before among them.
    let kept = 0;
    for (let o = 0; o < seq.count; o++) if (sameAs[o] >= 0) kept++;
    const keptId = new Int32Array(kept);
    const keptFunctions = new Int32Array(kept);
    const keptFrames = new Int32Array(kept);
    let functions = 0;
    let framesShared = 0;
    for (let p = 0, k = 0; p < base.order.length; p++) {
      if (base.lcpFunction[p] < functions) functions = base.lcpFunction[p];
      if (base.lcpFrame[p] < framesShared) framesShared = base.lcpFrame[p];
      const s = base.order[p];
      const o = stackOf[s];
      if (o < 0 || sameAs[o] !== s) continue;
      keptId[k] = o;
      keptFunctions[k] = k === 0 ? 0 : functions;
      keptFrames[k] = k === 0 ? 0 : framesShared;
      k++;
      functions = framesShared = 0x7fffffff;
    }
    const changedId = Int32Array.from(changed.order, (i) => this.changed[i]);
    const m = kept + changedId.length;
    const order = new Int32Array(m);
    const lcpFunction = new Int32Array(m);
    const lcpFrame = new Int32Array(m);
    // Per list, its head (i: the unchanged, j: the changed) and what it shares (functions, frames) with the last one out.
    let [i, hi, hiFrames] = [0, 0, 0];
    let [j, hj, hjFrames] = [0, 0, 0];
    /** Frames sequences a and b share from depth f on, up to depth `most` (they share f). */
    const framesFrom = (a: number, b: number, f: number, most: number) => {
      const at = first[a];
      const bt = first[b];
      while (f < most && frames[at + step * f] === frames[bt + step * f]) f++;
      return f;
    };
    for (let out = 0; out < m; out++) {
      let fromKept: boolean;
      // What the head not taken will share with the one taken.
      let shared = 0;
      let sharedFrames = 0;
      if (j >= changedId.length) fromKept = true;
      else if (i >= kept) fromKept = false;
      else {
        const a = keptId[i];
        const b = changedId[j];
        if (hi !== hj) {
          // The head that shares more with the last one out is the lesser; the two share what the other shared
          // with it (they differ where that ends).
          fromKept = hi > hj;
          shared = fromKept ? hj : hi;
        } else {
          const la = length[a];
          const lb = length[b];
          const most = la < lb ? la : lb;
          const at = first[a];
          const bt = first[b];
          let d = hi;
          while (d < most && fn[frames[at + step * d]] === fn[frames[bt + step * d]]) d++;
          // A sequence before those it is a prefix of; equal ones: the unchanged first.
          fromKept = d === la || (d < lb && fn[frames[at + step * d]] < fn[frames[bt + step * d]]);
          shared = d;
        }
        // Frames: the lesser of what each shares with the last one out, unless both stop agreeing with it at the
        // same depth (then they may agree with each other further).
        sharedFrames = hiFrames !== hjFrames ? Math.min(hiFrames, hjFrames) : framesFrom(a, b, hiFrames, shared);
      }
      if (fromKept) {
        order[out] = keptId[i];
        lcpFunction[out] = hi;
        lcpFrame[out] = hiFrames;
        hj = shared;
        hjFrames = sharedFrames;
        if (++i < kept) {
          hi = keptFunctions[i];
          hiFrames = keptFrames[i];
        }
      } else {
        order[out] = changedId[j];
        lcpFunction[out] = hj;
        lcpFrame[out] = hjFrames;
        hi = shared;
        hiFrames = sharedFrames;
        if (++j < changedId.length) {
          hj = changed.lcpFunction[j];
          hjFrames = changed.lcpFrame[j];
        }
      }
    }
    if (m > 0) lcpFunction[0] = lcpFrame[0] = 0;
    let maxLength = 0;
    for (let o = 0; o < seq.count; o++) if (length[o] > maxLength) maxLength = length[o];
    return withColumns(seq, order, lcpFunction, lcpFrame, maxLength);
  }
}

function orderBytesOf(o: SequenceOrder): number {
  return o.order.byteLength + o.lcpFunction.byteLength + o.lcpFrame.byteLength + o.positionOf.byteLength + o.first.byteLength + o.length.byteLength;
}
