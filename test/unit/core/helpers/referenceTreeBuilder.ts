// Today's call tree builder before the sorted-stacks one (treeBuilder.ts), kept as the reference the new one must
// match node for node and byte for byte (treeBuilderMatchesReference.test.ts). It reads every frame of the kept
// part of the tree; never used by the product.
/**
 * A call tree of frame sequences (stacks root → leaf for a flame graph; the part of each stack below or above one
 * function for a sandwich), built top-down, widest node first, and cut while it is built: nodes are expanded while
 * the tree (with one "other" node under each node whose children are not all kept) stays within `maxNodes`; the
 * children too narrow to keep are merged into that "other" node, carrying their whole cost.
 * So a 10^7-node tree never exists: the work is proportional to the kept nodes' stacks, the memory to the kept
 * nodes. Totals stay exact: every node's total and self are sums over its own stacks, self still sums to the root's
 * total, and a parent's total is its self plus its children's totals.
 *
 * Nodes are function nodes (one per function per call path, as pprof's flame graph): node n's children group the
 * stacks through n by the function of their next frame. Each kept node lists the lines (line keys) of its frames
 * with their self and total. Which nodes are kept: the widest by weight (the sum of |value|, which never grows from
 * a parent to a child even with negative values), ties by creation order.
 */
import { GrowableFloat64, GrowableInt32 } from '../../../../src/core/aggregate/growable';
import type { BuiltTree, TreeLimits, TreeShape } from '../../../../src/core/aggregate/treeBuilder';

/** Frame sequences over one frames array: sequence q's frame at depth d is `frames[first[q] + step * d]`. */
interface FrameSequences {
  readonly count: number;
  readonly first: Int32Array;
  readonly length: Int32Array;
  readonly step: 1 | -1;
  readonly frames: Int32Array;
  readonly value: Float64Array;
  /** A second value per sequence carried to every node (the sample counts beside CPU time). */
  readonly extra?: Float64Array;
}

export function referenceBuildTree(seq: FrameSequences, shape: TreeShape, limits: TreeLimits = {}): BuiltTree {
  return new Builder(seq, shape).run(limits);
}

/** Frames of a sequence read ahead at once (a 32-byte run of the stack). */
const AHEAD = 8;

/**
 * The sequences' columns in one order. There are two: a node's sequences are in the one of its depth's parity, and
 * expanding it scatters them into the other, where its children find them — no copy back. Nothing else writes a
 * node's range of its own set before it is expanded: only its parent writes there (ranges of one depth are disjoint,
 * and its descendants, which write every other depth, exist only once it is expanded).
 */
interface Columns {
  readonly first: Int32Array;
  readonly length: Int32Array;
  readonly value: Float64Array;
  readonly extra: Float64Array | undefined;
  /** The depth from which the AHEAD frames of aheadFrames were read. */
  readonly ahead: Int32Array;
  readonly aheadFrames: Int32Array;
}

class Builder {
  // Provisional nodes: created when their parent is expanded, kept when expanded themselves.
  private readonly lo = new GrowableInt32(1 << 10);
  private readonly hi = new GrowableInt32(1 << 10);
  private readonly depth = new GrowableInt32(1 << 10);
  private readonly parent = new GrowableInt32(1 << 10);
  private readonly fn = new GrowableInt32(1 << 10);
  private readonly weight = new GrowableFloat64(1 << 10);
  private readonly total = new GrowableFloat64(1 << 10);
  private readonly self = new GrowableFloat64(1 << 10);
  private readonly extra = new GrowableFloat64(1 << 10);
  /** Children not kept yet, per provisional node (set when it is expanded). */
  private readonly pending = new GrowableInt32(1 << 10);
  private readonly heap = new GrowableInt32(1 << 10);
  // Line entries of provisional nodes (made with the node, from the frame that put each sequence in it):
  // node p's are lineFrom[p] .. lineFrom[p] + lineCount[p].
  private readonly lineFrom = new GrowableInt32(1 << 10);
  private readonly lineCount = new GrowableInt32(1 << 10);
  private readonly lineKey = new GrowableInt32(1 << 10);
  private readonly lineSelf = new GrowableFloat64(1 << 10);
  private readonly lineTotal = new GrowableFloat64(1 << 10);
  // The sequences' columns, permuted as nodes group them: node p's sequences are positions lo[p] .. hi[p] (read in
  // order, not at random) of columns[depth[p] & 1], and a scatter moves them to their child's range of the other.
  // Each position also holds the next AHEAD frames of its sequence from depth ahead[i] on, read together (one cache
  // line of the frames, which lie far from the neighbours' ones) and moved with it: a deeper level reads them in
  // order, not a cache miss each.
  private readonly columns: readonly [Columns, Columns];
  // Scratch, sized once for the largest range (the root's).
  private readonly tag: Int32Array;
  private readonly lineTag: Int32Array;
  /** Per position, the line key of the frame that put the sequence in its node (read by the children's linesOf). */
  private readonly movedLines: Int32Array;
  private readonly groupKey: Int32Array;
  private readonly groupCount: Int32Array;
  private readonly groupOf: Int32Array;
  private readonly lineGroupOf: Int32Array;
  private readonly virtualRoot: boolean;

