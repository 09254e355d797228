/**
 * A call tree of frame sequences (stacks root → leaf for a flame graph; the part of each stack below or above one
 * function for a sandwich), cut to the widest nodes: nodes are kept widest first while the tree (with one "other"
 * node under each node whose children are not all kept) stays within `maxNodes`; the children too narrow to keep
 * are merged into that "other" node, carrying their whole cost. Totals stay exact: every node's total and self are
 * sums over its own stacks, self still sums to the root's total, and a parent's total is its self plus its
 * children's totals.
 *
 * Nodes are function nodes (one per function per call path, as pprof's flame graph): node n's children group the
 * sequences through n by the function of their next frame. Each kept node lists the lines (line keys) of its frames
 * with their self and total. Which nodes are kept: the widest by weight (the sum of |value|, which never grows from
 * a parent to a child even with negative values), ties by creation order (a parent's children are created when it
 * is kept, in the order of their first sequence).
 *
 * The work is proportional to the tree, not to the frames: the sequences come sorted by their functions with each
 * one's common prefix with the one before (sequenceOrder.ts, made once per stack table), so a merge pass opens a node
 * where a sequence leaves the one before and closes it where the next one leaves it, with its sums complete. The
 * nodes only one sequence passes through (most of a large tree: each sequence's own tail) all weigh that sequence's
 * value and are never walked one by one. A tree larger than the cut takes two passes: the first weighs the nodes
 * (reading no frame) to find the width of the `maxNodes`-th widest, to within 1% below — no narrower node can be
 * kept, since every wider one would be kept first; the second opens nodes only under nodes at least that wide,
 * reads their frames, and counts the narrower children as each node's "other" (how many, the widest, their sums).
 * The cut is then made among the nodes kept as it would be among all.
 */
import { childLists } from './childLists';
import { GrowableFloat64, GrowableInt32 } from './growable';
import { sortSequences, type SequenceFrames, type SequenceOrder } from './sequenceOrder';

/** Frame sequences with a value each; a sequence of value 0 is not in the tree. */
export interface FrameSequences extends SequenceFrames {
  readonly value: Float64Array;
  /** A second value per sequence carried to every node (the sample counts beside CPU time). */
  readonly extra?: Float64Array;
}

export interface TreeShape {
  /** Per frame: its function. */
  readonly functionOfFrame: Int32Array;
  /** Per frame: its line entry key (-1: none), in 0..lineKeyCount-1. */
  readonly lineKeyOfFrame: Int32Array;
  readonly lineKeyCount: number;
  /** The function id given to "other" nodes (one past the real functions). */
  readonly otherFunction: number;
  /** -1: the root is the whole (no frame); else every sequence's depth-0 frame is this function, the root. */
  readonly rootFunction: number;
}

export interface TreeLimits {
  /** Most nodes of the result, "other" nodes included (default: no limit). */
  readonly maxNodes?: number;
  /** Nodes narrower than this share of the root's weight are merged into "other" (default 0). */
  readonly minShare?: number;
}

/** The nodes of a function-level tree, and their lines' self and total. */
export interface TreeNodes {
  /** Number of nodes, root included. */
  readonly count: number;
  /** Parent node (-1 for the root). A parent's index is always smaller than its children's. */
  readonly parent: Int32Array;
  /** The node's function (the root's: -1, or the function a sandwich is of). */
  readonly function: Int32Array;
  readonly depth: Int32Array;
  readonly self: Float64Array;
  readonly total: Float64Array;
  /** Line entries of node n: `lineStart[n] .. lineStart[n + 1]`, by line ("other" nodes: none). */
  readonly lineStart: Int32Array;
  readonly lineSelf: Float64Array;
  readonly lineTotal: Float64Array;
  /** Call paths merged into "other" nodes (their subtrees not counted); 0 when the tree is whole. */
  readonly merged: number;
}

export interface BuiltTree extends TreeNodes {
  readonly extra: Float64Array | undefined;
  /** Per line entry: its key (TreeShape.lineKeyOfFrame). */
  readonly lineKey: Int32Array;
  /** The weight of the widest of them, and the root's weight (a merged call is at most this share of the whole). */
  readonly widestMerged: number;
  readonly rootWeight: number;
}

