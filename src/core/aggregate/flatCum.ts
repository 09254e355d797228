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
 * Several sets of keys are counted in one pass over the stacks (flatCums): the pass is bound by reading every frame
 * of every stack (45 M in a 90 MB profile) and the tables it touches per frame, so three key sets in one pass cost
 * far less than three passes.
 *
 * The once-per-stack test is a stamp per key ("the last stack that counted this key"), O(1) per frame; the stamp
 * sits beside the key's cum so a frame touches one cache line, and the keys of a frame in every set sit side by
 * side. When most keyed frames of a set are the only frame of their key (workspace lines, profile lines), its keys
 * are counted per frame instead — a frame is its own key, one read less per frame — and only its keys of several
 * frames (a line with two functions on it) get a stamp too. Once frames are stamped, a frame met again in a stack
 * (recursion) is skipped whole: every key it has was counted in that stack already.
 */
import type { StackTable } from '../model/types';

export interface FlatCum {
  readonly flat: Float64Array;
  readonly cum: Float64Array;
  readonly total: number;
}

/**
 * Keys of the frames of a stack table: per frame, its key in 0..keyCount-1 or -1; without `keyOfFrame`, each frame
 * of 0..keyCount-1 is its own key.
 */
export interface FrameKeySet {
  readonly keyOfFrame?: Int32Array;
  readonly keyCount: number;
}

/**
 * @param value per stack (a Selection's `value` or `count`)
 * @param keyOfFrame per frame of the stacks' frame table: its key in 0..keyCount-1, or -1
 */
export function flatCum(stacks: StackTable, value: Float64Array, keyOfFrame: Int32Array, keyCount: number): FlatCum {
  return flatCums(stacks, value, [{ keyOfFrame, keyCount }])[0];
}

/** flatCum of each key set, all counted in one pass over the stacks. */
export function flatCums(stacks: StackTable, value: Float64Array, sets: readonly FrameKeySet[]): FlatCum[] {
  const plans = sets.map(planOf);
  const frameCount = Math.max(0, ...sets.map((set) => set.keyOfFrame?.length ?? set.keyCount));
  const byFrame = plans.some((p) => p.perFrame);
  const counted = countColumns(stacks, value, frameCount, byFrame, plans.filter((p) => p.column).map((p) => p.column!));
  return plans.map((plan) => resultOf(plan, counted));
}

/**
 * Flat and cum per frame of the selection's frame table (each frame its own key), through the selection's memo of
 * earlier flat and cum when it has one (flatCumMemo.ts).
 */
export function frameFlatCum(selection: { readonly stacks: StackTable; readonly value: Float64Array; readonly frames: { readonly count: number }; readonly flatCums?: FlatCumSource }): FlatCum {
  const frames = frameKeySet(selection);
  return selection.flatCums ? selection.flatCums.flatCums(selection.stacks, selection.value, [frames])[0] : flatCums(selection.stacks, selection.value, [frames])[0];
}

/** Each frame of the selection's frame table its own key. */
export function frameKeySet(selection: { readonly frames: { readonly count: number } }): KindedKeySet {
  return { keyCount: selection.frames.count, kind: 'frame' };
}

/** Frames keyed by their function. */
export function functionKeySet(selection: { readonly frames: { readonly function: Int32Array }; readonly functions: { readonly count: number } }): KindedKeySet {
  return { keyOfFrame: selection.frames.function, keyCount: selection.functions.count, kind: 'function' };
}

/** A key set and what it is (its identity: 'function', 'frame', a workspace mapping…), for a memo of results. */
export interface KindedKeySet extends FrameKeySet {
  readonly kind: unknown;
}