  constructor(private readonly seq: FrameSequences, private readonly shape: TreeShape) {
    const n = seq.count;
    this.columns = [
      {
        first: Int32Array.from(seq.first), length: Int32Array.from(seq.length), value: Float64Array.from(seq.value),
        extra: seq.extra && Float64Array.from(seq.extra), ahead: new Int32Array(n).fill(-AHEAD), aheadFrames: new Int32Array(n * AHEAD),
      },
      {
        first: new Int32Array(n), length: new Int32Array(n), value: new Float64Array(n),
        extra: seq.extra && new Float64Array(n), ahead: new Int32Array(n), aheadFrames: new Int32Array(n * AHEAD),
      },
    ];
    this.tag = new Int32Array(n);
    this.lineTag = new Int32Array(n);
    this.movedLines = new Int32Array(n);
    this.groupKey = new Int32Array(n);
    this.groupCount = new Int32Array(n + 1);
    this.groupOf = new Int32Array(shape.otherFunction + 1).fill(-1);
    this.lineGroupOf = new Int32Array(shape.lineKeyCount).fill(-1);
    this.virtualRoot = shape.rootFunction < 0;
  }

  run(limits: TreeLimits): BuiltTree {
    const { frames } = this.seq;
    const { value, length, first, extra } = this.columns[0];
    const n = this.seq.count;
    let weight = 0;
    let total = 0;
    let self = 0;
    let extraTotal = 0;
    const rootEnd = this.virtualRoot ? 0 : 1;
    for (let q = 0; q < n; q++) {
      const v = value[q];
      weight += v < 0 ? -v : v;
      total += v;
      if (extra) extraTotal += extra[q];
      if (length[q] <= rootEnd) self += v;
      // A root that is a function (a sandwich's) has the lines of its sequences' first frames.
      if (!this.virtualRoot) this.lineTag[q] = this.shape.lineKeyOfFrame[frames[first[q]]];
    }
    const root = this.newNode(0, n, 0, -1, this.shape.rootFunction, weight, total, self, extraTotal);
    if (!this.virtualRoot) this.linesOf(root, 0, n, this.lineTag, 1, this.columns[0]);

    const maxNodes = Math.max(2, limits.maxNodes ?? Infinity);
    const minWeight = (limits.minShare ?? 0) * weight;
    const kept: number[] = [];
    // Kept nodes with children not kept (yet): each will have an "other" node if the cut comes now.
    let others = 0;
    this.heap.push(0);
    while (this.heap.length > 0) {
      const node = this.peek();
      const parent = this.parent.data[node];
      if (node !== 0) {
        if (!(this.weight.data[node] >= minWeight && this.weight.data[node] > 0)) break;
        // Keeping it frees its parent's "other" node if it is the last child left, and may need one of its own.
        const frees = this.pending.data[parent] === 1 ? 1 : 0;
        if (kept.length + 1 + others - frees + 1 > maxNodes) break;
      }
      this.pop();
      kept.push(node);
      if (parent >= 0 && --this.pending.data[parent] === 0) others--;
      const children = this.expand(node);
      this.pending.data[node] = children;
      if (children > 0) others++;
    }
    return this.finish(kept);
  }

  private newNode(lo: number, hi: number, depth: number, parent: number, fn: number, weight: number, total: number, self: number, extra: number): number {
    const id = this.lo.length;
    this.lo.push(lo);
    this.hi.push(hi);
    this.depth.push(depth);
    this.parent.push(parent);
    this.fn.push(fn);
    this.weight.push(weight);
    this.total.push(total);
    this.self.push(self);
    this.extra.push(extra);
    this.pending.push(0);
    this.lineFrom.push(this.lineKey.length);
    this.lineCount.push(0);
    return id;
  }