/** @param order the sequences' order (sequenceOrder.ts); sorted here when not given */
export function buildTree(seq: FrameSequences, shape: TreeShape, limits: TreeLimits = {}, order?: SequenceOrder): BuiltTree {
  const sorted = order ?? sortSequences(seq, shape.functionOfFrame, shape.otherFunction);
  const maxNodes = Math.max(2, limits.maxNodes ?? Infinity);
  const path = selectedPath(seq, sorted);
  const minWeight = (limits.minShare ?? 0) * path.weight;
  // A sandwich's level 0 is not a node (its function's node, level 1, is the root).
  const weighed = weigh(path, maxNodes, shape.rootFunction < 0);
  const threshold = Math.max(weighed.narrowest, minWeight);
  const nodes = collect(seq, path, shape, weighed.widthOf, threshold, Math.min(weighed.nodes, maxNodes + (maxNodes >> 2)));
  return cut(nodes, shape, threshold, minWeight, maxNodes, seq.extra !== undefined);
}

/**
 * The sequences with a value, in order, with what each shares with the one before among them (the least common
 * prefix over the sequences skipped between them), and their columns in that order (both passes read them in
 * order).
 */
interface SelectedPath {
  readonly count: number;
  readonly sequence: Int32Array;
  readonly first: Int32Array;
  readonly length: Int32Array;
  readonly value: Float64Array;
  readonly extra: Float64Array | undefined;
  readonly sharedFunctions: Int32Array;
  readonly sharedFrames: Int32Array;
  readonly maxLength: number;
  /** Sum of |value|: the root's weight. */
  readonly weight: number;
}

function selectedPath(seq: FrameSequences, sorted: SequenceOrder): SelectedPath {
  const { order, lcpFunction, lcpFrame, positionOf } = sorted;
  const { value, count } = seq;
  // The values moved to their positions (a pass over them in order, writing at random), so the walk below reads
  // every column in order: a selection of few stacks costs little more than their number.
  const valueAt = new Float64Array(count);
  const extraAt = seq.extra && new Float64Array(count);
  let m = 0;
  for (let q = 0; q < count; q++) {
    if (value[q] === 0) continue;
    valueAt[positionOf[q]] = value[q];
    if (extraAt) extraAt[positionOf[q]] = seq.extra![q];
    m++;
  }
  const sequence = new Int32Array(m);
  const first = new Int32Array(m);
  const length = new Int32Array(m);
  const values = new Float64Array(m);
  const extra = extraAt && new Float64Array(m);
  const sharedFunctions = new Int32Array(m);
  const sharedFrames = new Int32Array(m);
  let functions = 0;
  let frames = 0;
  let weight = 0;
  for (let i = 0, k = 0; i < count; i++) {
    if (lcpFunction[i] < functions) functions = lcpFunction[i];
    if (lcpFrame[i] < frames) frames = lcpFrame[i];
    const v = valueAt[i];
    if (v === 0) continue;
    weight += v < 0 ? -v : v;
    sequence[k] = order[i];
    first[k] = sorted.first[i];
    length[k] = sorted.length[i];
    values[k] = v;
    if (extra) extra[k] = extraAt![i];
    sharedFunctions[k] = k === 0 ? 0 : functions;
    sharedFrames[k] = k === 0 ? 0 : frames;
    k++;
    functions = frames = 0x7fffffff;
  }
  return { count: m, sequence, first, length, value: values, extra, sharedFunctions, sharedFrames, maxLength: sorted.maxLength, weight };
}

/** Width classes of weights: the top 16 bits of the float32 (monotone in the weight, within 1%). */
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
function widthClass(w: number): number {
  f32[0] = w;
  return u32[0] >>> 16;
}

/**
 * First pass: every node's weight, without reading a frame. Level L is depth L - 1 of the sequences (level 0: the
 * whole). A sequence shares levels up to `shared` with the one before and `next` with the one after; its nodes
 * below both are its own (a chain weighing its |value|). Answers the weight of the `most`-th widest node
 * (-Infinity when there are fewer) and the width class of each node shared by several sequences, in the order they
 * open (the second pass opens them in the same order).
 */
