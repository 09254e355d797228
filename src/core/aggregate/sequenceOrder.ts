/**
 * Frame sequences (stacks, root first) sorted by their functions, with each one's common prefix with the one before:
 * what lets a call tree (treeBuilder.ts) be built in one merge pass that reads only each sequence's new suffix.
 * In this order every call-tree node (a function path from the root) is a run of consecutive sequences, and a node's
 * children are runs inside it.
 *
 * It depends on the stacks only, never on their values, so a stack table's order is made once and kept beside it
 * (stackOrders.ts).
 */
import type { StackTable } from '../model/types';

/** Frame sequences over one frames array: sequence q's frame at depth d is `frames[first[q] + step * d]`. */
export interface SequenceFrames {
  readonly count: number;
  readonly first: Int32Array;
  readonly length: Int32Array;
  readonly step: 1 | -1;
  readonly frames: Int32Array;
}

export interface SequenceOrder {
  /** The sequences, sorted by their functions from depth 0 on (a sequence before those it is a prefix of). */
  readonly order: Int32Array;
  /** Per position i > 0: how many functions from depth 0 on order[i] has in common with order[i - 1]. */
  readonly lcpFunction: Int32Array;
  /**
   * Per position i > 0: how many frames from depth 0 on it has in common with order[i - 1] (≤ lcpFunction), at least:
   * an order derived from another's may say fewer (the tree builder reads the frames from there on).
   */
  readonly lcpFrame: Int32Array;
  /** Per sequence: its position (order's inverse). */
  readonly positionOf: Int32Array;
  /** Per position: its sequence's first and length (the sequences' columns in this order, read in it). */
  readonly first: Int32Array;
  readonly length: Int32Array;
  /** The longest sequence's length. */
  readonly maxLength: number;
}

/** The order with the sequences' columns permuted into it. */
export function withColumns(seq: SequenceFrames, order: Int32Array, lcpFunction: Int32Array, lcpFrame: Int32Array, maxLength: number): SequenceOrder {
  const first = new Int32Array(order.length);
  const length = new Int32Array(order.length);
  const positionOf = new Int32Array(order.length);
  for (let i = 0; i < order.length; i++) {
    first[i] = seq.first[order[i]];
    length[i] = seq.length[order[i]];
    positionOf[order[i]] = i;
  }
  return { order, lcpFunction, lcpFrame, positionOf, first, length, maxLength };
}

/** Functions of a sequence read at once (about a cache line of its frames), kept in a row with the depth they start at. */
const AHEAD = 7;
const ROW = AHEAD + 1;

/**
 * Sorts by most significant function first (a radix sort: each range is split by its sequences' function at the next
 * depth, stably, the sequences ending there first). Each sequence's frames are read up to the depth where it is
 * alone in its range, AHEAD at a time into a row of its own: a split keeps each range's sequences in index order, so
 * a pass over a range reads those rows (and the frames, which lie in stack order) forward through memory, not at
 * random. A range whose sequences all call the same function at a depth is not moved.
 */
export function sortSequences(seq: SequenceFrames, functionOfFrame: Int32Array, functionCount: number): SequenceOrder {
  return new SequenceSort(seq, functionOfFrame, functionCount).result();
}

/**
 * sortSequences as work that can stop and go on: `advance(units)` sorts on for about that many reads of a
 * sequence's function, so a large table (a million stacks: seconds) is sorted in slices between which other work
 * runs, and `result()` finishes from wherever the slices got to — nothing done is done twice.
 */
export class SequenceSort {
  private readonly order: Int32Array;
  private readonly lcpFunction: Int32Array;
  private lcpFrame: Int32Array | undefined;
  // The radix sort's scratch (let go once sorted).
  private scratch: { ahead: Int32Array; moved: Int32Array; keyAt: Int32Array; groupOf: Int32Array; groupKey: Int32Array; groupStart: Int32Array } | undefined;
  /** Ranges still to split: [lo, hi) sharing their first `depth` functions, as (lo, hi, depth) triples. */
  private readonly work: number[];
  /** The next position whose frame prefix is to be measured (after the sort). */
  private framesAt = 1;
  private maxLength = 0;
  private sorted: SequenceOrder | undefined;

