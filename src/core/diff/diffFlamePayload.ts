// The diff flame graph's data as it crosses from the profile worker to the diff page: the union call tree of both
// releases (diffTree.ts) pruned to the nodes that can matter on screen, as one ArrayBuffer in core/columnar's layout
// that is transferred, never copied into JSON. A 20 MB pair of profiles makes
// millions of union nodes; nodes under a share threshold on both sides are invisible in any view the user starts
// from (a pixel of a 1,400 px graph is 0.07%), so they stay behind.
import { ColumnarReader, encodeColumnar } from '../columnar/codec';
import type { DiffTree } from './diffTree';

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
  /**
   * Per node and absolute mode: is the change of its cost per second (per profile) more than noise, given its total
   * on each side? A mode without one: every change counts.
   */
  readonly significantPer?: { readonly [P in AbsolutePer]?: (baseTotal: number, headTotal: number) => boolean };
  /** The workspace location of a union function (by index into tree.functions), if it has one. */
  readonly location?: (fn: number) => DiffFlameLocation | undefined;
}

export type AbsolutePer = 'second' | 'profile';

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
  /** 1 when the node's change of cost per second / per profile is beyond sampling noise. */
  readonly significantPer: { readonly [P in AbsolutePer]: Uint8Array };
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
const KIND = 'diffFlame';
const VERSION = 3;

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
  const significantSecond = new Uint8Array(count);
  const significantProfile = new Uint8Array(count);
  const per = options.significantPer ?? {};
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
    const changed = baseTotal[i] !== headTotal[i];
    significantSecond[i] = (per.second ? per.second(baseTotal[i], headTotal[i]) : changed) ? 1 : 0;
    significantProfile[i] = (per.profile ? per.profile(baseTotal[i], headTotal[i]) : changed) ? 1 : 0;
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
  return encodeColumnar({
    kind: KIND,
    version: VERSION,
    meta: { type: tree.type, unit: tree.unit, count, baseRoot, headRoot, minShare, unionNodes: tree.count },
    columns: { parent, fn, baseSelf, baseTotal, headSelf, headTotal, significant, significantSecond, significantProfile, locationPath, locationLine },
    strings: { names: usedFns.map((f) => tree.functions[f].name), files: usedFns.map((f) => tree.functions[f].file), paths },
  });
}

interface Meta {
  type: string;
  unit: string;
  count: number;
  baseRoot: number;
  headRoot: number;
  minShare: number;
  unionNodes: number;
}

/** Reads a buffer made by encodeDiffFlame; throws on anything else (a page must not draw garbage). */
export function decodeDiffFlame(buffer: ArrayBuffer): DiffFlameData {
  const r = new ColumnarReader<Meta>(buffer, KIND, VERSION);
  const { type, unit, count, baseRoot, headRoot, minShare, unionNodes } = r.meta;
  const names = r.strings('names');
  const files = r.strings('files');
  const paths = r.strings('paths');
  const fns = names.length;
  const parent = r.column('parent', 'i32');
  const fn = r.column('fn', 'i32');
  const columns = { baseSelf: r.column('baseSelf', 'f64'), baseTotal: r.column('baseTotal', 'f64'), headSelf: r.column('headSelf', 'f64'), headTotal: r.column('headTotal', 'f64') };
  const significant = r.column('significant', 'u8');
  const significantPer = { second: r.column('significantSecond', 'u8'), profile: r.column('significantProfile', 'u8') };
  if (!(Number.isInteger(count) && count >= 0) || files.length !== fns) throw new Error('diff flame graph data has a damaged header');
  for (const c of [parent, fn, significant, significantPer.second, significantPer.profile, ...Object.values(columns)]) if (c.length !== count) throw new Error(`diff flame graph data has ${c.length} values for ${count} nodes`);
  for (let n = 0; n < count; n++) {
    if (n > 0 && !(parent[n] >= 0 && parent[n] < n)) throw new Error(`diff flame graph node ${n} has parent ${parent[n]}`);
    if (fn[n] >= fns || (n > 0 && fn[n] < 0)) throw new Error(`diff flame graph node ${n} has function ${fn[n]}`);
  }
  const locationPath = r.column('locationPath', 'i32');
  const locationLine = r.column('locationLine', 'i32');
  if (locationPath.length !== fns || locationLine.length !== fns) throw new Error('diff flame graph data has a damaged function table');
  for (const p of locationPath) if (p >= paths.length) throw new Error(`diff flame graph location ${p} is out of range`);
  return { type, unit, count, parent, fn, ...columns, significant, significantPer, names, files, locationPath, locationLine, paths, baseRoot, headRoot, minShare, unionNodes };
}
