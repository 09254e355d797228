// The flame graph's data as it arrives from the host (two ArrayBuffers) turned into the model the views use:
// the function table and the base tree. Views on the buffers, no copies of the big columns.
import type { CallTree } from '../../../src/core/aggregate/callTree';
import { deserializeCallTree } from '../../../src/core/aggregate/serialize';
import { decodeAnnotations, type FlameAnnotations } from '../../../src/shared/flamegraphProtocol';
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

/** A node's source lines, hottest first: profiled line, today's line, and the line's total within the node. */
export function nodeLines(data: FlameData, tree: FlameTree, node: number): { line: number; total: number }[] {
  const base = sourceNode(tree, node);
  const t = data.callTree;
  const fn = tree.fn[node];
  const list: { line: number; total: number }[] = [];
  if (base <= 0 || fn >= data.functions.realCount) return list;
  for (let l = t.lineStart[base]; l < t.lineStart[base + 1]; l++) {
    if (t.lineNumber[l] > 0) list.push({ line: data.functions.currentLine(fn, t.lineNumber[l]), total: t.lineTotal[l] });
  }
  return list.sort((a, b) => b.total - a.total || a.line - b.line);
}
