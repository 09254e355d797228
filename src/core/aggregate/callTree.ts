/**
 * The call tree of a selection, for flame graphs: one node per function per call path (like pprof's flame graph),
 * with self and total, children widest first, and per node the lines its frames were at (profiled line, today's
 * line, self, total). Recursion shows as nested nodes of the same function; a stack passes through one node per
 * depth, so no node counts a sample twice.
 *
 * Large trees are cut as they are built (treeBuilder.ts, from the stacks' order kept beside their table): at most
 * `maxNodes` nodes, the narrowest calls under each kept node merged into one "(smaller calls…)" node, totals exact. Per-function totals, the functions table and
 * the sandwich are NOT read from this tree (its merged nodes would count as one function): they come from the
 * selection (functionTable.ts, sandwich.ts).
 *
 * Node 0 is the root (function -1); its total is the selection's sum of values.
 */
import type { ModelStrings } from '../model/types';
import type { Selection } from '../query/types';
import { childListsByWeight } from './childLists';
import { keptLineKeys } from './lineKeys';
import type { SequenceOrder } from './sequenceOrder';
import { stackOrderOf } from './stackOrders';
import { buildTree, type BuiltTree, type FrameSequences, type TreeLimits, type TreeNodes } from './treeBuilder';

export interface CallTreeFunctions {
  readonly count: number;
  readonly name: Int32Array;
  readonly file: Int32Array;
  readonly startLine: Float64Array;
}

export interface CallTree extends TreeNodes {
  readonly typeIndex: number;
  readonly sampleType: { readonly type: string; readonly unit: string };
  /** Children of node n: `children[childStart[n] .. childStart[n + 1])`, by total descending. */
  readonly childStart: Int32Array;
  readonly children: Int32Array;
  /** Per line entry: the profiled line (1-based; 0 for frames without one). */
  readonly lineNumber: Float64Array;
  /** Per line entry: today's line (after line drift and source maps); the profiled line when not mapped. */
  readonly lineCurrent: Float64Array;
  /** Per node, the sum of the `extra` column it was built with (the sample counts beside CPU time). */
  readonly nodeCount: Float64Array | undefined;
  /** The selection's functions, plus one "(smaller calls…)" function at index `functions.count - 1` when cut. */
  readonly functions: CallTreeFunctions;
  readonly strings: ModelStrings;
}

export interface CallTreeOptions extends TreeLimits {
  /** Per frame of the selection: today's line (a WorkspaceMapping's), 0 when unknown; the same array for the same lines (its line keys are kept by it). */
  readonly currentLine?: Float64Array;
  /** Per stack of the selection, a second value to sum per node (nodeCount): e.g. the count type's selection's value. */
  readonly extra?: Float64Array;
}

export function callTree(selection: Selection, options: CallTreeOptions = {}): CallTree {
  // Every stack, in the order kept beside its table: a stack whose value is 0 is not in the tree.
  const { sequences, order } = stackOrderOf(selection.stacks, selection.frames.function, selection.functions.count);
  return treeOf(selection, { ...sequences, value: selection.value, extra: options.extra }, -1, options, order);
}

/** A tree of frame sequences of the selection (the call tree, a sandwich's callers or callees), as a CallTree. */
export function treeOf(selection: Selection, sequences: FrameSequences, rootFunction: number, options: CallTreeOptions, order?: SequenceOrder): CallTree {
  const keys = keptLineKeys(selection.frames, options.currentLine);
  const otherFunction = selection.functions.count;
  const built = buildTree(sequences, {
    functionOfFrame: selection.frames.function, lineKeyOfFrame: keys.keyOfFrame, lineKeyCount: keys.count, otherFunction, rootFunction,
  }, options, order);
  const lineNumber = new Float64Array(built.lineKey.length);
  const lineCurrent = new Float64Array(built.lineKey.length);
  for (let e = 0; e < built.lineKey.length; e++) {
    lineNumber[e] = keys.line[built.lineKey[e]];
    lineCurrent[e] = keys.current[built.lineKey[e]];
  }
  const { childStart, children } = childListsByWeight(built.parent, (node) => built.total[node]);
  return {
    typeIndex: selection.typeIndex,
    sampleType: selection.sampleType,
    count: built.count,
    parent: built.parent,
    function: built.function,
    depth: built.depth,
    self: built.self,
    total: built.total,
    childStart,
    children,
    lineStart: built.lineStart,
    lineNumber,
    lineCurrent,
    lineSelf: built.lineSelf,
    lineTotal: built.lineTotal,
    nodeCount: built.extra,
    ...withOther(selection, built),
    merged: built.merged,
  };
}

/** The selection's functions and strings, plus "(smaller calls…)" when nodes were merged. */
function withOther(selection: Selection, built: BuiltTree): { functions: CallTreeFunctions; strings: ModelStrings } {
  const fns = selection.functions;
  const base = { count: fns.count, name: fns.name, file: fns.file, startLine: fns.startLine };
  if (built.merged === 0) return { functions: base, strings: selection.strings };
  const label = `(smaller calls, each at most ${((built.widestMerged / (built.rootWeight || 1)) * 100).toPrecision(2)}% of the total)`;
  const strings = selection.strings;
  const at = strings.count;
  const extended: ModelStrings = { count: at + 1, get: (i) => (i === at ? label : strings.get(i)) };
  const grow = <T extends Int32Array | Float64Array>(a: T, v: number): T => {
    const out = new (a.constructor as new (length: number) => T)(fns.count + 1);
    out.set(a.subarray(0, fns.count));
    out[fns.count] = v;
    return out;
  };
  return {
    functions: { count: fns.count + 1, name: grow(fns.name, at), file: grow(fns.file, 0), startLine: grow(fns.startLine, 0) },
    strings: extended,
  };
}

/** The node's function name ("(root)" for the root). */
export function nodeName(tree: CallTree, node: number): string {
  const f = tree.function[node];
  return f < 0 ? '(root)' : tree.strings.get(tree.functions.name[f]);
}
