/**
 * The functions of a selection: flat and cum per function (flatCum.ts, keyed by function) and who calls whom —
 * the distinct caller → callee edges, each counted once per stack (like pprof's graph edges), so an edge never
 * carries more than the callee's cum. What the flame graph's functions table, hovers, code lenses and Hotspots show.
 * Exact: read from the selection's stacks, never from a cut call tree.
 */
import type { Selection } from '../query/types';
import { flatCum } from './flatCum';
import { GrowableFloat64, GrowableInt32 } from './growable';
import { PairIndex } from './pairIndex';

export interface FunctionTable {
  /** Per function of the selection. */
  readonly flat: Float64Array;
  readonly cum: Float64Array;
  readonly total: number;
  /** Distinct caller → callee edges (functions differ), in first-seen order. */
  readonly edgeCaller: Int32Array;
  readonly edgeCallee: Int32Array;
  readonly edgeValue: Float64Array;
}

export function functionTable(selection: Selection): FunctionTable {
  const { flat, cum, total } = flatCum(selection.stacks, selection.value, selection.frames.function, selection.functions.count);
  return { flat, cum, total, ...callEdges(selection) };
}

function callEdges(selection: Selection) {
  const n = selection.functions.count;
  const frameFn = selection.frames.function;
  const { count, start, frames } = selection.stacks;
  const value = selection.value;
  // Sized for what most profiles need (a few callers per function); more still grows.
  const expected = Math.max(16, Math.min(frames.length, 2 * n));
  // A callee's first caller and edge sit beside it; further (caller, callee) pairs go to a hash index made when
  // first needed, so most lookups end in arrays read near where the stacks are.
  const firstCaller = new Int32Array(n).fill(-1);
  const firstEdge = new Int32Array(n);
  let edges: PairIndex | undefined;
  const edgeCaller = new GrowableInt32(expected);
  const edgeCallee = new GrowableInt32(expected);
  const edgeValue = new GrowableFloat64(expected);
  const edgeStamp = new GrowableInt32(expected);
  const edgeOf = (caller: number, callee: number): number => {
    if (firstCaller[callee] === caller) return firstEdge[callee];
    const next = edgeValue.length;
    if (firstCaller[callee] < 0) {
      firstCaller[callee] = caller;
      firstEdge[callee] = next;
    } else {
      const known = (edges ??= new PairIndex(Math.max(1 << 12, expected >> 2))).getOrAdd(caller, callee, next);
      if (known >= 0) return known;
    }
    edgeCaller.push(caller);
    edgeCallee.push(callee);
    edgeValue.push(0);
    edgeStamp.push(-1);
    return next;
  };
  for (let s = 0; s < count; s++) {
    const v = value[s];
    if (v === 0) continue;
    const to = start[s + 1];
    for (let i = start[s]; i + 1 < to; i++) {
      const callee = frameFn[frames[i]];
      const caller = frameFn[frames[i + 1]];
      if (caller === callee) continue; // inlined frames of one function, or direct recursion
      const e = edgeOf(caller, callee);
      if (edgeStamp.data[e] !== s) {
        edgeStamp.data[e] = s;
        edgeValue.data[e] += v;
      }
    }
  }
  return { edgeCaller: edgeCaller.trim(), edgeCallee: edgeCallee.trim(), edgeValue: edgeValue.trim() };
}

/** Edges grouped by one end (CSR): the edges of function f are `edges[start[f] .. start[f + 1])`, by value descending. */
export interface EdgeLists {
  readonly start: Int32Array;
  readonly edges: Int32Array;
}

/** @param end edgeCaller (callees of each caller) or edgeCallee (callers of each callee) */
export function edgeLists(functionCount: number, end: Int32Array, value: Float64Array): EdgeLists {
  const start = new Int32Array(functionCount + 1);
  for (let e = 0; e < end.length; e++) start[end[e] + 1]++;
  for (let f = 0; f < functionCount; f++) start[f + 1] += start[f];
  const fill = start.slice(0, functionCount);
  const edges = new Int32Array(end.length);
  for (let e = 0; e < end.length; e++) edges[fill[end[e]]++] = e;
  const byValue = (a: number, b: number) => value[b] - value[a] || a - b;
  for (let f = 0; f < functionCount; f++) {
    const a = start[f];
    const b = start[f + 1];
    if (b - a > 1) edges.subarray(a, b).sort(byValue);
  }
  return { start, edges };
}
