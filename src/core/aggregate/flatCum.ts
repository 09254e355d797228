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
 * sits beside the key's cum so a frame touches one cache line. When most keyed frames are the only frame of their key
 * (workspace lines, profile lines), the stamps are per frame instead — a frame is its own key, one read less per
 * frame of every stack — and only the keys of several frames (a line with two functions on it) get a stamp too.
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
  const framesOfKey = new Int32Array(keyCount);
  let keyed = 0;
  for (let f = 0; f < keyOfFrame.length; f++) {
    const k = keyOfFrame[f];
    if (k < 0) continue;
    framesOfKey[k]++;
    keyed++;
  }
  const sharedKey = new Int32Array(keyOfFrame.length).fill(-1);
  let shared = 0;
  for (let f = 0; f < keyOfFrame.length; f++) {
    const k = keyOfFrame[f];
    if (k < 0 || framesOfKey[k] === 1) continue;
    sharedKey[f] = k;
    shared++;
  }
  if (shared * 4 > keyed) return byKey(stacks, value, keyOfFrame, keyCount);
  // Mostly a frame per key: per-frame figures, and each key's from its frames (a key of several frames: flat summed,
  // cum from its own stamp, counted in the same pass).
  const perFrame = byFrame(stacks, value, keyOfFrame.length, sharedKey, keyCount);
  const flat = new Float64Array(keyCount);
  const cum = perFrame.sharedCum;
  for (let f = 0; f < keyOfFrame.length; f++) {
    const k = keyOfFrame[f];
    if (k < 0) continue;
    flat[k] += perFrame.flat[f];
    if (framesOfKey[k] === 1) cum[k] = perFrame.cum[f];
  }
  return { flat, cum, total: perFrame.total };
}

/**
 * Flat and cum per frame of the selection's frame table (each frame its own key), through the selection's memo of
 * earlier flat and cum when it has one (flatCumMemo.ts).
 */
export function frameFlatCum(selection: { readonly stacks: StackTable; readonly value: Float64Array; readonly frames: { readonly count: number }; readonly flatCums?: FlatCumSource }): FlatCum {
  if (!selection.flatCums) return byFrame(selection.stacks, selection.value, selection.frames.count, undefined, 0);
  const identity = new Int32Array(selection.frames.count);
  for (let f = 0; f < identity.length; f++) identity[f] = f;
  return selection.flatCums.flatCum(selection.stacks, selection.value, identity, identity.length, 'frame');
}

/** What gives flat and cum of a value per stack, remembering earlier ones (flatCumMemo.ts). */
export interface FlatCumSource {
  flatCum(stacks: StackTable, value: Float64Array, keyOfFrame: Int32Array, keyCount: number, kind: unknown): FlatCum;
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

/** The rule with a stamp per key. */
function byKey(stacks: StackTable, value: Float64Array, keyOfFrame: Int32Array, keyCount: number): FlatCum {
  const counted = stamped(stacks, value, keyOfFrame, keyCount, undefined, 0);
  return { flat: counted.flat, cum: counted.cum, total: counted.total };
}

/**
 * The rule with a stamp per frame (each frame its own key); with `sharedKey` (per frame: its key when that key has
 * other frames too, else -1), a stamp per such key as well: `sharedCum` holds those keys' cum.
 */
function byFrame(stacks: StackTable, value: Float64Array, frameCount: number, sharedKey: Int32Array | undefined, keyCount: number): FlatCum & { readonly sharedCum: Float64Array } {
  return stamped(stacks, value, undefined, frameCount, sharedKey, sharedKey ? keyCount : 0);
}

/**
 * The one pass over every frame of every stack: flat to the leaf's key, cum once per stack per key by a stamp.
 * `keyOfFrame` undefined: each frame is its own key (no key column read); then `sharedKey` may name keys counted
 * besides, with stamps of their own.
 */
function stamped(stacks: StackTable, value: Float64Array, keyOfFrame: Int32Array | undefined, keyCount: number, sharedKey: Int32Array | undefined, sharedCount: number) {
  const flat = new Float64Array(keyCount);
  const cumAndStamp = stampedSums(keyCount);
  const sharedCumAndStamp = stampedSums(sharedCount);
  const { start, frames } = stacks;
  let total = 0;
  for (let s = 0; s < stacks.count; s++) {
    const v = value[s];
    if (v === 0) continue;
    total += v < 0 ? -v : v;
    const from = start[s];
    const to = start[s + 1];
    if (from === to) continue;
    const leaf = keyOfFrame ? keyOfFrame[frames[from]] : frames[from];
    if (leaf >= 0) flat[leaf] += v;
    for (let i = from; i < to; i++) {
      const k = keyOfFrame ? keyOfFrame[frames[i]] : frames[i];
      if (k < 0 || cumAndStamp[2 * k + 1] === s) continue;
      cumAndStamp[2 * k + 1] = s;
      cumAndStamp[2 * k] += v;
      if (sharedKey === undefined) continue;
      const shared = sharedKey[k];
      if (shared >= 0 && sharedCumAndStamp[2 * shared + 1] !== s) {
        sharedCumAndStamp[2 * shared + 1] = s;
        sharedCumAndStamp[2 * shared] += v;
      }
    }
  }
  return { flat, cum: sumsOf(cumAndStamp, keyCount), total, sharedCum: sumsOf(sharedCumAndStamp, sharedCount) };
}

/** Per key: its sum and its stamp side by side (stamps start at -1: no stack yet). */
function stampedSums(count: number): Float64Array {
  const cumAndStamp = new Float64Array(2 * count);
  for (let k = 0; k < count; k++) cumAndStamp[2 * k + 1] = -1;
  return cumAndStamp;
}

function sumsOf(cumAndStamp: Float64Array, count: number): Float64Array {
  const sums = new Float64Array(count);
  for (let k = 0; k < count; k++) sums[k] = cumAndStamp[2 * k];
  return sums;
}