/** What gives flat and cum of a value per stack, remembering earlier ones (flatCumMemo.ts). */
export interface FlatCumSource {
  flatCums(stacks: StackTable, value: Float64Array, sets: readonly KindedKeySet[]): FlatCum[];
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

/** A column of keys per frame counted with stamps of its own. */
interface Column {
  /** Per frame: the key counted, or -1. */
  readonly key: Int32Array;
  readonly count: number;
  /** Flat goes to the leaf's key in this column (else flat is per frame). */
  readonly flatByKey: boolean;
}

/** How one key set is counted. */
interface Plan {
  readonly set: FrameKeySet;
  /** Counted per frame (the frame's flat and cum are its key's when the key has no other frame). */
  readonly perFrame: boolean;
  /** Per key: how many frames have it (per-frame plans of keyed sets). */
  readonly framesOfKey?: Int32Array;
  /** Keys counted with stamps: every key (by key), or the keys of several frames (per frame). */
  readonly column?: Column;
  /** Per-frame plans: the keys of several frames, in the order of their column. */
  readonly sharedKeys?: Int32Array;
}

function planOf(set: FrameKeySet): Plan {
  const { keyOfFrame, keyCount } = set;
  if (!keyOfFrame) return { set, perFrame: true };
  const framesOfKey = new Int32Array(keyCount);
  let keyed = 0;
  for (let f = 0; f < keyOfFrame.length; f++) {
    const k = keyOfFrame[f];
    if (k < 0) continue;
    framesOfKey[k]++;
    keyed++;
  }
  let shared = 0;
  for (let f = 0; f < keyOfFrame.length; f++) {
    const k = keyOfFrame[f];
    if (k >= 0 && framesOfKey[k] > 1) shared++;
  }
  if (shared * 4 > keyed) return { set, perFrame: false, column: { key: keyOfFrame, count: keyCount, flatByKey: true } };
  // Mostly a frame per key: per-frame figures, and each key's from its frames (a key of several frames: flat summed,
  // cum from its own stamp, those keys numbered apart so their column stays small).
  const sharedOf = new Int32Array(keyCount).fill(-1);
  const sharedKeys: number[] = [];
  const sharedKey = new Int32Array(keyOfFrame.length).fill(-1);
  for (let f = 0; f < keyOfFrame.length; f++) {
    const k = keyOfFrame[f];
    if (k < 0 || framesOfKey[k] === 1) continue;
    if (sharedOf[k] < 0) sharedOf[k] = sharedKeys.push(k) - 1;
    sharedKey[f] = sharedOf[k];
  }
  const column = sharedKeys.length > 0 ? { key: sharedKey, count: sharedKeys.length, flatByKey: false } : undefined;
  return { set, perFrame: true, framesOfKey, column, sharedKeys: Int32Array.from(sharedKeys) };
}

interface Counted {
  readonly total: number;
  /** Per frame (when counted per frame). */
  readonly frameFlat: Float64Array;
  readonly frameCum: Float64Array;
  /** Per column. */
  readonly flat: Map<Column, Float64Array>;
  readonly cum: Map<Column, Float64Array>;
}

function resultOf(plan: Plan, counted: Counted): FlatCum {
  const { total } = counted;
  const { keyOfFrame, keyCount } = plan.set;
  const column = plan.column;
  if (!plan.perFrame) return { flat: counted.flat.get(column!)!, cum: counted.cum.get(column!)!, total };
  if (!keyOfFrame) return { flat: counted.frameFlat, cum: counted.frameCum, total };
  const flat = new Float64Array(keyCount);
  const cum = new Float64Array(keyCount);
  if (column) {
    const sharedCum = counted.cum.get(column)!;
    plan.sharedKeys!.forEach((k, i) => { cum[k] = sharedCum[i]; });
  }
  const framesOfKey = plan.framesOfKey!;
  for (let f = 0; f < keyOfFrame.length; f++) {
    const k = keyOfFrame[f];
    if (k < 0) continue;
    flat[k] += counted.frameFlat[f];
    if (framesOfKey[k] === 1) cum[k] = counted.frameCum[f];
  }
  return { flat, cum, total };
}

/**
 * The one pass over every frame of every stack: flat to the leaf's key, cum once per stack per key by a stamp —
 * per frame (with `byFrame`) and per key of each column. The columns' keys are numbered one after another from 1
 * and laid out frame by frame (a frame's keys side by side), their sums and stamps in one array; key 0 is "none", a
 * slot counted like any other and thrown away (no test per frame). The keys are 16-bit when they fit: the tables the
 * pass reads at random then stay in the processor's cache (20% less time on a 90 MB profile's 41,000 functions).
 */
function countColumns(stacks: StackTable, value: Float64Array, frameCount: number, byFrame: boolean, columns: readonly Column[]): Counted {
  const width = columns.length;
  const base = new Int32Array(width + 1);
  base[0] = 1;
  for (let j = 0; j < width; j++) base[j + 1] = base[j] + columns[j].count;
  const slots = base[width];
  const keys = slots <= 0xffff ? new Uint16Array(frameCount * width) : new Int32Array(frameCount * width);
  for (let j = 0; j < width; j++) {
    const key = columns[j].key;
    for (let f = 0; f < frameCount; f++) {
      const k = f < key.length ? key[f] : -1;
      keys[f * width + j] = k < 0 ? 0 : base[j] + k;
    }
  }
  const leafColumns = Int32Array.from(columns.flatMap((c, j) => (c.flatByKey ? [j] : [])));
  const columnFlat = new Float64Array(slots);
  const columnSums = stampedSums(slots);
  const frameFlat = new Float64Array(byFrame ? frameCount : 0);
  const records = byFrame && width === 1 && leafColumns.length === 0 && LITTLE_ENDIAN ? frameRecords(frameCount, keys) : undefined;
  const recordWords = records && new Int32Array(records.buffer);
  const frameSums = records ?? stampedSums(byFrame ? frameCount : 0);
  const { start, frames } = stacks;
  let total = 0;
  for (let s = 0; s < stacks.count; s++) {
    const v = value[s];
    if (v === 0) continue;
    total += v < 0 ? -v : v;
    const from = start[s];
    const to = start[s + 1];
    if (from === to) continue;
    const leaf = frames[from];
    if (byFrame) frameFlat[leaf] += v;
    for (let c = 0; c < leafColumns.length; c++) columnFlat[keys[leaf * width + leafColumns[c]]] += v;
    if (recordWords) stampFrameRecords(frames, from, to, s, v, frameSums, recordWords, columnSums);
    else if (byFrame) stampFramesAndKeys(frames, from, to, s, v, frameSums, keys, width, columnSums);
    else stampKeys(frames, from, to, s, v, keys, width, columnSums);
  }
  const flat = new Map<Column, Float64Array>();
  const cum = new Map<Column, Float64Array>();
  columns.forEach((column, j) => {
    flat.set(column, columnFlat.slice(base[j], base[j + 1]));
    const sums = new Float64Array(column.count);
    for (let k = 0; k < column.count; k++) sums[k] = columnSums[2 * (base[j] + k)];
    cum.set(column, sums);
  });
  return { total, frameFlat, frameCum: sumsOf(frameSums, byFrame ? frameCount : 0), flat, cum };
}

/** Whether an Int32Array over a Float64Array's memory sees a double's low word first (every platform Node runs on). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * Per frame, for per-frame counting with a single column of keys (a per-frame plan's keys of several frames:
 * workspace lines with two frames on them), one 16-byte record: its sum (a double), then its stamp and its key (two
 * int32s over the second double), so a frame met for the first time in a stack touches one cache line, not also the
 * key table (`perflens lines`: ~7% of its whole run). Read as stampedSums (a sum, then a stamp) by sumsOf.
 */
function frameRecords(frameCount: number, keys: FrameKeyColumns): Float64Array {
  const records = new Float64Array(2 * frameCount);
  const words = new Int32Array(records.buffer);
  for (let f = 0; f < frameCount; f++) {
    words[4 * f + 2] = -1;
    words[4 * f + 3] = keys[f];
  }
  return records;
}

/** stampFramesAndKeys over frameRecords: stamp `s` and value `v` per frame met first, then once per key. */
function stampFrameRecords(frames: Int32Array, from: number, to: number, s: number, v: number, records: Float64Array, words: Int32Array, sums: Float64Array): void {
  for (let i = from; i < to; i++) {
    const f = frames[i];
    if (words[4 * f + 2] === s) continue;
    words[4 * f + 2] = s;
    records[2 * f] += v;
    const k = words[4 * f + 3];
    if (sums[2 * k + 1] === s) continue;
    sums[2 * k + 1] = s;
    sums[2 * k] += v;
  }
}

/** Keys of frames (countColumns), 16-bit when they fit. */
type FrameKeyColumns = Uint16Array | Int32Array;

/**
 * Counts stack `s` of value `v` (its frames `frames[from..to)`) once per frame and then once per key of each column
 * of a frame met for the first time in the stack.
 */
function stampFramesAndKeys(frames: Int32Array, from: number, to: number, s: number, v: number, frameSums: Float64Array, keys: FrameKeyColumns, width: number, sums: Float64Array): void {
  for (let i = from; i < to; i++) {
    const f = frames[i];
    if (frameSums[2 * f + 1] === s) continue;
    frameSums[2 * f + 1] = s;
    frameSums[2 * f] += v;
    for (let at = f * width, end = at + width; at < end; at++) {
      const k = keys[at];
      if (sums[2 * k + 1] === s) continue;
      sums[2 * k + 1] = s;
      sums[2 * k] += v;
    }
  }
}

/** Counts stack `s` of value `v` once per key of each column. */
function stampKeys(frames: Int32Array, from: number, to: number, s: number, v: number, keys: FrameKeyColumns, width: number, sums: Float64Array): void {
  if (width === 1) {
    // A single key set (`perflens top`): a frame's one key, without the loop over columns.
    for (let i = from; i < to; i++) {
      const k = keys[frames[i]];
      if (sums[2 * k + 1] === s) continue;
      sums[2 * k + 1] = s;
      sums[2 * k] += v;
    }
    return;
  }
  for (let i = from; i < to; i++) {
    for (let at = frames[i] * width, end = at + width; at < end; at++) {
      const k = keys[at];
      if (sums[2 * k + 1] === s) continue;
      sums[2 * k + 1] = s;
      sums[2 * k] += v;
    }
  }
}

/** Per key: its sum and its stamp side by side (stamps start at -1: no stack yet). */
function stampedSums(count: number): Float64Array {
  const sums = new Float64Array(2 * count);
  for (let k = 0; k < count; k++) sums[2 * k + 1] = -1;
  return sums;
}

function sumsOf(sums: Float64Array, count: number): Float64Array {
  const result = new Float64Array(count);
  for (let k = 0; k < count; k++) result[k] = sums[2 * k];
  return result;
}
