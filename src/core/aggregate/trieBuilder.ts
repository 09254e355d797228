/**
 * Builds a trie of int32 items (frames, functions) node by node: `child(parent, item)` finds or adds a node.
 * Node 0 is the root. Parents always have smaller indices than their children.
 *
 * Lookup is hybrid, because tries of profiles have a few nodes with many children near the root and long chains
 * of nodes with one or two children below: a node's children are a linked list (first child / next sibling,
 * side by side in one Int32Array, so a walk touches few cache lines), and once a node has more than
 * MAX_LIST_CHILDREN children they are also put in a hash (PairIndex). Creating a node under a new parent thus
 * touches only memory that was just written, instead of a random hash slot per frame.
 */
import { PairIndex } from './pairIndex';

const MAX_LIST_CHILDREN = 8;
const STRIDE = 4; // parent, item, first child, next sibling

export class TrieBuilder {
  private nodes: Int32Array;
  private childCount: Int32Array;
  count = 0;
  private readonly index = new PairIndex(1024);

  constructor(capacity = 1 << 16) {
    this.nodes = new Int32Array(Math.max(16, capacity) * STRIDE);
    this.childCount = new Int32Array(Math.max(16, capacity));
    this.append(-1, -1);
  }

  child(parent: number, item: number): number {
    const nodes = this.nodes;
    const n = this.childCount[parent];
    if (n > MAX_LIST_CHILDREN) {
      const found = this.index.getOrAdd(parent, item, this.count);
      return found >= 0 ? found : this.append(parent, item);
    }
    for (let c = nodes[parent * STRIDE + 2]; c !== -1; c = nodes[c * STRIDE + 3]) {
      if (nodes[c * STRIDE + 1] === item) return c;
    }
    const c = this.append(parent, item);
    if (n + 1 > MAX_LIST_CHILDREN) {
      for (let k = this.nodes[parent * STRIDE + 2]; k !== -1; k = this.nodes[k * STRIDE + 3]) {
        this.index.getOrAdd(parent, this.nodes[k * STRIDE + 1], k);
      }
    }
    return c;
  }

  private append(parent: number, item: number): number {
    const c = this.count++;
    if (c === this.childCount.length) this.grow();
    const nodes = this.nodes;
    nodes[c * STRIDE] = parent;
    nodes[c * STRIDE + 1] = item;
    nodes[c * STRIDE + 2] = -1;
    if (parent >= 0) {
      nodes[c * STRIDE + 3] = nodes[parent * STRIDE + 2];
      nodes[parent * STRIDE + 2] = c;
      this.childCount[parent]++;
    } else {
      nodes[c * STRIDE + 3] = -1;
    }
    return c;
  }

  private grow(): void {
    const nodes = new Int32Array(this.nodes.length * 2);
    nodes.set(this.nodes);
    this.nodes = nodes;
    const counts = new Int32Array(this.childCount.length * 2);
    counts.set(this.childCount);
    this.childCount = counts;
  }

  /** Parent of every node (root: -1) and item of every node (root: -1). */
  columns(): { parent: Int32Array; item: Int32Array } {
    const parent = new Int32Array(this.count);
    const item = new Int32Array(this.count);
    for (let n = 0; n < this.count; n++) {
      parent[n] = this.nodes[n * STRIDE];
      item[n] = this.nodes[n * STRIDE + 1];
    }
    return { parent, item };
  }
}
