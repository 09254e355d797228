// The flame graph's base tree: the core's call tree as it arrived, with the root mapped to the function table's
// root pseudo function.
import type { CallTree } from '../../../src/core/aggregate/callTree';
import { startOffsets, type FlameTree } from '../../shared/flame/flameTree';
import type { FunctionTable } from './functionTable';

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
