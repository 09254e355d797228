/**
 * Caller and callee tables of one function, from the call tree (the data of a "sandwich" view: who calls it,
 * what it calls, and its own cost).
 *
 * A function can appear on many paths and, through recursion, several times on one path. Only its outermost
 * occurrences on each path are counted (as pprof's and Grafana's sandwich views do), so:
 * - `total` equals the function's cum from aggregateFlatCum — each sample once;
 * - callers are the functions directly above those outermost occurrences ("(root)", function -1, when it is at
 *   the top of a stack), weighted by the occurrence's total; their values sum to `total`;
 * - callees are the functions directly below them, weighted by the child's total; they sum to `total - self`
 *   where `self` is the self of the outermost occurrences (deeper recursive calls show as a callee of the same
 *   function).
 */
import type { CallTree } from './callTree';

export interface SandwichEntry {
  /** Function index (into tree.functions), -1 for the root. */
  readonly function: number;
  readonly value: number;
}

export interface Sandwich {
  readonly function: number;
  readonly total: number;
  readonly self: number;
  /** By value descending. */
  readonly callers: readonly SandwichEntry[];
  readonly callees: readonly SandwichEntry[];
  /** Tree nodes of the outermost occurrences (for highlighting them in the flame graph). */
  readonly nodes: Int32Array;
}

export function sandwich(tree: CallTree, fn: number): Sandwich {
  const outermost: number[] = [];
  for (let n = 1; n < tree.count; n++) {
    if (tree.function[n] !== fn) continue;
    let p = tree.parent[n];
    while (p > 0 && tree.function[p] !== fn) p = tree.parent[p];
    if (p <= 0) outermost.push(n);
  }
  const callers = new Map<number, number>();
  const callees = new Map<number, number>();
  let total = 0;
  let self = 0;
  for (const n of outermost) {
    total += tree.total[n];
    self += tree.self[n];
    const caller = tree.function[tree.parent[n]];
    callers.set(caller, (callers.get(caller) ?? 0) + tree.total[n]);
    for (let c = tree.childStart[n]; c < tree.childStart[n + 1]; c++) {
      const child = tree.children[c];
      callees.set(tree.function[child], (callees.get(tree.function[child]) ?? 0) + tree.total[child]);
    }
  }
  const entries = (m: Map<number, number>) =>
    [...m].map(([function_, value]) => ({ function: function_, value })).sort((a, b) => b.value - a.value || a.function - b.function);
  return { function: fn, total, self, callers: entries(callers), callees: entries(callees), nodes: Int32Array.from(outermost) };
}
