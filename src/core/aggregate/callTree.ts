/**
 * The call tree for flame graphs: one node per function per call path (function-level nodes, like pprof's
 * flame graph), with self and total values, children ordered by total (left-heavy), and for every node the
 * source lines it was at ("which lines of this function, on this path"), from which the node's self/total split.
 *
 * Built in two steps, both without recursion (stacks can be hundreds of frames deep):
 *   1. a stack trie over frames (function + line), root → leaf: one hashed insert per frame of every stack,
 *      inlined frames expanded from the real caller down to the innermost callee;
 *   2. trie nodes folded into function nodes: node(t) = child(node(parent(t)), function(t)), per trie node (not
 *      per sample); a function node's lines are the lines of the trie nodes folded into it.
 * A stack passes through exactly one node per depth, so a node's total never counts a sample twice; recursion
 * shows as nested nodes of the same function, as in every flame graph.
 *
 * Node 0 is the root (function -1); its total is the sum of all values. Values are of one sample type.
 */
import { GrowableFloat64 } from './growable';
import { TrieBuilder } from './trieBuilder';
import type { Strings } from './mergedStrings';
import type { StackSet } from './stackSet';
import { childListsByWeight } from './childLists';

export interface CallTree {
  readonly typeIndex: number;
  readonly sampleType: { readonly type: string; readonly unit: string };
  /** Number of nodes, root included. */
  readonly count: number;
  /** Parent node (-1 for the root). A parent's index is always smaller than its children's. */
  readonly parent: Int32Array;
  /** Function index into `functions` (-1 for the root). */
  readonly function: Int32Array;
  readonly depth: Int32Array;
  readonly self: Float64Array;
  readonly total: Float64Array;
  /** Children of node n: `children[childStart[n] .. childStart[n + 1])`, by total descending. */
  readonly childStart: Int32Array;
  readonly children: Int32Array;
  /** Lines of node n: entries `lineStart[n] .. lineStart[n + 1]` of lineNumber/lineSelf/lineTotal, by line. */
  readonly lineStart: Int32Array;
  readonly lineNumber: Float64Array;
  readonly lineSelf: Float64Array;
  readonly lineTotal: Float64Array;
  /** The function table and strings of the StackSet the tree was built from (shared, not copied). */
  readonly functions: { readonly count: number; readonly name: Int32Array; readonly file: Int32Array; readonly startLine: Float64Array };
  readonly strings: Strings;
}

export function buildCallTree(set: StackSet, typeIndex: number): CallTree {
  const trie = buildFrameTrie(set, typeIndex);
  return foldToFunctions(set, typeIndex, trie);
}

interface FrameTrie {
  count: number;
  parent: Int32Array;
  frame: Int32Array;
  self: Float64Array;
  total: Float64Array;
}

function buildFrameTrie(set: StackSet, typeIndex: number): FrameTrie {
  const types = set.sampleTypes.length;
  const { frameStart, frameList } = set.locations;
  const trie = new TrieBuilder();
  const self = new GrowableFloat64(1 << 16);
  const stackSources = set.stacks.source;
  const stackSamples = set.stacks.sample;

  for (let s = 0; s < set.stacks.count; s++) {
    const v = set.values[s * types + typeIndex];
    if (v === 0) continue;
    const input = set.inputs[stackSources === undefined ? 0 : stackSources[s]];
    const sample = stackSamples === undefined ? s : stackSamples[s];
    const start = input.locationStart[sample];
    let node = 0;
    for (let i = input.locationStart[sample + 1] - 1; i >= start; i--) {
      const loc = input.toMerged[input.locations[i]];
      for (let f = frameStart[loc + 1] - 1; f >= frameStart[loc]; f--) node = trie.child(node, frameList[f]);
    }
    while (self.length < trie.count) self.push(0);
    self.data[node] += v;
  }
  while (self.length < trie.count) self.push(0);
  const count = trie.count;
  const { parent, item } = trie.columns();
  const selfValues = self.trim();
  const total = selfValues.slice();
  for (let t = count - 1; t > 0; t--) total[parent[t]] += total[t];
  return { count, parent, frame: item, self: selfValues, total };
}

