// The tree a flame graph draws: nodes with a function, self and total, children widest first, and each node's
// horizontal start (in value units from the root's left edge), so laying out a viewport never sums siblings.
// The base tree is the core's call tree as it arrived; derived trees (application code only, sandwich callers
// and callees) are built with DerivedTreeBuilder and point back at a base node for their lines.
import type { CallTree } from '../../../src/core/aggregate/callTree';
import type { FunctionTable } from './functionTable';

export interface FlameTree {
  readonly count: number;
  /** Parent node (-1 for the root); a parent's index is smaller than its children's. */
  readonly parent: Int32Array;
  /** Index into the FunctionTable (pseudo functions included). */
  readonly fn: Int32Array;
  readonly depth: Int32Array;
  readonly self: Float64Array;
  readonly total: Float64Array;
  /** Per node, the value of the count type (samples), when the profile has one. */
  readonly samples: Float64Array | undefined;
  /** Children of n: `children[childStart[n] .. childStart[n + 1])`, widest first. */
  readonly childStart: Int32Array;
  readonly children: Int32Array;
  /** Left edge of each node, in value units from the root's left edge. */
  readonly start: Float64Array;
  /** The base tree's node whose source lines describe this node; undefined: the node itself (a base tree). */
  readonly source: Int32Array | undefined;
  /** The call tree whose line entries describe the nodes (through `source`); undefined: the page's main tree. */
  readonly lines?: CallTree;
  readonly maxDepth: number;
}

/** The base tree: the core's call tree with the root mapped to the table's root pseudo function. */
export function flameTreeFromCallTree(tree: CallTree, functions: FunctionTable, samples: Float64Array | undefined): FlameTree {
  const fn = Int32Array.from(tree.function);
  fn[0] = functions.root;
  let maxDepth = 0;
  for (let n = 0; n < tree.count; n++) if (tree.depth[n] > maxDepth) maxDepth = tree.depth[n];
  return {
    count: tree.count, parent: tree.parent, fn, depth: tree.depth, self: tree.self, total: tree.total,
    samples, childStart: tree.childStart, children: tree.children,
    start: startOffsets(tree.count, tree.childStart, tree.children, tree.total), source: undefined, maxDepth,
  };
}

/** A tree the worker built rooted at a function (a sandwich's callers or callees): its own lines, root included. */
export function flameTreeRootedAt(tree: CallTree): FlameTree {
  let maxDepth = 0;
  for (let n = 0; n < tree.count; n++) if (tree.depth[n] > maxDepth) maxDepth = tree.depth[n];
  return {
    count: tree.count, parent: tree.parent, fn: tree.function, depth: tree.depth, self: tree.self, total: tree.total,
    samples: tree.nodeCount, childStart: tree.childStart, children: tree.children,
    start: startOffsets(tree.count, tree.childStart, tree.children, tree.total), source: undefined, lines: tree, maxDepth,
  };
}

export function startOffsets(count: number, childStart: Int32Array, children: Int32Array, total: Float64Array): Float64Array {
  const start = new Float64Array(count);
  // Parents come before their children, so a node's start is known when its children are placed.
  for (let n = 0; n < count; n++) {
    let x = start[n];
    for (let k = childStart[n]; k < childStart[n + 1]; k++) {
      const c = children[k];
      start[c] = x;
      x += total[c];
    }
  }
  return start;
}

export function sourceNode(tree: FlameTree, node: number): number {
  return tree.source ? tree.source[node] : node;
}

/** Functions from the root down to `node` (the root excluded): how a zoom is remembered across reloads. */
export function functionPath(tree: FlameTree, node: number): number[] {
  const path: number[] = [];
  for (let n = node; n > 0; n = tree.parent[n]) path.push(tree.fn[n]);
  return path.reverse();
}

/** The node at the end of a function path, or the deepest node of it that exists. */
export function nodeAtPath(tree: FlameTree, path: readonly number[]): number {
  let node = 0;
  for (const f of path) {
    let next = -1;
    for (let k = tree.childStart[node]; k < tree.childStart[node + 1]; k++) {
      if (tree.fn[tree.children[k]] === f) { next = tree.children[k]; break; }
    }
    if (next < 0) break;
    node = next;
  }
  return node;
}

/** The node's ancestors from the root, the node included. */
export function ancestry(tree: FlameTree, node: number): number[] {
  const list: number[] = [];
  for (let n = node; n >= 0; n = tree.parent[n]) list.push(n);
  return list.reverse();
}
