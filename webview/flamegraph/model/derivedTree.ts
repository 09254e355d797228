// Builds a FlameTree from another tree's nodes by folding them under new parents: node(parent, function) is found
// or added (a trie), values are summed, and the heaviest contributing base node is kept as the node's source.
import { TrieBuilder } from '../../../src/core/aggregate/trieBuilder';
import { childrenByTotal, startOffsets, type FlameTree } from '../../shared/flame/flameTree';

export class DerivedTreeBuilder {
  private readonly trie = new TrieBuilder(1 << 10);
  private self = new Float64Array(1024);
  private total = new Float64Array(1024);
  private samples: Float64Array | undefined;
  private source = new Int32Array(1024);
  private sourceWeight = new Float64Array(1024);
  private fns = new Int32Array(1024);

  /** @param rootFunction the function of the root node @param withSamples keep a samples column */
  constructor(private readonly rootFunction: number, withSamples: boolean) {
    if (withSamples) this.samples = new Float64Array(1024);
    this.source[0] = 0;
    this.sourceWeight[0] = -1;
  }

  /** The child of `parent` for function `fn`, created when new. */
  node(parent: number, fn: number): number {
    const before = this.trie.count;
    const n = this.trie.child(parent, fn);
    if (n >= this.self.length) this.grow();
    if (n === before) {
      this.sourceWeight[n] = -1;
      this.fns[n] = fn;
    }
    return n;
  }

  /** The function of a node built so far. */
  fnOf(node: number): number {
    return node === 0 ? this.rootFunction : this.fns[node];
  }

  /** Adds a base node's values to a node; `source` becomes the node's source when it weighs the most so far. */
  add(node: number, self: number, total: number, samples: number, source: number): void {
    this.self[node] += self;
    this.total[node] += total;
    if (this.samples) this.samples[node] += samples;
    if (total > this.sourceWeight[node]) {
      this.sourceWeight[node] = total;
      this.source[node] = source;
    }
  }

  get count(): number {
    return this.trie.count;
  }

  finish(): FlameTree {
    const count = this.trie.count;
    const { parent, item } = this.trie.columns();
    item[0] = this.rootFunction;
    const total = this.total.slice(0, count);
    const depth = new Int32Array(count);
    let maxDepth = 0;
    for (let n = 1; n < count; n++) {
      depth[n] = depth[parent[n]] + 1;
      if (depth[n] > maxDepth) maxDepth = depth[n];
    }
    const { childStart, children } = childrenByTotal(parent, total);
    return {
      count, parent, fn: item, depth, self: this.self.slice(0, count), total,
      samples: this.samples?.slice(0, count), childStart, children,
      start: startOffsets(count, childStart, children, total), source: this.source.slice(0, count), maxDepth,
    };
  }

  private grow(): void {
    const size = this.self.length * 2;
    const f64 = (a: Float64Array) => { const b = new Float64Array(size); b.set(a); return b; };
    this.self = f64(this.self);
    this.total = f64(this.total);
    if (this.samples) this.samples = f64(this.samples);
    this.sourceWeight = f64(this.sourceWeight);
    const i32 = (a: Int32Array) => { const b = new Int32Array(size); b.set(a); return b; };
    this.source = i32(this.source);
    this.fns = i32(this.fns);
  }
}

