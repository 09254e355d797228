/**
 * The functions of a selection: flat and cum per function (flatCum.ts, keyed by function) and who calls whom —
 * the distinct caller → callee edges, each counted once per stack (like pprof's graph edges), so an edge never
 * carries more than the callee's cum. What the flame graph's functions table, hovers, code lenses and Hotspots show.
 * Exact: read from the selection's stacks, never from a cut call tree.
 */
import type { Selection } from '../query/types';
import { functionKeySet, type FlatCum } from './flatCum';
import { selectionFlatCums } from './flatCumMemo';
import { EdgeTable } from './edgeTable';

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

const NO_EDGES = { edgeCaller: new Int32Array(0), edgeCallee: new Int32Array(0), edgeValue: new Float64Array(0) };

/**
 * @param withEdges false: flat and cum alone (no edge is counted; the heat needs none)
 * @param counted the selection's flat and cum per function, when counted already (with other keys, in one pass)
 */
export function functionTable(selection: Selection, withEdges = true, counted?: FlatCum): FunctionTable {
  const { flat, cum, total } = counted ?? selectionFlatCums(selection, [functionKeySet(selection)])[0];
  return { flat, cum, total, ...(withEdges ? callEdges(selection) : NO_EDGES) };
}

/** The distinct caller → callee edges of the selection's stacks, each counted once per stack. */
export function callEdges(selection: Selection): EdgeColumns {
  const counting = callEdgesByChunk(selection, Infinity);
  for (;;) {
    const next = counting.next();
    if (next.done) return next.value;
  }
}

export type EdgeColumns = Pick<FunctionTable, 'edgeCaller' | 'edgeCallee' | 'edgeValue'>;

/**
 * callEdges in chunks of `chunkStacks` stacks: yields the stacks counted so far after each chunk but the last (where a
 * caller can let other work in, or stop), returns the edges. Chunks split no stack, so the edges are the same.
 */
export function* callEdgesByChunk(selection: Selection, chunkStacks: number): Generator<number, EdgeColumns, void> {
  const frameFn = selection.frames.function;
  const { count, start, frames } = selection.stacks;
  const value = selection.value;
  // Sized for what most profiles need (a few callers per function); more still grows.
  const edges = new EdgeTable(Math.min(frames.length, 4 * selection.functions.count));
  for (let from = 0; from < count; from += chunkStacks) {
    if (from > 0) yield from;
    const end = Math.min(count, from + chunkStacks);
    for (let s = from; s < end; s++) {
      const v = value[s];
      const to = start[s + 1];
      if (v === 0 || start[s] === to) continue;
      let callee = frameFn[frames[start[s]]];
      for (let i = start[s] + 1; i < to; i++) {
        const caller = frameFn[frames[i]];
        // inlined frames of one function, or direct recursion, are no edge
        if (caller !== callee) edges.count(caller, callee, s, v);
        callee = caller;
      }
    }
  }
  return edges.columns();
}

/**
 * Edges grouped by one end (CSR): the edges of function f are `edges[start[f] .. start[f + 1])`, the first `limit`
 * of them the highest by value (ties: first seen first), in that order; the rest in no order.
 */
export interface EdgeLists {
  readonly start: Int32Array;
  readonly edges: Int32Array;
}

/** @param end edgeCaller (callees of each caller) or edgeCallee (callers of each callee) */
export function edgeLists(functionCount: number, end: Int32Array, value: Float64Array, limit = Infinity): EdgeLists {
  const start = new Int32Array(functionCount + 1);
  for (let e = 0; e < end.length; e++) start[end[e] + 1]++;
  for (let f = 0; f < functionCount; f++) start[f + 1] += start[f];
  const fill = start.slice(0, functionCount);
  const edges = new Int32Array(end.length);
  for (let e = 0; e < end.length; e++) edges[fill[end[e]]++] = e;
  const before = (a: number, b: number) => value[a] > value[b] || (value[a] === value[b] && a < b);
  for (let f = 0; f < functionCount; f++) {
    const a = start[f];
    const b = start[f + 1];
    if (b - a > 1) highestFirst(edges, a, b, Math.min(limit, b - a), before);
  }
  return { start, edges };
}

/** Moves the `k` highest of `list[a..b)` (by `before`) to its front, sorted; a whole sort when k is the length. */
function highestFirst(list: Int32Array, a: number, b: number, k: number, before: (x: number, y: number) => boolean): void {
  if (k === b - a) {
    list.subarray(a, b).sort((x, y) => (before(x, y) ? -1 : before(y, x) ? 1 : 0));
    return;
  }
  const last = a + k - 1;
  highestFirst(list, a, a + k, k, before);
  for (let j = a + k; j < b; j++) {
    const e = list[j];
    if (!before(e, list[last])) continue;
    list[j] = list[last];
    let i = last;
    while (i > a && before(e, list[i - 1])) {
      list[i] = list[i - 1];
      i--;
    }
    list[i] = e;
  }
}