function weigh(path: SelectedPath, most: number, levelZeroIsNode: boolean): { narrowest: number; widthOf: Uint16Array | undefined; nodes: number } {
  const { count, length, value, sharedFunctions } = path;
  // Small trees: nothing to cut by width.
  let bound = 1;
  let sharedNodes = 0;
  for (let k = 0; k < count; k++) {
    const shared = sharedFunctions[k];
    const next = k + 1 < count ? sharedFunctions[k + 1] : 0;
    bound += length[k] - shared;
    if (next > shared) sharedNodes += next - shared;
  }
  if (bound <= most) return { narrowest: -Infinity, widthOf: undefined, nodes: bound };
  const widest = new WidthHistogram(most);
  const weight = new Float64Array(path.maxLength + 2);
  const opened = new Int32Array(path.maxLength + 2);
  const widthOf = new Uint16Array(sharedNodes);
  let at = 0;
  let top = 0;
  for (let k = 0; k < count; k++) {
    const shared = sharedFunctions[k];
    const next = k + 1 < count ? sharedFunctions[k + 1] : 0;
    while (top > shared) {
      const w = weight[top];
      widthOf[opened[top]] = widthClass(w);
      widest.offer(w, 1);
      weight[--top] += w;
    }
    const len = length[k];
    const own = next > shared ? next : shared;
    for (let level = shared + 1; level <= own; level++) {
      weight[level] = 0;
      opened[level] = at++;
    }
    top = own;
    const v = value[k] < 0 ? -value[k] : value[k];
    if (len > own) widest.offer(v, len - own);
    weight[own] += v;
  }
  while (top > 0) {
    const w = weight[top];
    widthOf[opened[top]] = widthClass(w);
    widest.offer(w, 1);
    weight[--top] += w;
  }
  if (levelZeroIsNode) widest.offer(weight[0], 1);
  return { narrowest: widest.narrowest(), widthOf, nodes: bound };
}

/** The nodes the cut can reach, with what it needs of the others, in depth-first order. */
interface KeptNodes {
  readonly count: number;
  /** The tree's root among them (node 0 is the whole; a sandwich's root, its function, is its only child). */
  readonly root: number;
  readonly parent: Int32Array;
  readonly fn: Int32Array;
  readonly level: Int32Array;
  readonly weight: Float64Array;
  readonly total: Float64Array;
  readonly self: Float64Array;
  readonly extra: Float64Array;
  /** The first sequence (by index) through the node: children are created in this order. */
  readonly firstSequence: Int32Array;
  /** Per node: its children narrower than the cut can reach: how many, the widest, their sums. */
  readonly narrowCount: Int32Array;
  readonly narrowWidest: Float64Array;
  readonly narrowTotal: Float64Array;
  readonly narrowExtra: Float64Array;
  /** Line entries as linked lists: node n's first is entryHead[n] (-1: none). */
  readonly entryHead: Int32Array;
  readonly entryNext: Int32Array;
  readonly entryKey: Int32Array;
  readonly entrySelf: Float64Array;
  readonly entryTotal: Float64Array;
}

/**
 * Second pass: the nodes at least `threshold` wide (by class, so a few a little narrower too; all of them when
 * `widthOf` is not given), each with its sums and lines; under each, one open level gathers its narrower children,
 * and nothing deeper is opened. A level's line entry changes where a sequence's frame differs from the one before
 * within their common functions (from sharedFrames on): entries sum the sequences of each run by differences of a
 * running sum.
 */
