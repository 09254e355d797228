/**
 * The sandwich of one function, exact, from the selection's stacks (never from a cut call tree): its callers as a
 * tree growing up from it, its callees as a tree growing down. Only its outermost occurrence on each stack counts
 * (as pprof's and Grafana's sandwich views), so:
 * - both trees' roots carry the function's cum (each stack once), as the functions table has it;
 * - callers: the frames above the outermost occurrence, the root's callers first; a path's top (a stack's root
 *   frame) holds its value as self, so no box's children exceed it;
 * - callees: the frames below it, merged over all its occurrences; deeper recursive calls show as callees of the
 *   same function.
 */
import type { Selection } from '../query/types';
import { treeOf, type CallTree, type CallTreeOptions } from './callTree';
import type { FrameSequences } from './treeBuilder';

export interface Sandwich {
  readonly function: number;
  /** The function's cum, and the self of its outermost occurrences. */
  readonly total: number;
  readonly self: number;
  readonly callers: CallTree;
  readonly callees: CallTree;
  /** Distinct call paths from a stack's root to the function (outermost occurrences). */
  readonly callPaths: number;
}

export function sandwich(selection: Selection, fn: number, options: CallTreeOptions = {}): Sandwich {
  const { stacks, value } = selection;
  const { start, frames } = stacks;
  const frameFunction = selection.frames.function;
  const at = new Int32Array(stacks.count).fill(-1);
  let n = 0;
  for (let s = 0; s < stacks.count; s++) {
    if (value[s] === 0) continue;
    // Frames are leaf first: the outermost occurrence is the last one.
    for (let i = start[s + 1] - 1; i >= start[s]; i--) {
      if (frameFunction[frames[i]] === fn) {
        at[s] = i;
        n++;
        break;
      }
    }
  }
  const counts = options.extra;
  const sequences = (step: 1 | -1): FrameSequences => {
    const first = new Int32Array(n);
    const length = new Int32Array(n);
    const values = new Float64Array(n);
    const extra = counts ? new Float64Array(n) : undefined;
    for (let s = 0, q = 0; s < stacks.count; s++) {
      if (at[s] < 0) continue;
      first[q] = at[s];
      length[q] = step === -1 ? at[s] - start[s] + 1 : start[s + 1] - at[s];
      values[q] = value[s];
      if (extra) extra[q] = counts![s];
      q++;
    }
    return { count: n, first, length, step, frames, value: values, extra };
  };
  const callees = treeOf(selection, sequences(-1), fn, options);
  const callers = treeOf(selection, sequences(1), fn, options);
  let callPaths = 0;
  for (let node = 0; node < callers.count; node++) if (callers.self[node] !== 0 && callers.function[node] < selection.functions.count) callPaths++;
  return { function: fn, total: callees.total[0], self: callees.self[0], callers, callees, callPaths };
}
