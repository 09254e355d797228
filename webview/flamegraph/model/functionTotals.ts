// Flat (self) and cum (total) per function over a tree, for the table beside the graph. Cum counts a function
// once per path however deep it recurses (as pprof), found with one iterative depth-first walk.
import type { FlameTree } from '../../shared/flame/flameTree';

export interface FunctionTotals {
  /** Functions with cost, in the table's default order (total descending). */
  readonly functions: Int32Array;
  readonly self: Float64Array;
  readonly total: Float64Array;
}

export function functionTotals(tree: FlameTree, functionCount: number): FunctionTotals {
  const self = new Float64Array(functionCount);
  const total = new Float64Array(functionCount);
  const onPath = new Int32Array(functionCount);
  const stack = new Int32Array(tree.maxDepth + 2);
  const cursor = new Int32Array(tree.maxDepth + 2);
  let top = 0;
  stack[0] = 0;
  cursor[0] = tree.childStart[0];
  // The root is not a function of the table; walk its children.
  while (top >= 0) {
    const n = stack[top];
    if (cursor[top] < tree.childStart[n + 1]) {
      const c = tree.children[cursor[top]++];
      const f = tree.fn[c];
      if (onPath[f] === 0) total[f] += tree.total[c];
      onPath[f]++;
      self[f] += tree.self[c];
      top++;
      stack[top] = c;
      cursor[top] = tree.childStart[c];
    } else {
      if (top > 0) onPath[tree.fn[n]]--;
      top--;
    }
  }
  const list: number[] = [];
  for (let f = 0; f < functionCount; f++) if (total[f] !== 0 || self[f] !== 0) list.push(f);
  list.sort((a, b) => total[b] - total[a] || self[b] - self[a] || a - b);
  return { functions: Int32Array.from(list), self, total };
}
