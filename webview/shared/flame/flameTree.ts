// The tree a flame view draws — the flame graph's and the diff flame graph's alike: nodes with a function, self and
// total, children widest first, and each node's horizontal start (in value units from the root's left edge), so
// laying out a viewport never sums siblings. Derived trees (application code only, sandwich callers and callees)
// point back at a base node for their lines.
import type { CallTree } from '../../../src/core/aggregate/callTree';
import { childListsByWeight } from '../../../src/core/aggregate/childLists';

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

/** Children lists, widest first (the order a flame view lays them out in). */
export function childrenByTotal(parent: Int32Array, total: Float64Array): { childStart: Int32Array; children: Int32Array } {
  return childListsByWeight(parent, (n) => total[n]);
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