  /**
   * Groups the node's sequences by their next frame's function into child nodes. The next frame of each sequence is
   * read once (a sequence's frames are far from its neighbours', so each read is a cache miss): its function groups
   * it, its line key gives the child its line entries.
   */
  private expand(node: number): number {
    const { step, frames } = this.seq;
    const { functionOfFrame, lineKeyOfFrame } = this.shape;
    const lo = this.lo.data[node];
    const hi = this.hi.data[node];
    const depth = this.depth.data[node];
    const own = this.columns[depth & 1];
    const children = this.columns[(depth + 1) & 1];
    const { first, length, ahead, aheadFrames } = own;
    // Depth in the sequences of the children's frames (the virtual root's children are at depth 0).
    const next = this.virtualRoot ? depth : depth + 1;

    const tag = this.tag;
    const lineTag = this.lineTag;
    let groups = 0;
    let ending = 0;
    for (let i = lo; i < hi; i++) {
      const len = length[i];
      if (len <= next) {
        tag[i - lo] = -1;
        ending++;
        continue;
      }
      let k = next - ahead[i];
      if (k >= AHEAD) {
        // Read this sequence's next frames at once (they are side by side in the stack).
        const base = first[i] + step * next;
        const count = Math.min(AHEAD, len - next);
        for (let j = 0; j < count; j++) aheadFrames[i * AHEAD + j] = frames[base + step * j];
        ahead[i] = next;
        k = 0;
      }
      const frame = aheadFrames[i * AHEAD + k];
      const key = functionOfFrame[frame];
      let g = this.groupOf[key];
      if (g < 0) {
        g = this.groupOf[key] = groups++;
        this.groupKey[g] = key;
        this.groupCount[g] = 0;
      }
      this.groupCount[g]++;
      tag[i - lo] = g;
      lineTag[i - lo] = lineKeyOfFrame[frame];
    }
    if (groups === 0) return 0;
    // Offsets of each group after the ending sequences, then a stable scatter of the sequences and their line keys.
    const start = this.groupCount;
    let at = lo + ending;
    for (let g = 0; g < groups; g++) {
      const c = start[g];
      start[g] = at;
      at += c;
    }
    this.scatter(lo, hi, start, own, children);
    // start[g] is now the end of group g.
    let from = lo + ending;
    const { value, length: childLength, extra: extraValues } = children;
    for (let g = 0; g < groups; g++) {
      const to = start[g];
      let weight = 0;
      let total = 0;
      let self = 0;
      let extra = 0;
      for (let i = from; i < to; i++) {
        const v = value[i];
        weight += v < 0 ? -v : v;
        total += v;
        if (childLength[i] === next + 1) self += v;
        if (extraValues) extra += extraValues[i];
      }
      const child = this.newNode(from, to, depth + 1, node, this.groupKey[g], weight, total, self, extra);
      this.linesOf(child, from, to, this.movedLines, next + 1, children);
      this.push(child);
      this.groupOf[this.groupKey[g]] = -1;
      from = to;
    }
    return groups;
  }

  /**
   * Moves positions lo .. hi of `from` to their group's place in `to` (tag; -1: the ending ones, first), keeping
   * their order.
   */
  private scatter(lo: number, hi: number, start: Int32Array, from: Columns, to: Columns): void {
    const { tag, lineTag, movedLines } = this;
    const { first, length, value, extra, ahead, aheadFrames } = from;
    const { first: toFirst, length: toLength, value: toValue, extra: toExtra, ahead: toAhead, aheadFrames: toAheadFrames } = to;
    let endAt = lo;
    for (let i = lo; i < hi; i++) {
      const g = tag[i - lo];
      const at = g < 0 ? endAt++ : start[g]++;
      toFirst[at] = first[i];
      toLength[at] = length[i];
      movedLines[at] = lineTag[i - lo];
      toValue[at] = value[i];
      if (toExtra) toExtra[at] = extra![i];
      toAhead[at] = ahead[i];
      for (let j = 0; j < AHEAD; j++) toAheadFrames[at * AHEAD + j] = aheadFrames[i * AHEAD + j];
    }
  }

  /**
   * The line entries of `node` from its sequences (positions from .. to), whose own frame's line key is keys[i]:
   * total per line, and self where the sequence ends there (its length is `ownEnd`).
   */
  private linesOf(node: number, from: number, to: number, keys: Int32Array, ownEnd: number, columns: Columns): void {
    const { length, value } = columns;
    const lineFrom = this.lineKey.length;
    for (let i = from; i < to; i++) {
      const key = keys[i];
      if (key < 0) continue;
      let g = this.lineGroupOf[key];
      if (g < 0) {
        g = this.lineGroupOf[key] = this.lineKey.length - lineFrom;
        this.lineKey.push(key);
        this.lineSelf.push(0);
        this.lineTotal.push(0);
      }
      const v = value[i];
      this.lineTotal.data[lineFrom + g] += v;
      if (length[i] === ownEnd) this.lineSelf.data[lineFrom + g] += v;
    }
    for (let e = lineFrom; e < this.lineKey.length; e++) this.lineGroupOf[this.lineKey.data[e]] = -1;
    sortEntries(this.lineKey, this.lineSelf, this.lineTotal, lineFrom);
    this.lineFrom.data[node] = lineFrom;
    this.lineCount.data[node] = this.lineKey.length - lineFrom;
  }

