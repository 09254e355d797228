// The diff flame graph's data as it crosses from the profile worker to the diff page: the union call tree of both
// releases (src/core/diff/diffTree.ts) pruned to the nodes that can matter on screen, as one ArrayBuffer (typed
// columns + a UTF-8 string table) that is transferred, never copied into JSON. A 20 MB pair of profiles makes
// millions of union nodes; nodes under a share threshold on both sides are invisible in any view the user starts
// from (a pixel of a 1,400 px graph is 0.07%), so they stay behind.
import type { DiffTree } from '../core/diff/diffTree';

export interface DiffFlameLocation {
  /** Absolute workspace path (only files inside the workspace folders get one). */
  readonly path: string;
  /** 1-based line to open (the function's hot line in today's text). */
  readonly line: number;
}

export interface DiffFlameOptions {
  /** Nodes whose share is below this on both sides are dropped (default 1e-4 = 0.01%). */
  readonly minShare?: number;
  /** At most this many nodes are kept; the threshold rises until they fit (default 150,000). */
  readonly maxNodes?: number;
  /** Per node: is the change of its total share more than sampling noise? Undefined: every change counts. */
  readonly significant?: (baseShare: number, headShare: number) => boolean;
  /** The workspace location of a union function (by index into tree.functions), if it has one. */
  readonly location?: (fn: number) => DiffFlameLocation | undefined;
}

/** The decoded payload: node columns (parents before children), the function table, and what pruning did. */
export interface DiffFlameData {
  readonly type: string;
  readonly unit: string;
  readonly count: number;
  readonly parent: Int32Array;
  readonly fn: Int32Array;
  readonly baseSelf: Float64Array;
  readonly baseTotal: Float64Array;
  readonly headSelf: Float64Array;
  readonly headTotal: Float64Array;
  /** 1 when the node's change of share is beyond sampling noise. */
  readonly significant: Uint8Array;
  readonly names: readonly string[];
  readonly files: readonly string[];
  /** Per function: index into `paths`, or -1; and the line to open. */
  readonly locationPath: Int32Array;
  readonly locationLine: Int32Array;
  readonly paths: readonly string[];
  /** Root totals of each side (shares are node total / root total). */
  readonly baseRoot: number;
  readonly headRoot: number;
  /** The threshold that was applied, and the union tree's size before pruning. */
  readonly minShare: number;
  readonly unionNodes: number;
}

export const DEFAULT_MIN_SHARE = 1e-4;
export const DEFAULT_MAX_NODES = 150_000;
const VERSION = 1;
const HEADER = 10;

/**
 * The union nodes to keep, in tree order: the root, and every node whose larger share is at least the threshold
 * and whose parent is kept. A node's total never exceeds its parent's on either side, so the kept set is a
 * connected top of the tree. Returns the kept node indices and the threshold used.
 */
export function pruneDiffTree(tree: DiffTree, minShare = DEFAULT_MIN_SHARE, maxNodes = DEFAULT_MAX_NODES): { nodes: Int32Array; minShare: number } {
  const count = tree.count;
  if (count === 0) return { nodes: new Int32Array(0), minShare };
  const baseRoot = tree.baseTotal[0] || 1;
  const headRoot = tree.headTotal[0] || 1;
  const weight = new Float64Array(count);
  for (let n = 0; n < count; n++) weight[n] = Math.max(tree.baseTotal[n] / baseRoot, tree.headTotal[n] / headRoot);
  let threshold = minShare;
  const keep = () => {
    const kept = new Uint8Array(count);
    kept[0] = 1;
    let k = 1;
    for (let n = 1; n < count; n++) {
      if (kept[tree.parent[n]] && weight[n] >= threshold && weight[n] > 0) { kept[n] = 1; k++; }
    }
    return { kept, k };
  };
  let { kept, k } = keep();
  if (k > Math.max(1, maxNodes)) {
    // Raise the threshold to the weight of the maxNodes-th heaviest node (ties may keep slightly fewer).
    const sorted = Float64Array.from(weight.subarray(1)).sort();
    threshold = sorted[Math.max(0, sorted.length - Math.max(1, maxNodes - 1))];
    // Ties at the threshold could still overflow: step just above it.
    ({ kept, k } = keep());
    if (k > maxNodes) {
      threshold = nextUp(threshold);
      ({ kept, k } = keep());
    }
  }
  const nodes = new Int32Array(k);
  for (let n = 0, i = 0; n < count; n++) if (kept[n]) nodes[i++] = n;
  return { nodes, minShare: threshold };
}

