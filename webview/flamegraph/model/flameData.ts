// The flame graph's data as it arrives from the host (two ArrayBuffers) turned into the model the views use:
// the function table and the base tree. Views on the buffers, no copies of the big columns.
import type { CallTree } from '../../../src/core/aggregate/callTree';
import { deserializeCallTree } from '../../../src/core/aggregate/serialize';
import { decodeAnnotations, type FlameAnnotations } from '../../../src/core/aggregate/flameAnnotations';
import { sourceNode, type FlameTree } from '../../shared/flame/flameTree';
import { flameTreeFromCallTree } from './baseTree';
import { FunctionTable } from './functionTable';

export interface FlameData {
  readonly callTree: CallTree;
  readonly annotations: FlameAnnotations;
  readonly functions: FunctionTable;
  readonly base: FlameTree;
}

export function decodeFlameData(tree: ArrayBuffer, annotations: ArrayBuffer, rootLabel: string): FlameData {
  const callTree = deserializeCallTree(tree);
  const notes = decodeAnnotations(annotations);
  if (notes.functionClass.length !== callTree.functions.count) throw new Error('the annotations do not match the call tree');
  const functions = new FunctionTable(callTree, notes, rootLabel);
  const samples = notes.nodeCount && notes.nodeCount.length === callTree.count ? notes.nodeCount : undefined;
  return { callTree, annotations: notes, functions, base: flameTreeFromCallTree(callTree, functions, samples) };
}

/** A node's source lines in today's text, hottest first, with the line's total within the node. */
export function nodeLines(data: FlameData, tree: FlameTree, node: number): { line: number; total: number }[] {
  const base = sourceNode(tree, node);
  const t = tree.lines ?? data.callTree;
  const fn = tree.fn[node];
  const list: { line: number; total: number }[] = [];
  if (base < 0 || (base === 0 && !tree.lines) || fn >= data.functions.realCount) return list;
  for (let l = t.lineStart[base]; l < t.lineStart[base + 1]; l++) {
    if (t.lineCurrent[l] > 0) list.push({ line: t.lineCurrent[l], total: t.lineTotal[l] });
  }
  return list.sort((a, b) => b.total - a.total || a.line - b.line);
}

/** The functions table's rows: every function with cost over the whole selection (exact, from the worker). */
export interface FunctionTotals {
  /** Functions with cost, in the table's default order (total descending). */
  readonly functions: Int32Array;
  readonly self: Float64Array;
  readonly total: Float64Array;
}

export function functionTotals(data: FlameData): FunctionTotals {
  const { functionSelf: self, functionTotal: total } = data.annotations;
  const list: number[] = [];
  for (let f = 0; f < Math.min(data.functions.realCount, total.length); f++) if (total[f] !== 0 || self[f] !== 0) list.push(f);
  list.sort((a, b) => total[b] - total[a] || self[b] - self[a] || a - b);
  return { functions: Int32Array.from(list), self, total };
}