  private finish(kept: number[]): BuiltTree {
    const provisional = this.lo.length;
    const newId = new Int32Array(provisional).fill(-1);
    kept.forEach((p, i) => { newId[p] = i; });
    // One "other" node per kept node that has children left out.
    const otherOf = new Int32Array(kept.length).fill(-1);
    let count = kept.length;
    let merged = 0;
    let widestMerged = 0;
    for (let p = 1; p < provisional; p++) {
      if (newId[p] >= 0) continue;
      const parent = newId[this.parent.data[p]];
      if (otherOf[parent] < 0) otherOf[parent] = count++;
      merged++;
      if (this.weight.data[p] > widestMerged) widestMerged = this.weight.data[p];
    }
    const parent = new Int32Array(count);
    const fn = new Int32Array(count);
    const depth = new Int32Array(count);
    const self = new Float64Array(count);
    const total = new Float64Array(count);
    const extra = this.seq.extra ? new Float64Array(count) : undefined;
    // Kept nodes' line entries, in kept order; "other" nodes have none.
    const lineStart = new Int32Array(count + 1);
    let lines = 0;
    for (const p of kept) lines += this.lineCount.data[p];
    const lineKey = new Int32Array(lines);
    const lineSelf = new Float64Array(lines);
    const lineTotal = new Float64Array(lines);
    let at = 0;
    kept.forEach((p, i) => {
      parent[i] = p === 0 ? -1 : newId[this.parent.data[p]];
      fn[i] = this.fn.data[p];
      depth[i] = this.depth.data[p];
      self[i] = this.self.data[p];
      total[i] = this.total.data[p];
      if (extra) extra[i] = this.extra.data[p];
      lineStart[i] = at;
      const a = this.lineFrom.data[p];
      for (let e = a; e < a + this.lineCount.data[p]; e++, at++) {
        lineKey[at] = this.lineKey.data[e];
        lineSelf[at] = this.lineSelf.data[e];
        lineTotal[at] = this.lineTotal.data[e];
      }
    });
    for (let k = kept.length; k <= count; k++) lineStart[k] = at;
    for (let p = 1; p < provisional; p++) {
      if (newId[p] >= 0) continue;
      const owner = newId[this.parent.data[p]];
      const o = otherOf[owner];
      parent[o] = owner;
      fn[o] = this.shape.otherFunction;
      depth[o] = depth[owner] + 1;
      self[o] += this.total.data[p];
      total[o] += this.total.data[p];
      if (extra) extra[o] += this.extra.data[p];
    }
    return {
      count, parent, function: fn, depth, self, total, extra, lineStart, lineKey, lineSelf, lineTotal, merged,
      widestMerged, rootWeight: this.weight.data[0],
    };
  }

  // ---- a binary max-heap of provisional nodes by weight (ties: the older node first) ----

  private above(a: number, b: number): boolean {
    const wa = this.weight.data[a];
    const wb = this.weight.data[b];
    return wa > wb || (wa === wb && a < b);
  }

  private peek(): number {
    return this.heap.data[0];
  }

  private push(node: number): void {
    const h = this.heap;
    h.push(node);
    let i = h.length - 1;
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (!this.above(node, h.data[up])) break;
      h.data[i] = h.data[up];
      i = up;
    }
    h.data[i] = node;
  }

  private pop(): void {
    const h = this.heap;
    const last = h.data[--h.length];
    if (h.length === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= h.length) break;
      const r = l + 1;
      const c = r < h.length && this.above(h.data[r], h.data[l]) ? r : l;
      if (!this.above(h.data[c], last)) break;
      h.data[i] = h.data[c];
      i = c;
    }
    h.data[i] = last;
  }
}

/** Sorts the entries from `from` to the end by key (a node has a handful of lines). */
function sortEntries(key: GrowableInt32, self: GrowableFloat64, total: GrowableFloat64, from: number): void {
  const k = key.data;
  const s = self.data;
  const t = total.data;
  for (let i = from + 1; i < key.length; i++) {
    const kk = k[i];
    const ss = s[i];
    const tt = t[i];
    let j = i - 1;
    while (j >= from && k[j] > kk) {
      k[j + 1] = k[j];
      s[j + 1] = s[j];
      t[j + 1] = t[j];
      j--;
    }
    k[j + 1] = kk;
    s[j + 1] = ss;
    t[j + 1] = tt;
  }
}