function foldToFunctions(set: StackSet, typeIndex: number, trie: FrameTrie): CallTree {
  const frameFunction = set.frames.function;
  const frameLine = set.frames.line;
  const nodeOf = new Int32Array(trie.count);
  const tree = new TrieBuilder(1 << 12);
  for (let t = 1; t < trie.count; t++) nodeOf[t] = tree.child(nodeOf[trie.parent[t]], frameFunction[trie.frame[t]]);
  const count = tree.count;
  const { parent: parents, item: functionOf } = tree.columns();
  const self = new Float64Array(count);
  const total = new Float64Array(count);
  const depth = new Int32Array(count);
  total[0] = trie.total[0];
  for (let t = 1; t < trie.count; t++) {
    self[nodeOf[t]] += trie.self[t];
    total[nodeOf[t]] += trie.total[t];
  }
  for (let n = 1; n < count; n++) depth[n] = depth[parents[n]] + 1;

  const { childStart, children } = childListsByWeight(parents, (n) => total[n]);
  const lines = linesPerNode(trie, nodeOf, count, frameLine);
  return {
    typeIndex,
    sampleType: set.sampleTypes[typeIndex],
    count,
    parent: parents,
    function: functionOf,
    depth,
    self,
    total,
    childStart,
    children,
    ...lines,
    functions: { count: set.functions.count, name: set.functions.name, file: set.functions.file, startLine: set.functions.startLine },
    strings: set.strings,
  };
}

/** Per function node, its (line, self, total) entries summed over the trie nodes folded into it. */
function linesPerNode(trie: FrameTrie, nodeOf: Int32Array, count: number, frameLine: Float64Array) {
  // Trie nodes grouped by function node (counting sort), then merged by line within each group.
  const start = new Int32Array(count + 1);
  for (let t = 1; t < trie.count; t++) start[nodeOf[t] + 1]++;
  for (let n = 0; n < count; n++) start[n + 1] += start[n];
  const fill = start.slice(0, count);
  const grouped = new Int32Array(Math.max(0, trie.count - 1));
  for (let t = 1; t < trie.count; t++) grouped[fill[nodeOf[t]]++] = t;

  const lineStart = new Int32Array(count + 1);
  const number = new GrowableFloat64(trie.count);
  const lineSelf = new GrowableFloat64(trie.count);
  const lineTotal = new GrowableFloat64(trie.count);
  const byLine = new Map<number, number>();
  for (let n = 0; n < count; n++) {
    lineStart[n] = number.length;
    const a = start[n];
    const b = start[n + 1];
    if (b - a === 1) {
      const t = grouped[a];
      number.push(frameLine[trie.frame[t]]);
      lineSelf.push(trie.self[t]);
      lineTotal.push(trie.total[t]);
      continue;
    }
    byLine.clear();
    const entries: [number, number, number][] = [];
    for (let k = a; k < b; k++) {
      const t = grouped[k];
      const line = frameLine[trie.frame[t]];
      let e = byLine.get(line);
      if (e === undefined) {
        e = entries.length;
        byLine.set(line, e);
        entries.push([line, 0, 0]);
      }
      entries[e][1] += trie.self[t];
      entries[e][2] += trie.total[t];
    }
    entries.sort((x, y) => x[0] - y[0]);
    for (const [line, s, tot] of entries) {
      number.push(line);
      lineSelf.push(s);
      lineTotal.push(tot);
    }
  }
  lineStart[count] = number.length;
  return { lineStart, lineNumber: number.trim(), lineSelf: lineSelf.trim(), lineTotal: lineTotal.trim() };
}

/** The node's function name ("(root)" for the root). */
export function nodeName(tree: CallTree, node: number): string {
  const f = tree.function[node];
  return f < 0 ? '(root)' : tree.strings.get(tree.functions.name[f]);
}