function nextUp(x: number): number {
  return x === 0 ? Number.MIN_VALUE : x * (1 + Number.EPSILON);
}

/** Prunes and encodes a union tree; the returned buffer is meant to be transferred. */
export function encodeDiffFlame(tree: DiffTree, options: DiffFlameOptions = {}): ArrayBuffer {
  const { nodes, minShare } = pruneDiffTree(tree, options.minShare ?? DEFAULT_MIN_SHARE, options.maxNodes ?? DEFAULT_MAX_NODES);
  const count = nodes.length;
  const baseRoot = tree.count > 0 ? tree.baseTotal[0] : 0;
  const headRoot = tree.count > 0 ? tree.headTotal[0] : 0;

  // Functions used by kept nodes, renumbered densely.
  const fnMap = new Map<number, number>();
  const usedFns: number[] = [];
  const newIndex = new Int32Array(tree.count).fill(-1);
  nodes.forEach((n, i) => { newIndex[n] = i; });
  const parent = new Int32Array(count);
  const fn = new Int32Array(count);
  const baseSelf = new Float64Array(count);
  const baseTotal = new Float64Array(count);
  const headSelf = new Float64Array(count);
  const headTotal = new Float64Array(count);
  const significant = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const n = nodes[i];
    parent[i] = n === 0 ? -1 : newIndex[tree.parent[n]];
    const f = tree.function[n];
    if (f < 0) fn[i] = -1;
    else {
      let g = fnMap.get(f);
      if (g === undefined) { g = usedFns.length; usedFns.push(f); fnMap.set(f, g); }
      fn[i] = g;
    }
    baseSelf[i] = tree.baseSelf[n];
    baseTotal[i] = tree.baseTotal[n];
    headSelf[i] = tree.headSelf[n];
    headTotal[i] = tree.headTotal[n];
    const b = baseRoot > 0 ? baseTotal[i] / baseRoot : 0;
    const h = headRoot > 0 ? headTotal[i] / headRoot : 0;
    significant[i] = (options.significant ? options.significant(b, h) : b !== h) ? 1 : 0;
  }
  const paths: string[] = [];
  const pathIndex = new Map<string, number>();
  const locationPath = new Int32Array(usedFns.length).fill(-1);
  const locationLine = new Int32Array(usedFns.length);
  usedFns.forEach((f, g) => {
    const loc = options.location?.(f);
    if (!loc) return;
    let p = pathIndex.get(loc.path);
    if (p === undefined) { p = paths.length; paths.push(loc.path); pathIndex.set(loc.path, p); }
    locationPath[g] = p;
    locationLine[g] = Math.max(1, Math.floor(loc.line || 1));
  });

  const strings = [tree.type, tree.unit, ...usedFns.map((f) => tree.functions[f].name), ...usedFns.map((f) => tree.functions[f].file), ...paths];
  const bytes = strings.map((s) => new TextEncoder().encode(s));
  const stringBytes = bytes.reduce((a, b) => a + b.length, 0);

  const layout = new Layout();
  const header = layout.f64(HEADER);
  const cols = {
    baseSelf: layout.f64(count), baseTotal: layout.f64(count), headSelf: layout.f64(count), headTotal: layout.f64(count),
    parent: layout.i32(count), fn: layout.i32(count), locationPath: layout.i32(usedFns.length), locationLine: layout.i32(usedFns.length),
    stringEnds: layout.u32(strings.length), significant: layout.u8(count), strings: layout.u8(stringBytes),
  };
  const buffer = new ArrayBuffer(layout.size);
  new Float64Array(buffer, header, HEADER).set([VERSION, count, usedFns.length, paths.length, baseRoot, headRoot, minShare, tree.count, strings.length, stringBytes]);
  new Float64Array(buffer, cols.baseSelf, count).set(baseSelf);
  new Float64Array(buffer, cols.baseTotal, count).set(baseTotal);
  new Float64Array(buffer, cols.headSelf, count).set(headSelf);
  new Float64Array(buffer, cols.headTotal, count).set(headTotal);
  new Int32Array(buffer, cols.parent, count).set(parent);
  new Int32Array(buffer, cols.fn, count).set(fn);
  new Int32Array(buffer, cols.locationPath, usedFns.length).set(locationPath);
  new Int32Array(buffer, cols.locationLine, usedFns.length).set(locationLine);
  new Uint8Array(buffer, cols.significant, count).set(significant);
  const ends = new Uint32Array(buffer, cols.stringEnds, strings.length);
  const blob = new Uint8Array(buffer, cols.strings, stringBytes);
  let at = 0;
  bytes.forEach((b, i) => { blob.set(b, at); at += b.length; ends[i] = at; });
  return buffer;
}