/** @param expected about how many nodes it keeps (its columns are made that long at first) */
function collect(seq: FrameSequences, path: SelectedPath, shape: TreeShape, widthOf: Uint16Array | undefined, threshold: number, expected: number): KeptNodes {
  const { step, frames } = seq;
  const { functionOfFrame, lineKeyOfFrame } = shape;
  const { count, sequence, first, length, value, sharedFunctions, sharedFrames } = path;
  const seqExtra = path.extra;
  const least = widthOf && threshold > 0 ? widthClass(threshold) : 0;
  const levels = path.maxLength + 2;
  const weight = new Float64Array(levels);
  const total = new Float64Array(levels);
  const self = new Float64Array(levels);
  const extra = new Float64Array(levels);
  const firstSeq = new Int32Array(levels);
  const node = new Int32Array(levels);
  const lineKey = new Int32Array(levels);
  const runStart = new Float64Array(levels);
  const runSelf = new Float64Array(levels);
  const narrowCount = new Int32Array(levels);
  const narrowWidest = new Float64Array(levels);
  const narrowTotal = new Float64Array(levels);
  const narrowExtra = new Float64Array(levels);
  const out = new NodeColumns(expected);
  let running = 0;
  let sharedAt = 0;

  const open = (level: number, kept: boolean, frame: number, q: number) => {
    weight[level] = total[level] = self[level] = extra[level] = 0;
    firstSeq[level] = q;
    narrowCount[level] = 0;
    narrowWidest[level] = narrowTotal[level] = narrowExtra[level] = 0;
    if (!kept) {
      node[level] = -1;
      return;
    }
    node[level] = out.add(level === 0 ? -1 : node[level - 1], frame < 0 ? shape.rootFunction : functionOfFrame[frame], level);
    lineKey[level] = frame < 0 ? -1 : lineKeyOfFrame[frame];
    runStart[level] = running;
    runSelf[level] = 0;
  };
  const endRun = (level: number) => {
    if (lineKey[level] >= 0) out.addEntry(node[level], lineKey[level], running - runStart[level], runSelf[level]);
  };
  const close = (level: number) => {
    const n = node[level];
    if (n >= 0) {
      endRun(level);
      out.finishNode(n, weight[level], total[level], self[level], extra[level], firstSeq[level], narrowCount[level], narrowWidest[level], narrowTotal[level], narrowExtra[level]);
    }
    if (level === 0) return;
    const up = level - 1;
    weight[up] += weight[level];
    total[up] += total[level];
    extra[up] += extra[level];
    if (firstSeq[level] < firstSeq[up]) firstSeq[up] = firstSeq[level];
    if (n < 0) {
      narrowCount[up]++;
      if (weight[level] > narrowWidest[up]) narrowWidest[up] = weight[level];
      narrowTotal[up] += total[level];
      narrowExtra[up] += extra[level];
    }
  };

  open(0, true, -1, 0x7fffffff);
  let top = 0;
  for (let k = 0; k < count; k++) {
    const q = sequence[k];
    const shared = sharedFunctions[k];
    const next = k + 1 < count ? sharedFunctions[k + 1] : 0;
    const own = next > shared ? next : shared;
    const base = first[k];
    const len = length[k];
    const v = value[k];
    const absV = v < 0 ? -v : v;
    while (top > shared) close(top--);
    // Frames that changed under kept nodes (their functions did not): their line entries may change.
    for (let d = sharedFrames[k]; d < top; d++) {
      const level = d + 1;
      if (node[level] < 0) break;
      const key = lineKeyOfFrame[frames[base + step * d]];
      if (key !== lineKey[level]) {
        endRun(level);
        lineKey[level] = key;
        runStart[level] = running;
        runSelf[level] = 0;
      }
    }
    // New nodes, down to the first one too narrow to keep (it gathers what is below it).
    const classAt = sharedAt - shared - 1;
    sharedAt += own - shared;
    for (let level = top + 1; level <= len; level++) {
      if (node[level - 1] < 0) break;
      const kept = level <= own ? !widthOf || widthOf[classAt + level] >= least : absV >= threshold;
      open(level, kept, kept ? frames[base + step * (level - 1)] : -1, q);
      top = level;
    }
    weight[top] += absV;
    total[top] += v;
    if (seqExtra) extra[top] += seqExtra[k];
    if (q < firstSeq[top]) firstSeq[top] = q;
    if (top === len) {
      self[top] += v;
      runSelf[top] += v;
    }
    running += v;
  }
  while (top > 0) close(top--);
  close(0);
  return out.finish(shape.rootFunction);
}

/**
 * How many nodes weigh what, by width class: the class of the `most`-th widest node bounds the cut from below (its
 * least weight), within 1% of that node's own weight. O(1) per node, in a table that stays in cache.
 */
class WidthHistogram {
  private readonly count = new Float64Array(1 << 16);
  private offered = 0;

  constructor(private readonly most: number) {}

  offer(w: number, times: number): void {
    this.count[widthClass(w)] += times;
    this.offered += times;
  }

  /** The least weight of the `most`-th widest node's class, or -Infinity when fewer were offered. */
  narrowest(): number {
    if (this.offered < this.most) return -Infinity;
    let held = 0;
    for (let c = this.count.length - 1; c >= 0; c--) {
      held += this.count[c];
      if (held >= this.most) {
        u32[0] = c << 16;
        return f32[0];
      }
    }
    return -Infinity;
  }
}

