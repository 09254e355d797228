/**
 * Frame sequences (stacks, root first) sorted by their functions, with each one's common prefix with the one before:
 * what lets a call tree (treeBuilder.ts) be built in one merge pass that reads only each sequence's new suffix.
 * In this order every call-tree node (a function path from the root) is a run of consecutive sequences, and a node's
 * children are runs inside it.
 *
 * It depends on the stacks only, never on their values, so a stack table's order is made once and kept beside it
 * (`stackOrderOf`): a selection of the same stacks (a time range, a label filter, focus or ignore) builds its tree
 * from it. A group-by's stacks (each a model stack under a group's root frame) take theirs from the model's
 * (`groupedStackOrder`), without sorting again.
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
  /** Per position i > 0: how many frames from depth 0 on it has in common with order[i - 1] (≤ lcpFunction). */
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
function withColumns(seq: SequenceFrames, order: Int32Array, lcpFunction: Int32Array, lcpFrame: Int32Array, maxLength: number): SequenceOrder {
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
        // Group offsets after the ending sequences, then a stable scatter.
        let at = lo + ending;
        for (let g = 0; g < groups; g++) {
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
        for (let g = 0; g < groups; g++) {
          const to = groupStart[g];
          if (from > lo) lcpFunction[from] = depth;
          if (to - from > 1) work.push(from, to, depth + 1);
          groupOf[groupKey[g]] = -1;
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

/** Bytes of an order's columns. */
function orderBytes(o: SequenceOrder): number {
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

/** A table's stacks root first and their order: made, or being made in slices (SequenceSort). */
interface KeptOrder {
  readonly sequences: SequenceFrames;
  order?: SequenceOrder;
  sorting?: SequenceSort;
}

const kept = new WeakMap<StackTable, KeptOrder>();

/**
 * The table's stacks root first and their order, made once per table (a model's, a frame filter's kept rewrite, a
 * group-by's) and kept while the table lives. An order being made in slices (stackOrderInSteps) is finished from
 * where it got to.
 */
export function stackOrderOf(stacks: StackTable, functionOfFrame: Int32Array, functionCount: number): { sequences: SequenceFrames; order: SequenceOrder } {
  const entry = keptEntry(stacks, functionOfFrame, functionCount);
  if (!entry.order) {
    entry.order = entry.sorting!.result();
    entry.sorting = undefined;
  }
  return { sequences: entry.sequences, order: entry.order };
}

/**
 * The table's order made a slice at a time (the profile worker's idle time): each `advance(units)` sorts on for about
 * that many reads of a function and says whether the order is made. The slices and stackOrderOf share one sort, so
 * a tree asked for meanwhile finishes it rather than starting again.
 */
export function stackOrderInSteps(stacks: StackTable, functionOfFrame: Int32Array, functionCount: number): { advance(units: number): boolean } {
  return {
    advance: (units) => {
      const entry = keptEntry(stacks, functionOfFrame, functionCount);
      if (entry.order) return true;
      if (!entry.sorting!.advance(units)) return false;
      entry.order = entry.sorting!.result();
      entry.sorting = undefined;
      return true;
    },
  };
}

/** The table's kept entry: its order when made (a group-by's is derived at once), else the sort that makes it. */
function keptEntry(stacks: StackTable, functionOfFrame: Int32Array, functionCount: number): KeptOrder {
  let entry = kept.get(stacks);
  if (!entry) {
    const sequences = rootFirst(stacks);
    const grouped = groupedOf.get(stacks);
    entry = grouped
      ? { sequences, order: groupedStackOrder(sequences, grouped, functionOfFrame, functionCount) }
      : { sequences, sorting: new SequenceSort(sequences, functionOfFrame, functionCount) };
    kept.set(stacks, entry);
  }
  return entry;
}

/** Bytes the table's kept order holds (its sequences' columns too; a sort under way: what it holds so far). */
export function keptOrderBytes(stacks: StackTable): number {
  const entry = kept.get(stacks);
  if (!entry) return 0;
  const sequences = entry.sequences.first.byteLength + entry.sequences.length.byteLength;
  return sequences + (entry.order ? orderBytes(entry.order) : entry.sorting?.bytes ?? 0);
}

/** How a group-by made its stacks: stack s is `base` stack baseStack[s] under group[s]'s root frame. */
export interface GroupedStacks {
  readonly base: StackTable;
  readonly baseStack: Int32Array;
  readonly group: Int32Array;
  readonly groups: number;
}

const groupedOf = new WeakMap<StackTable, GroupedStacks>();

/** Says that `stacks` were made by a group-by from `grouped.base`, so their order comes from the base's. */
export function markGrouped(stacks: StackTable, grouped: GroupedStacks): void {
  groupedOf.set(stacks, grouped);
}

/**
 * A group-by's order from its base table's: by group (each group's root frame is its own function), then in the
 * base order. Two stacks of one group share their root frame and then what their base stacks share, which is the
 * least common prefix over the base positions between them.
 */
function groupedStackOrder(sequences: SequenceFrames, grouped: GroupedStacks, functionOfFrame: Int32Array, functionCount: number): SequenceOrder {
  const { base, baseStack, group, groups } = grouped;
  const baseOrder = stackOrderOf(base, functionOfFrame, functionCount).order;
  const n = baseStack.length;
  // The grouped stacks of each base stack (a CSR), and where each group's run starts.
  const ofBase = new Int32Array(base.count + 1);
  const groupStart = new Int32Array(groups + 1);
  for (let s = 0; s < n; s++) {
    ofBase[baseStack[s] + 1]++;
    groupStart[group[s] + 1]++;
  }
  for (let b = 0; b < base.count; b++) ofBase[b + 1] += ofBase[b];
  for (let g = 0; g < groups; g++) groupStart[g + 1] += groupStart[g];
  const list = new Int32Array(n);
  const fill = ofBase.slice(0, base.count);
  for (let s = 0; s < n; s++) list[fill[baseStack[s]]++] = s;
  const order = new Int32Array(n);
  const lcpFunction = new Int32Array(n);
  const lcpFrame = new Int32Array(n);
  const at = groupStart.slice(0, groups);
  // Per group: the base position of its last stack, -1 before its first.
  const last = new Int32Array(groups).fill(-1);
  const functions = new SuffixMinima(base.count);
  const frames = new SuffixMinima(base.count);
  for (let p = 0; p < base.count; p++) {
    functions.push(p, p > 0 ? baseOrder.lcpFunction[p] : 0);
    frames.push(p, p > 0 ? baseOrder.lcpFrame[p] : 0);
    const b = baseOrder.order[p];
    for (let k = ofBase[b]; k < ofBase[b + 1]; k++) {
      const s = list[k];
      const g = group[s];
      const i = at[g]++;
      order[i] = s;
      // The group's root frame is shared, then the base stacks' common prefix: the least over the base positions
      // since the group's last stack.
      if (last[g] >= 0) {
        lcpFunction[i] = 1 + functions.since(last[g]);
        lcpFrame[i] = 1 + frames.since(last[g]);
      }
      last[g] = p;
    }
  }
  return withColumns(sequences, order, lcpFunction, lcpFrame, baseOrder.maxLength + 1);
}

/**
 * The least value pushed after a given position, for positions pushed in increasing order: a stack of the values
 * that are each less than every one pushed after them, searched by position. Keeps a group-by's order in
 * O(stacks log stacks), however many groups there are.
 */
class SuffixMinima {
  private readonly positions: Int32Array;
  private readonly values: Int32Array;
  private size = 0;

  constructor(capacity: number) {
    this.positions = new Int32Array(capacity);
    this.values = new Int32Array(capacity);
  }

  push(position: number, value: number): void {
    while (this.size > 0 && this.values[this.size - 1] >= value) this.size--;
    this.positions[this.size] = position;
    this.values[this.size++] = value;
  }

  /** The least value pushed at a position after `position` (one must have been). */
  since(position: number): number {
    let lo = 0;
    let hi = this.size - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.positions[mid] > position) hi = mid;
      else lo = mid + 1;
    }
    return this.values[lo];
  }
}
