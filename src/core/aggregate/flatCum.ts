/**
 * Flat and cum per key — THE place the rule is written (pprof's graph.go semantics):
 * - flat: a stack's value goes to the key of its leaf frame (the innermost inlined frame of the leaf location);
 * - cum: a stack's value goes once to every key on the stack, however many of its frames have that key
 *   (recursion, inlined copies, several lines of one function, two frames mapped to one workspace line), so no
 *   cum exceeds the total;
 * - total: the sum of |value| over all stacks (pprof's total; the plain sum unless values are negative, as in
 *   diff profiles). Empty stacks count in the total only.
 * A key is anything frames can be grouped by: function, function name, profile file:line, file, workspace
 * file:today's line, package… (frameKeys.ts); a frame with key -1 counts nowhere (e.g. not in the workspace).
 *
 * The once-per-stack test is a stamp per key ("the last stack that counted this key"), O(1) per frame; the stamp
 * sits beside the key's cum so a frame touches one cache line.
 */
import type { StackTable } from '../model/types';

export interface FlatCum {
  readonly flat: Float64Array;
  readonly cum: Float64Array;
  readonly total: number;
}

/**
 * @param value per stack (a Selection's `value` or `count`)
 * @param keyOfFrame per frame of the stacks' frame table: its key in 0..keyCount-1, or -1
 */
export function flatCum(stacks: StackTable, value: Float64Array, keyOfFrame: Int32Array, keyCount: number): FlatCum {
  const flat = new Float64Array(keyCount);
  const cumAndStamp = new Float64Array(2 * keyCount);
  for (let k = 0; k < keyCount; k++) cumAndStamp[2 * k + 1] = -1;
  const { start, frames } = stacks;
  let total = 0;
  for (let s = 0; s < stacks.count; s++) {
    const v = value[s];
    if (v === 0) continue;
    total += v < 0 ? -v : v;
    const from = start[s];
    const to = start[s + 1];
    if (from === to) continue;
    const leaf = keyOfFrame[frames[from]];
    if (leaf >= 0) flat[leaf] += v;
    for (let i = from; i < to; i++) {
      const k = keyOfFrame[frames[i]];
      if (k >= 0 && cumAndStamp[2 * k + 1] !== s) {
        cumAndStamp[2 * k + 1] = s;
        cumAndStamp[2 * k] += v;
      }
    }
  }
  const cum = new Float64Array(keyCount);
  for (let k = 0; k < keyCount; k++) cum[k] = cumAndStamp[2 * k];
  return { flat, cum, total };
}

/**
 * Flat per frame of the selection's frame table, alone: one read per stack (its leaf) instead of one per frame, for
 * a caller that needs no cum (coverage). The same flat as frameFlatCum's.
 */
export function frameFlat(selection: { readonly stacks: StackTable; readonly value: Float64Array; readonly frames: { readonly count: number } }): Float64Array {
  const flat = new Float64Array(selection.frames.count);
  const { stacks, value } = selection;
  const { start, frames } = stacks;
  for (let s = 0; s < stacks.count; s++) {
    const v = value[s];
    if (v !== 0 && start[s] !== start[s + 1]) flat[frames[start[s]]] += v;
  }
  return flat;
}

/** Flat and cum per frame of the selection's frame table (each frame its own key). */
export function frameFlatCum(selection: { readonly stacks: StackTable; readonly value: Float64Array; readonly frames: { readonly count: number } }): FlatCum {
  const identity = new Int32Array(selection.frames.count);
  for (let f = 0; f < identity.length; f++) identity[f] = f;
  return flatCum(selection.stacks, selection.value, identity, identity.length);
}