/** The kept nodes' columns as the second pass fills them. */
class NodeColumns {
  private readonly parent: GrowableInt32;
  private readonly fn: GrowableInt32;
  private readonly level: GrowableInt32;
  private readonly weight: GrowableFloat64;
  private readonly total: GrowableFloat64;
  private readonly self: GrowableFloat64;
  private readonly extra: GrowableFloat64;
  private readonly firstSequence: GrowableInt32;
  private readonly narrowCount: GrowableInt32;
  private readonly narrowWidest: GrowableFloat64;
  private readonly narrowTotal: GrowableFloat64;
  private readonly narrowExtra: GrowableFloat64;
  private readonly entryHead: GrowableInt32;
  private readonly entryNext: GrowableInt32;
  private readonly entryKey: GrowableInt32;
  private readonly entrySelf: GrowableFloat64;
  private readonly entryTotal: GrowableFloat64;

  /** @param capacity the columns' first length (they grow past it when needed) */
  constructor(capacity: number) {
    this.parent = new GrowableInt32(capacity);
    this.fn = new GrowableInt32(capacity);
    this.level = new GrowableInt32(capacity);
    this.weight = new GrowableFloat64(capacity);
    this.total = new GrowableFloat64(capacity);
    this.self = new GrowableFloat64(capacity);
    this.extra = new GrowableFloat64(capacity);
    this.firstSequence = new GrowableInt32(capacity);
    this.narrowCount = new GrowableInt32(capacity);
    this.narrowWidest = new GrowableFloat64(capacity);
    this.narrowTotal = new GrowableFloat64(capacity);
    this.narrowExtra = new GrowableFloat64(capacity);
    this.entryHead = new GrowableInt32(capacity);
    this.entryNext = new GrowableInt32(capacity);
    this.entryKey = new GrowableInt32(capacity);
    this.entrySelf = new GrowableFloat64(capacity);
    this.entryTotal = new GrowableFloat64(capacity);
  }

  add(parent: number, fn: number, level: number): number {
    const id = this.parent.length;
    this.parent.push(parent);
    this.fn.push(fn);
    this.level.push(level);
    this.weight.push(0);
    this.total.push(0);
    this.self.push(0);
    this.extra.push(0);
    this.firstSequence.push(0);
    this.narrowCount.push(0);
    this.narrowWidest.push(0);
    this.narrowTotal.push(0);
    this.narrowExtra.push(0);
    this.entryHead.push(-1);
    return id;
  }

  finishNode(node: number, weight: number, total: number, self: number, extra: number, firstSequence: number, narrowCount: number, narrowWidest: number, narrowTotal: number, narrowExtra: number): void {
    this.weight.data[node] = weight;
    this.total.data[node] = total;
    this.self.data[node] = self;
    this.extra.data[node] = extra;
    this.firstSequence.data[node] = firstSequence;
    this.narrowCount.data[node] = narrowCount;
    this.narrowWidest.data[node] = narrowWidest;
    this.narrowTotal.data[node] = narrowTotal;
    this.narrowExtra.data[node] = narrowExtra;
  }

  addEntry(node: number, key: number, total: number, self: number): void {
    for (let e = this.entryHead.data[node]; e >= 0; e = this.entryNext.data[e]) {
      if (this.entryKey.data[e] === key) {
        this.entryTotal.data[e] += total;
        this.entrySelf.data[e] += self;
        return;
      }
    }
    const e = this.entryKey.length;
    this.entryKey.push(key);
    this.entryTotal.push(total);
    this.entrySelf.push(self);
    this.entryNext.push(this.entryHead.data[node]);
    this.entryHead.data[node] = e;
  }

  finish(rootFunction: number): KeptNodes {
    // A sandwich's root is its function's node, level 0's only child (or a node of its own when nothing is selected).
    let root = 0;
    if (rootFunction >= 0) {
      root = this.parent.length > 1 ? 1 : this.add(0, rootFunction, 1);
      this.fn.data[root] = rootFunction;
    }
    return {
      count: this.parent.length, root,
      parent: this.parent.data, fn: this.fn.data, level: this.level.data, weight: this.weight.data, total: this.total.data,
      self: this.self.data, extra: this.extra.data, firstSequence: this.firstSequence.data, narrowCount: this.narrowCount.data,
      narrowWidest: this.narrowWidest.data, narrowTotal: this.narrowTotal.data, narrowExtra: this.narrowExtra.data,
      entryHead: this.entryHead.data, entryNext: this.entryNext.data, entryKey: this.entryKey.data, entrySelf: this.entrySelf.data,
      entryTotal: this.entryTotal.data,
    };
  }
}