/** Reads a buffer made by encodeDiffFlame; throws on anything else (a page must not draw garbage). */
export function decodeDiffFlame(buffer: ArrayBuffer): DiffFlameData {
  if (buffer.byteLength < HEADER * 8) throw new Error('diff flame graph data is truncated');
  const h = new Float64Array(buffer, 0, HEADER);
  const [version, count, fns, pathCount, baseRoot, headRoot, minShare, unionNodes, stringCount, stringBytes] = h;
  if (version !== VERSION) throw new Error(`diff flame graph data has version ${version}, expected ${VERSION}`);
  if (![count, fns, pathCount, stringCount, stringBytes].every((v) => Number.isInteger(v) && v >= 0)) throw new Error('diff flame graph data has a damaged header');
  const layout = new Layout();
  layout.f64(HEADER);
  const cols = {
    baseSelf: layout.f64(count), baseTotal: layout.f64(count), headSelf: layout.f64(count), headTotal: layout.f64(count),
    parent: layout.i32(count), fn: layout.i32(count), locationPath: layout.i32(fns), locationLine: layout.i32(fns),
    stringEnds: layout.u32(stringCount), significant: layout.u8(count), strings: layout.u8(stringBytes),
  };
  if (layout.size !== buffer.byteLength) throw new Error(`diff flame graph data is ${buffer.byteLength} bytes, its header says ${layout.size}`);
  const ends = new Uint32Array(buffer, cols.stringEnds, stringCount);
  const blob = new Uint8Array(buffer, cols.strings, stringBytes);
  const decoder = new TextDecoder();
  const strings: string[] = [];
  for (let i = 0, from = 0; i < stringCount; i++) { strings.push(decoder.decode(blob.subarray(from, ends[i]))); from = ends[i]; }
  const parent = new Int32Array(buffer, cols.parent, count);
  const fn = new Int32Array(buffer, cols.fn, count);
  for (let n = 0; n < count; n++) {
    if (n > 0 && !(parent[n] >= 0 && parent[n] < n)) throw new Error(`diff flame graph node ${n} has parent ${parent[n]}`);
    if (fn[n] >= fns || (n > 0 && fn[n] < 0)) throw new Error(`diff flame graph node ${n} has function ${fn[n]}`);
  }
  const locationPath = new Int32Array(buffer, cols.locationPath, fns);
  for (const p of locationPath) if (p >= pathCount) throw new Error(`diff flame graph location ${p} is out of range`);
  return {
    type: strings[0], unit: strings[1], count, parent, fn,
    baseSelf: new Float64Array(buffer, cols.baseSelf, count), baseTotal: new Float64Array(buffer, cols.baseTotal, count),
    headSelf: new Float64Array(buffer, cols.headSelf, count), headTotal: new Float64Array(buffer, cols.headTotal, count),
    significant: new Uint8Array(buffer, cols.significant, count),
    names: strings.slice(2, 2 + fns), files: strings.slice(2 + fns, 2 + 2 * fns), paths: strings.slice(2 + 2 * fns, 2 + 2 * fns + pathCount),
    locationPath, locationLine: new Int32Array(buffer, cols.locationLine, fns),
    baseRoot, headRoot, minShare, unionNodes,
  };
}

/** Byte offsets of the columns, each aligned to its element size. */
class Layout {
  size = 0;
  private take(bytes: number, align: number): number {
    this.size = Math.ceil(this.size / align) * align;
    const at = this.size;
    this.size += bytes;
    return at;
  }
  f64(n: number) { return this.take(n * 8, 8); }
  i32(n: number) { return this.take(n * 4, 4); }
  u32(n: number) { return this.take(n * 4, 4); }
  u8(n: number) { return this.take(n, 1); }
}