  constructor(private readonly seq: SequenceFrames, private readonly functionOfFrame: Int32Array, functionCount: number) {
    const n = seq.count;
    this.order = new Int32Array(n);
    for (let i = 0; i < n; i++) this.order[i] = i;
    this.lcpFunction = new Int32Array(n);
    // Per sequence, a row: the depth its functions read ahead start at, then those functions (-1 past its end).
    const ahead = new Int32Array(n * ROW);
    for (let q = 0; q < n; q++) ahead[q * ROW] = -AHEAD;
    this.scratch = {
      ahead, moved: new Int32Array(n), keyAt: new Int32Array(n), groupOf: new Int32Array(functionCount + 1).fill(-1),
      groupKey: new Int32Array(Math.max(1, n)), groupStart: new Int32Array(Math.max(1, n)),
    };
    for (let q = 0; q < n; q++) if (seq.length[q] > this.maxLength) this.maxLength = seq.length[q];
    this.work = n > 1 ? [0, n, 0] : [];
  }

  /** Bytes of the columns it holds now. */
  get bytes(): number {
    const s = this.scratch;
    const scratch = s ? s.ahead.byteLength + s.moved.byteLength + s.keyAt.byteLength + s.groupOf.byteLength + s.groupKey.byteLength + s.groupStart.byteLength : 0;
    return this.sorted ? orderBytes(this.sorted) : this.order.byteLength + this.lcpFunction.byteLength + (this.lcpFrame?.byteLength ?? 0) + scratch;
  }

  get done(): boolean {
    return this.sorted !== undefined;
  }

  /** Sorts on for about `units` reads of a function (every one left when not given); true once sorted. */
  advance(units = Infinity): boolean {
    if (this.sorted) return true;
    let used = this.scratch ? this.split(units) : 0;
    if (this.scratch) return false;
    used += this.measureFrames(units - used);
    if (this.framesAt < this.seq.count) return false;
    this.sorted = withColumns(this.seq, this.order, this.lcpFunction, this.lcpFrame!, this.maxLength);
    return true;
  }

  /** The order (sorting what is left first). */
  result(): SequenceOrder {
    this.advance();
    return this.sorted!;
  }

  /** The radix sort, range by range until `units` are used or no range is left; answers the units used. */
  private split(units: number): number {
    const { seq, functionOfFrame, order, lcpFunction, work } = this;
    const { first, length, step, frames } = seq;
    const { ahead, moved, keyAt, groupOf, groupKey, groupStart } = this.scratch!;
    let used = 0;
    while (work.length > 0 && used < units) {
      let depth = work.pop()!;
      const hi = work.pop()!;
      const lo = work.pop()!;
      for (;;) {
        used += hi - lo;
        let groups = 0;
        let ending = 0;
        for (let i = lo; i < hi; i++) {
          const row = order[i] * ROW;
          let k = depth - ahead[row];
          if (k >= AHEAD) {
            const q = order[i];
            const len = length[q];
            const at = first[q] + step * depth;
            for (let j = 0; j < AHEAD; j++) ahead[row + 1 + j] = depth + j < len ? functionOfFrame[frames[at + step * j]] : -1;
            ahead[row] = depth;
            k = 0;
          }
          const key = ahead[row + 1 + k];
          keyAt[i] = key;
          if (key < 0) {
            ending++;
            continue;
          }
          let g = groupOf[key];
          if (g < 0) {
            g = groupOf[key] = groups++;
            groupKey[g] = key;
            groupStart[g] = 0;
          }
          groupStart[g]++;
        }
        if (groups === 1 && ending === 0) {
          // One function for all at this depth: nothing moves, and the range may share more. How much more is found
          // by reading each sequence's frames forward against the first one's (a cache line gives many depths),
          // rather than by a pass over the range per depth.
          groupOf[groupKey[0]] = -1;
          const common = commonRun(seq, functionOfFrame, order, lo, hi, depth + 1);
          used += (hi - lo) * common;
          depth += 1 + common;
          continue;
        }
        // The groups by function (the order is the same whatever table a sequence is in: rewrittenOrder.ts merges
        // two), their offsets after the ending sequences, then a stable scatter.
        sortKeys(groupKey, groups);
        let at = lo + ending;
        for (let r = 0; r < groups; r++) {
          const g = groupOf[groupKey[r]];
          const c = groupStart[g];
          groupStart[g] = at;
          at += c;
        }
        let endAt = lo;
        for (let i = lo; i < hi; i++) {
          const key = keyAt[i];
          moved[key < 0 ? endAt++ : groupStart[groupOf[key]]++] = order[i];
        }
        order.set(moved.subarray(lo, hi), lo);
        // Sequences ending here share `depth` functions with the one before; so does each group's first.
        for (let i = lo + 1; i < lo + ending; i++) lcpFunction[i] = depth;
        let from = lo + ending;
        for (let r = 0; r < groups; r++) {
          const to = groupStart[groupOf[groupKey[r]]];
          if (from > lo) lcpFunction[from] = depth;
          if (to - from > 1) work.push(from, to, depth + 1);
          groupOf[groupKey[r]] = -1;
          from = to;
        }
        break;
      }
    }
    if (work.length === 0) {
      this.scratch = undefined;
      this.lcpFrame = new Int32Array(seq.count);
    }
    return used;
  }