/**
 * The cut among the nodes kept: widest first (ties: creation order), a node kept while the tree with one "other"
 * node per node with children left out fits in `maxNodes`. No node narrower than `threshold` is kept (when the
 * threshold comes from the first pass, the tree is full before one would be).
 */
function cut(nodes: KeptNodes, shape: TreeShape, threshold: number, minWeight: number, maxNodes: number, withExtra: boolean): BuiltTree {
  const { root, weight, parent: parentOf, firstSequence } = nodes;
  // Each node's children in creation order: the order of their first sequences.
  const { childStart, children } = childLists(parentOf.subarray(0, nodes.count));
  for (let n = 0; n < nodes.count; n++) {
    const a = childStart[n];
    const b = childStart[n + 1];
    if (b - a > 16) children.subarray(a, b).sort((x, y) => firstSequence[x] - firstSequence[y]);
    else {
      for (let i = a + 1; i < b; i++) {
        const c = children[i];
        let j = i - 1;
        while (j >= a && firstSequence[children[j]] > firstSequence[c]) {
          children[j + 1] = children[j];
          j--;
        }
        children[j + 1] = c;
      }
    }
  }
  const created = new Int32Array(nodes.count).fill(-1);
  let nextCreated = 0;
  created[root] = nextCreated++;
  const heap = new NodeHeap(weight, created);
  const pending = new Int32Array(nodes.count);
  const kept = new GrowableInt32();
  let others = 0;
  heap.push(root);
  while (heap.size > 0) {
    const node = heap.peek();
    const parent = parentOf[node];
    if (node !== root) {
      const w = weight[node];
      if (!(w >= minWeight && w > 0) || w < threshold) break;
      const frees = pending[parent] === 1 ? 1 : 0;
      if (kept.length + 1 + others - frees + 1 > maxNodes) break;
    }
    heap.pop();
    kept.push(node);
    if (node !== root && --pending[parent] === 0) others--;
    for (let i = childStart[node]; i < childStart[node + 1]; i++) {
      created[children[i]] = nextCreated++;
      heap.push(children[i]);
    }
    pending[node] = childStart[node + 1] - childStart[node] + nodes.narrowCount[node];
    if (pending[node] > 0) others++;
  }
  return finish(nodes, kept.data.subarray(0, kept.length), childStart, children, shape, withExtra);
}

