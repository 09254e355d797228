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
  const { count: n, first, length, step, frames } = seq;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const lcpFunction = new Int32Array(n);
  // Per sequence, a row: the depth its functions read ahead start at, then those functions (-1 past its end).
  const ahead = new Int32Array(n * ROW);
  for (let q = 0; q < n; q++) ahead[q * ROW] = -AHEAD;
  const moved = new Int32Array(n);
  const keyAt = new Int32Array(n);
  const groupOf = new Int32Array(functionCount + 1).fill(-1);
  const groupKey = new Int32Array(Math.max(1, n));
  const groupStart = new Int32Array(Math.max(1, n));
  let maxLength = 0;
  for (let q = 0; q < n; q++) if (length[q] > maxLength) maxLength = length[q];
  // Ranges still to split: [lo, hi) sharing their first `depth` functions.
  const work: number[] = n > 1 ? [0, n, 0] : [];
  while (work.length > 0) {
    let depth = work.pop()!;
    const hi = work.pop()!;
    const lo = work.pop()!;
    for (;;) {
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
        depth += 1 + commonRun(seq, functionOfFrame, order, lo, hi, depth + 1);
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
  const lcpFrame = new Int32Array(n);
  for (let i = 1; i < n; i++) {
    const a = first[order[i - 1]];
    const b = first[order[i]];
    const most = lcpFunction[i];
    let k = 0;
    while (k < most && frames[a + step * k] === frames[b + step * k]) k++;
    lcpFrame[i] = k;
  }
  return withColumns(seq, order, lcpFunction, lcpFrame, maxLength);
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

const kept = new WeakMap<StackTable, { sequences: SequenceFrames; order: SequenceOrder }>();

/**
 * The table's stacks root first and their order, made once per table (a model's, a frame filter's kept rewrite, a
 * group-by's) and kept while the table lives.
 */
export function stackOrderOf(stacks: StackTable, functionOfFrame: Int32Array, functionCount: number): { sequences: SequenceFrames; order: SequenceOrder } {
  let entry = kept.get(stacks);
  if (!entry) {
    const sequences = rootFirst(stacks);
    const grouped = groupedOf.get(stacks);
    const order = grouped ? groupedStackOrder(sequences, grouped, functionOfFrame, functionCount) : sortSequences(sequences, functionOfFrame, functionCount);
    entry = { sequences, order };
    kept.set(stacks, entry);
  }
  return entry;
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