  /** Each position's common frame prefix with the one before (within their common functions), from framesAt on. */
  private measureFrames(units: number): number {
    const { order, lcpFunction } = this;
    const lcpFrame = this.lcpFrame!;
    const { first, step, frames, count } = this.seq;
    let used = 0;
    let i = this.framesAt;
    for (; i < count && used < units; i++) {
      const a = first[order[i - 1]];
      const b = first[order[i]];
      const most = lcpFunction[i];
      let k = 0;
      while (k < most && frames[a + step * k] === frames[b + step * k]) k++;
      lcpFrame[i] = k;
      used += 1 + k;
    }
    this.framesAt = i;
    return used;
  }
}

/** Sorts keys[0 .. n) ascending (most ranges split into a few groups: an insertion sort). */
function sortKeys(keys: Int32Array, n: number): void {
  if (n > 16) {
    keys.subarray(0, n).sort();
    return;
  }
  for (let i = 1; i < n; i++) {
    const k = keys[i];
    let j = i - 1;
    while (j >= 0 && keys[j] > k) {
      keys[j + 1] = keys[j];
      j--;
    }
    keys[j + 1] = k;
  }
}

/** Bytes of an order's columns. */
export function orderBytes(o: SequenceOrder): number {
  return o.order.byteLength + o.lcpFunction.byteLength + o.lcpFrame.byteLength + o.positionOf.byteLength + o.first.byteLength + o.length.byteLength;
}

/** How many functions from `depth` on the sequences at positions lo .. hi all have in common (0: they differ there). */
function commonRun(seq: SequenceFrames, functionOfFrame: Int32Array, order: Int32Array, lo: number, hi: number, depth: number): number {
  const { first, length, step, frames } = seq;
  const r = order[lo];
  const rootAt = first[r] + step * depth;
  let common = length[r] - depth;
  for (let i = lo + 1; i < hi && common > 0; i++) {
    const q = order[i];
    const at = first[q] + step * depth;
    const most = Math.min(common, length[q] - depth);
    let k = 0;
    while (k < most && functionOfFrame[frames[at + step * k]] === functionOfFrame[frames[rootAt + step * k]]) k++;
    common = k;
  }
  return common > 0 ? common : 0;
}

/** A stack table's sequences root first (its stacks are leaf first). */
export function rootFirst(stacks: StackTable): SequenceFrames {
  const { count, start, frames } = stacks;
  const first = new Int32Array(count);
  const length = new Int32Array(count);
  for (let s = 0; s < count; s++) {
    first[s] = start[s + 1] - 1;
    length[s] = start[s + 1] - start[s];
  }
  return { count, first, length, step: -1, frames };
}