function finish(nodes: KeptNodes, kept: Int32Array, childStart: Int32Array, children: Int32Array, shape: TreeShape, withExtra: boolean): BuiltTree {
  const newId = new Int32Array(nodes.count).fill(-1);
  for (let i = 0; i < kept.length; i++) newId[kept[i]] = i;
  // One "other" node per kept node with children left out, in the order of the kept nodes.
  let merged = 0;
  let widestMerged = 0;
  const otherOwner = new GrowableInt32();
  const otherTotal = new GrowableFloat64();
  const otherExtra = new GrowableFloat64();
  for (let i = 0; i < kept.length; i++) {
    const p = kept[i];
    let left = nodes.narrowCount[p];
    let total = 0;
    let extra = 0;
    let widest = nodes.narrowWidest[p];
    // (Whole-number sums are exact in any order.)
    for (let c = childStart[p]; c < childStart[p + 1]; c++) {
      const child = children[c];
      if (newId[child] >= 0) continue;
      left++;
      total += nodes.total[child];
      extra += nodes.extra[child];
      if (nodes.weight[child] > widest) widest = nodes.weight[child];
    }
    if (left === 0) continue;
    otherOwner.push(i);
    otherTotal.push(total + nodes.narrowTotal[p]);
    otherExtra.push(extra + nodes.narrowExtra[p]);
    merged += left;
    if (widest > widestMerged) widestMerged = widest;
  }
  const count = kept.length + otherOwner.length;
  const parent = new Int32Array(count);
  const fn = new Int32Array(count);
  const depth = new Int32Array(count);
  const self = new Float64Array(count);
  const total = new Float64Array(count);
  const extra = withExtra ? new Float64Array(count) : undefined;
  // Kept nodes' columns and lines, read in the nodes' order (depth first, as the passes wrote them) and written at
  // their places in the kept order: each node's lines after the kept ones before it, by key.
  const lineStart = new Int32Array(count + 1);
  const entriesOf = (p: number) => {
    let c = 0;
    for (let e = nodes.entryHead[p]; e >= 0; e = nodes.entryNext[e]) c++;
    return c;
  };
  for (let p = 0; p < nodes.count; p++) if (newId[p] >= 0) lineStart[newId[p] + 1] = entriesOf(p);
  for (let i = 0; i < count; i++) lineStart[i + 1] += lineStart[i];
  const lines = lineStart[count];
  const lineKey = new Int32Array(lines);
  const lineSelf = new Float64Array(lines);
  const lineTotal = new Float64Array(lines);
  const rootLevel = nodes.level[nodes.root];
  for (let p = 0; p < nodes.count; p++) {
    const i = newId[p];
    if (i < 0) continue;
    parent[i] = i === 0 ? -1 : newId[nodes.parent[p]];
    fn[i] = nodes.fn[p];
    depth[i] = nodes.level[p] - rootLevel;
    self[i] = nodes.self[p];
    total[i] = nodes.total[p];
    if (extra) extra[i] = nodes.extra[p];
    // The node's lines by key (a handful: an insertion sort as they are placed).
    const from = lineStart[i];
    let to = from;
    for (let e = nodes.entryHead[p]; e >= 0; e = nodes.entryNext[e], to++) {
      const key = nodes.entryKey[e];
      let j = to;
      while (j > from && lineKey[j - 1] > key) {
        lineKey[j] = lineKey[j - 1];
        lineSelf[j] = lineSelf[j - 1];
        lineTotal[j] = lineTotal[j - 1];
        j--;
      }
      lineKey[j] = key;
      lineSelf[j] = nodes.entrySelf[e];
      lineTotal[j] = nodes.entryTotal[e];
    }
  }
  for (let k = 0; k < otherOwner.length; k++) {
    const o = kept.length + k;
    const owner = otherOwner.data[k];
    parent[o] = owner;
    fn[o] = shape.otherFunction;
    depth[o] = depth[owner] + 1;
    self[o] = total[o] = otherTotal.data[k];
    if (extra) extra[o] = otherExtra.data[k];
  }
  return { count, parent, function: fn, depth, self, total, extra, lineStart, lineKey, lineSelf, lineTotal, merged, widestMerged, rootWeight: nodes.weight[nodes.root] };
}

/**
 * A binary max-heap of nodes by weight (ties: the one created first). Each entry holds its node's weight and creation
 * number beside it, so sifting compares entries of the heap (near each other near its top), not the nodes' columns.
 */
class NodeHeap {
  private weights = new Float64Array(1024);
  private createdAt = new Int32Array(1024);
  private nodes = new Int32Array(1024);
  size = 0;

  constructor(private readonly weight: Float64Array, private readonly created: Int32Array) {}

  peek(): number {
    return this.nodes[0];
  }

  push(node: number): void {
    if (this.size === this.nodes.length) this.grow();
    const { weights, createdAt, nodes } = this;
    const w = this.weight[node];
    const c = this.created[node];
    let i = this.size++;
    while (i > 0) {
      const up = (i - 1) >> 1;
      const wu = weights[up];
      if (!(w > wu || (w === wu && c < createdAt[up]))) break;
      weights[i] = wu;
      createdAt[i] = createdAt[up];
      nodes[i] = nodes[up];
      i = up;
    }
    weights[i] = w;
    createdAt[i] = c;
    nodes[i] = node;
  }

  pop(): void {
    const { weights, createdAt, nodes } = this;
    const n = --this.size;
    if (n === 0) return;
    const w = weights[n];
    const c = createdAt[n];
    const node = nodes[n];
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const m = r < n && (weights[r] > weights[l] || (weights[r] === weights[l] && createdAt[r] < createdAt[l])) ? r : l;
      if (!(weights[m] > w || (weights[m] === w && createdAt[m] < c))) break;
      weights[i] = weights[m];
      createdAt[i] = createdAt[m];
      nodes[i] = nodes[m];
      i = m;
    }
    weights[i] = w;
    createdAt[i] = c;
    nodes[i] = node;
  }

  private grow(): void {
    const room = this.nodes.length * 2;
    const weights = new Float64Array(room);
    weights.set(this.weights);
    const createdAt = new Int32Array(room);
    createdAt.set(this.createdAt);
    const nodes = new Int32Array(room);
    nodes.set(this.nodes);
    this.weights = weights;
    this.createdAt = createdAt;
    this.nodes = nodes;
  }
}
