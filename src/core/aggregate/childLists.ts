// Children of every node of a tree given by parent links (parents before children, node 0 the root), as
// compressed lists: the children of n are `children[childStart[n] .. childStart[n + 1])`. Built by a counting sort
// on the parent, so in node order; `byWeight` then orders each list widest first, ties by node order, which is
// the order flame graphs draw and tables list. Shared by the call tree, the diff tree and the webviews' trees.

export interface ChildLists {
  readonly childStart: Int32Array;
  readonly children: Int32Array;
}

/** Children in node order. */
export function childLists(parent: Int32Array): ChildLists {
  const count = parent.length;
  const childStart = new Int32Array(count + 1);
  for (let n = 1; n < count; n++) childStart[parent[n] + 1]++;
  for (let n = 0; n < count; n++) childStart[n + 1] += childStart[n];
  const fill = childStart.slice(0, count);
  const children = new Int32Array(Math.max(0, count - 1));
  for (let n = 1; n < count; n++) children[fill[parent[n]]++] = n;
  return { childStart, children };
}

/** Children with each list sorted by `weight` descending (ties: node order). */
export function childListsByWeight(parent: Int32Array, weight: (n: number) => number): ChildLists {
  const { childStart, children } = childLists(parent);
  const before = (x: number, y: number) => weight(y) - weight(x) || x - y;
  for (let n = 0; n < parent.length; n++) {
    const a = childStart[n];
    const b = childStart[n + 1];
    if (b - a > 16) children.set(Array.from(children.subarray(a, b)).sort(before), a);
    else if (b - a > 1) {
      // Most nodes have a few children: sorted in place, without an array per node.
      for (let i = a + 1; i < b; i++) {
        const c = children[i];
        let j = i - 1;
        while (j >= a && before(children[j], c) > 0) {
          children[j + 1] = children[j];
          j--;
        }
        children[j + 1] = c;
      }
    }
  }
  return { childStart, children };
}
