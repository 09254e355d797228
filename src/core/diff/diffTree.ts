/**
 * The union call tree of both sides, for a diff flame graph: one node per function per call path (as
 * buildCallTree), present if the path exists on either side, with the base's and the head's self and total
 * values. Functions are matched across builds by functionKey, so a path whose files moved between builds is one
 * node. A consumer colours a node by headTotal/headRoot − baseTotal/baseRoot (the change of its share).
 *
 * Columns, like CallTree: node 0 is the root; a parent's index is smaller than its children's; children of n
 * are `children[childStart[n] .. childStart[n + 1])`, ordered by the larger of the node's two shares, descending.
 * `toJSON` gives plain arrays (numbers and strings only) to post to a webview.
 */
import { callTree, type CallTree } from '../aggregate/callTree';
import { TrieBuilder } from '../aggregate/trieBuilder';
import type { TreeLimits } from '../aggregate/treeBuilder';
import type { Selection } from '../query/types';
import { functionKey } from './functionKey';
import { childListsByWeight } from '../aggregate/childLists';

export interface DiffTree {
  readonly count: number;
  readonly parent: Int32Array;
  /** Index into `functions` (-1 for the root). */
  readonly function: Int32Array;
  readonly baseSelf: Float64Array;
  readonly baseTotal: Float64Array;
  readonly headSelf: Float64Array;
  readonly headTotal: Float64Array;
  readonly childStart: Int32Array;
  readonly children: Int32Array;
  /** The union function table: name and file (as the head names it, else the base). */
  readonly functions: readonly { readonly name: string; readonly file: string }[];
  readonly type: string;
  readonly unit: string;
}

export interface DiffTreeJSON {
  type: string;
  unit: string;
  functions: { name: string; file: string }[];
  parent: number[];
  function: number[];
  baseSelf: number[];
  baseTotal: number[];
  headSelf: number[];
  headTotal: number[];
}

/**
 * Each side's call tree is cut as it is built (callTree.ts): the union only ever shows nodes above a share of its
 * side (the diff page prunes at 0.01%), so nodes a tenth of that narrow on both sides are merged into "(smaller
 * calls)", which match across sides by that name.
 */
export const DIFF_TREE_LIMITS: TreeLimits = { minShare: 1e-5, maxNodes: 1 << 20 };

export function buildDiffTree(base: Selection, head: Selection, limits: TreeLimits = DIFF_TREE_LIMITS): DiffTree {
  return unionCallTrees(callTree(base, limits), callTree(head, limits));
}

/** Merges two call trees (of the same sample type) by function path. */
export function unionCallTrees(base: CallTree, head: CallTree): DiffTree {
  const functions: { name: string; file: string }[] = [];
  const functionIndex = new Map<string, number>();
  const unionFunctions = (tree: CallTree, preferThis: boolean) => {
    const map = new Int32Array(tree.functions.count).fill(-1);
    // The cut's "(smaller calls…)" function (last, when nodes were merged) is one function on both sides.
    const smaller = tree.merged > 0 ? tree.functions.count - 1 : -1;
    return (f: number) => {
      if (map[f] >= 0) return map[f];
      const name = f === smaller ? '(smaller calls)' : tree.strings.get(tree.functions.name[f]);
      const file = f === smaller ? '' : tree.strings.get(tree.functions.file[f]);
      const key = functionKey(name, file);
      let u = functionIndex.get(key);
      if (u === undefined) {
        u = functions.length;
        functions.push({ name, file });
        functionIndex.set(key, u);
      } else if (preferThis) {
        functions[u] = { name, file };
      }
      map[f] = u;
      return u;
    };
  };

  const trie = new TrieBuilder(Math.max(1 << 12, base.count + head.count));
  const placeBase = placeNodes(base, trie, unionFunctions(base, false));
  const placeHead = placeNodes(head, trie, unionFunctions(head, true));
  const count = trie.count;
  const { parent, item } = trie.columns();
  const baseSelf = new Float64Array(count);
  const baseTotal = new Float64Array(count);
  const headSelf = new Float64Array(count);
  const headTotal = new Float64Array(count);
  for (let n = 0; n < base.count; n++) {
    baseSelf[placeBase[n]] += base.self[n];
    baseTotal[placeBase[n]] += base.total[n];
  }
  for (let n = 0; n < head.count; n++) {
    headSelf[placeHead[n]] += head.self[n];
    headTotal[placeHead[n]] += head.total[n];
  }
  const baseRoot = baseTotal[0] || 1;
  const headRoot = headTotal[0] || 1;
  const weight = (n: number) => Math.max(baseTotal[n] / baseRoot, headTotal[n] / headRoot);
  const { childStart, children } = childListsByWeight(parent, weight);
  return {
    count, parent, function: item, baseSelf, baseTotal, headSelf, headTotal, childStart, children, functions,
    type: head.sampleType.type, unit: head.sampleType.unit,
  };
}

/** Node of `tree` → node of the union trie (parents come first in both). */
function placeNodes(tree: CallTree, trie: TrieBuilder, unionFunction: (f: number) => number): Int32Array {
  const place = new Int32Array(tree.count);
  for (let n = 1; n < tree.count; n++) place[n] = trie.child(place[tree.parent[n]], unionFunction(tree.function[n]));
  return place;
}

export function diffTreeToJSON(tree: DiffTree): DiffTreeJSON {
  return {
    type: tree.type,
    unit: tree.unit,
    functions: tree.functions.map((f) => ({ name: f.name, file: f.file })),
    parent: Array.from(tree.parent),
    function: Array.from(tree.function),
    baseSelf: Array.from(tree.baseSelf),
    baseTotal: Array.from(tree.baseTotal),
    headSelf: Array.from(tree.headSelf),
    headTotal: Array.from(tree.headTotal),
  };
}
