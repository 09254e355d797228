// A call tree cut down to what a flame graph page can hold: at most `maxNodes` nodes, whatever the profile's size.
// An 80 MB heap profile's tree has ~7.4 M nodes (≈ 540 MB serialized); a page draws a few thousand boxes per frame.
// The widest nodes are kept; under each kept node, the children too narrow to keep are merged into one "other"
// node carrying their whole cost. No cost is dropped: every node's total and self stay exact, self still sums to the
// root's total, and a parent's total is still its self plus its children's totals.
import type { CallTree } from '../core/aggregate/callTree';
import type { Strings } from '../core/aggregate/mergedStrings';

export interface TrimmedTree {
  readonly tree: CallTree;
  /** `extra` columns (per node of the input tree) mapped onto the trimmed tree; an "other" node gets its merged nodes' sum. */
  readonly extra: Float64Array | undefined;
  /** Nodes merged into "other" nodes (0 when nothing was cut). */
  readonly merged: number;
}

/**
 * Keeps the `maxNodes / 2` widest nodes (by absolute total, with all their ancestors) and gives each kept node whose
 * children were cut one "other" child, so the result has at most `maxNodes` nodes. `extra` is a per-node column of
 * the input (the sample counts) carried along. The input is returned as it is when it is small enough.
 */
export function trimCallTree(tree: CallTree, maxNodes: number, extra?: Float64Array): TrimmedTree {
  if (tree.count <= maxNodes) return { tree, extra, merged: 0 };
  const n = tree.count;
  const magnitude = new Float64Array(n - 1);
  for (let i = 1; i < n; i++) magnitude[i - 1] = Math.abs(tree.total[i]);
  magnitude.sort();
  // Strictly wider than the (keep + 1)-th widest: at most `keep` nodes pass, ties at the cut go to "other".
  const keep = Math.max(1, Math.floor(maxNodes / 2) - 1);
  const threshold = magnitude[magnitude.length - 1 - keep];

  // New index of each kept node (parents come before their children, so one pass in index order suffices).
  const newIndex = new Int32Array(n).fill(-1);
  newIndex[0] = 0;
  let kept = 1;
  for (let i = 1; i < n; i++) {
    if (newIndex[tree.parent[i]] >= 0 && Math.abs(tree.total[i]) > threshold) newIndex[i] = kept++;
  }
  // One "other" node per kept node that lost children, appended after the kept nodes.
  const otherOf = new Int32Array(kept).fill(-1);
  let count = kept;
  for (let i = 1; i < n; i++) {
    const p = newIndex[tree.parent[i]];
    if (p >= 0 && newIndex[i] < 0 && otherOf[p] < 0) otherOf[p] = count++;
  }

  const otherFunction = tree.functions.count;
  const parent = new Int32Array(count);
  const fn = new Int32Array(count);
  const depth = new Int32Array(count);
  const self = new Float64Array(count);
  const total = new Float64Array(count);
  const column = extra ? new Float64Array(count) : undefined;
  let merged = 0;
  parent[0] = -1;
  fn[0] = -1;
  total[0] = tree.total[0];
  self[0] = tree.self[0];
  if (column) column[0] = extra![0];
  for (let i = 1; i < n; i++) {
    const k = newIndex[i];
    const p = newIndex[tree.parent[i]];
    if (k >= 0) {
      parent[k] = p;
      fn[k] = tree.function[i];
      depth[k] = tree.depth[i];
      self[k] = tree.self[i];
      total[k] = tree.total[i];
      if (column) column[k] = extra![i];
    } else if (p >= 0) {
      // A cut child of a kept node: its whole subtree's cost goes to the parent's "other" node.
      const o = otherOf[p];
      parent[o] = p;
      fn[o] = otherFunction;
      depth[o] = depth[p] + 1;
      self[o] += tree.total[i];
      total[o] += tree.total[i];
      if (column) column[o] += extra![i];
      merged++;
    } else merged++;
  }

  // Children by total, widest first (the page's layout relies on it).
  const childStart = new Int32Array(count + 1);
  for (let k = 1; k < count; k++) childStart[parent[k] + 1]++;
  for (let k = 0; k < count; k++) childStart[k + 1] += childStart[k];
  const fill = childStart.slice(0, count);
  const children = new Int32Array(count - 1);
  for (let k = 1; k < count; k++) children[fill[parent[k]]++] = k;
  for (let k = 0; k < count; k++) {
    const a = childStart[k];
    const b = childStart[k + 1];
    if (b - a > 1) children.set(Array.from(children.subarray(a, b)).sort((x, y) => total[y] - total[x] || x - y), a);
  }

  // Source lines of the kept nodes; "other" nodes have none.
  const lineStart = new Int32Array(count + 1);
  let lines = 0;
  for (let i = 0; i < n; i++) if (newIndex[i] >= 0) lines += tree.lineStart[i + 1] - tree.lineStart[i];
  const lineNumber = new Float64Array(lines);
  const lineSelf = new Float64Array(lines);
  const lineTotal = new Float64Array(lines);
  const source = new Int32Array(kept);
  for (let i = 0; i < n; i++) if (newIndex[i] >= 0) source[newIndex[i]] = i;
  let at = 0;
  for (let k = 0; k < count; k++) {
    lineStart[k] = at;
    if (k >= kept) continue;
    const i = source[k];
    for (let l = tree.lineStart[i]; l < tree.lineStart[i + 1]; l++, at++) {
      lineNumber[at] = tree.lineNumber[l];
      lineSelf[at] = tree.lineSelf[l];
      lineTotal[at] = tree.lineTotal[l];
    }
  }
  lineStart[count] = at;

  const percent = (threshold / Math.abs(tree.total[0] || 1)) * 100;
  const label = `(smaller calls, each at most ${percent.toPrecision(2)}% of the total)`;
  const strings = withString(tree.strings, label);
  const grow = <T extends Int32Array | Float64Array>(a: T, v: number): T => {
    const out = new (a.constructor as new (n: number) => T)(otherFunction + 1);
    out.set(a.subarray(0, otherFunction));
    out[otherFunction] = v;
    return out;
  };
  return {
    tree: {
      typeIndex: tree.typeIndex, sampleType: tree.sampleType, count, parent, function: fn, depth, self, total, childStart, children,
      lineStart, lineNumber, lineSelf, lineTotal,
      functions: {
        count: otherFunction + 1,
        name: grow(tree.functions.name, strings.count - 1),
        file: grow(tree.functions.file, 0),
        startLine: grow(tree.functions.startLine, 0),
      },
      strings,
    },
    extra: column,
    merged,
  };
}

/** The strings plus one more at the end. */
function withString(base: Strings, added: string): Strings {
  const index = base.count;
  return { count: index + 1, get: (i: number) => (i === index ? added : base.get(i)) };
}
