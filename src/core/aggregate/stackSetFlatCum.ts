/**
 * Flat and cum per function, per source line or per file — what `go tool pprof -top` shows, and what the editor's
 * gutter heat (per line) and the top table (per function) read.
 *
 * Semantics (those of pprof's graph.go):
 * - flat: a stack's value goes to its leaf: the innermost inlined frame (first line) of the leaf location;
 * - cum: a stack's value goes once to every key on the stack, however many times the key appears on it
 *   (recursion, or several lines of one function), so no cum exceeds the total;
 * - total: the sum of |value| over all stacks (pprof's total; equal to the plain sum unless the profile has
 *   negative values, as diff profiles do). Stacks with no locations count in the total only.
 * Keys:
 * - 'function': (name, file) — a row's `line` is the function's start line (0 if unknown);
 * - 'line': (file, line number) — one editor line; the row's function is the first function seen at that line.
 *   Frames without a file (Node's "(garbage collector)", regexps...) are keyed by (function, line) instead, so
 *   unrelated file-less functions do not pile up on one pseudo-line;
 * - 'file': the file name — the row's function is -1. All frames without a file share the row with file ""
 *   (pprof's `<unknown>` row for `-files`).
 *
 * The recursion dedupe is a stamp array indexed by key ("last stack that counted this key"), O(1) per frame.
 */
import type { StackSet } from './stackSet';

import { frameKeys, type AggregateBy } from './frameKeys';

export type { AggregateBy } from './frameKeys';

export interface FlatCumTable {
  readonly by: AggregateBy;
  readonly typeIndex: number;
  readonly total: number;
  readonly count: number;
  readonly flat: Float64Array;
  readonly cum: Float64Array;
  /** Per row: a function index into the StackSet (-1 for 'file' rows). */
  readonly function: Int32Array;
  /** Per row: the file, an index into StackSet.strings. */
  readonly file: Int32Array;
  /** Per row: line number ('line'), start line ('function'), 0 ('file'). */
  readonly line: Float64Array;
}

export function aggregateFlatCum(set: StackSet, typeIndex: number, by: AggregateBy): FlatCumTable {
  const keys = frameKeysOf(set, by);
  const { frameKey, count } = keys;
  const flat = new Float64Array(count);
  // cum and the dedupe stamp of key k side by side ([2k] = cum, [2k + 1] = last stack counted), so the random
  // access per frame touches one cache line instead of two.
  const cumAndStamp = new Float64Array(2 * count).fill(-1);
  for (let k = 0; k < count; k++) cumAndStamp[2 * k] = 0;
  const types = set.sampleTypes.length;
  const values = set.values;
  const frameStart = set.locations.frameStart;
  const frameList = set.locations.frameList;
  const stackSource = set.stacks.source;
  const stackSample = set.stacks.sample;
  let total = 0;
  // Per input location: its row key when the location is one frame (most are), else -(merged location + 1).
  // This turns the common case into one lookup per stack frame.
  const keyOfFrameSlot = new Int32Array(frameList.length);
  for (let f = 0; f < frameList.length; f++) keyOfFrameSlot[f] = frameKey[frameList[f]];
  const locationKeys = set.inputs.map((input) => {
    const keysOf = new Int32Array(input.toMerged.length);
    for (let l = 0; l < keysOf.length; l++) {
      const m = input.toMerged[l];
      keysOf[l] = frameStart[m + 1] - frameStart[m] === 1 ? keyOfFrameSlot[frameStart[m]] : -(m + 1);
    }
    return keysOf;
  });

  for (let s = 0; s < set.stacks.count; s++) {
    const v = values[s * types + typeIndex];
    if (v === 0) continue;
    total += v < 0 ? -v : v;
    const inputIndex = stackSource === undefined ? 0 : stackSource[s];
    const input = set.inputs[inputIndex];
    const locationStart = input.locationStart;
    const locations = input.locations;
    const keysOf = locationKeys[inputIndex];
    const sample = stackSample === undefined ? s : stackSample[s];
    const start = locationStart[sample];
    const end = locationStart[sample + 1];
    if (start === end) continue;
    const leaf = keysOf[locations[start]];
    flat[leaf >= 0 ? leaf : keyOfFrameSlot[frameStart[-leaf - 1]]] += v;
    for (let i = start; i < end; i++) {
      const key = keysOf[locations[i]];
      if (key >= 0) {
        if (cumAndStamp[2 * key + 1] !== s) {
          cumAndStamp[2 * key + 1] = s;
          cumAndStamp[2 * key] += v;
        }
        continue;
      }
      const loc = -key - 1;
      const fEnd = frameStart[loc + 1];
      for (let f = frameStart[loc]; f < fEnd; f++) {
        const k = keyOfFrameSlot[f];
        if (cumAndStamp[2 * k + 1] !== s) {
          cumAndStamp[2 * k + 1] = s;
          cumAndStamp[2 * k] += v;
        }
      }
    }
  }
  const cum = new Float64Array(count);
  for (let k = 0; k < count; k++) cum[k] = cumAndStamp[2 * k];
  return { by, typeIndex, total, count, flat, cum, function: keys.rowFunction, file: keys.rowFile, line: keys.rowLine };
}

/** Frame → row key for the chosen granularity, and what each row shows. */
function frameKeysOf(set: StackSet, by: AggregateBy) {
  const keys = frameKeys(set, by);
  return { frameKey: keys.keyOfFrame, count: keys.count, rowFunction: keys.function, rowFile: keys.file, rowLine: keys.line };
}

export interface FlatCumRow {
  readonly function: string;
  readonly file: string;
  /** Line number for 'line' rows, the start line (or null if unknown) for 'function' rows, null for 'file' rows. */
  readonly line: number | null;
  readonly flat: number;
  readonly cum: number;
}

/**
 * The table's rows with any value, sorted by flat descending (then cum descending, then name), at most `limit`.
 * For 'file' rows `function` is "".
 */
export function sortedRows(set: StackSet, table: FlatCumTable, limit = Infinity): FlatCumRow[] {
  const order: number[] = [];
  for (let r = 0; r < table.count; r++) if (table.flat[r] !== 0 || table.cum[r] !== 0) order.push(r);
  const name = (r: number) => (table.function[r] >= 0 ? set.strings.get(set.functions.name[table.function[r]]) : '');
  const label = (r: number) => `${name(r)}\u0000${set.strings.get(table.file[r])}\u0000${table.line[r]}`;
  order.sort((a, b) => table.flat[b] - table.flat[a] || table.cum[b] - table.cum[a] || (label(a) < label(b) ? -1 : label(a) > label(b) ? 1 : 0));
  return order.slice(0, Math.min(limit, order.length)).map((r) => ({
    function: name(r),
    file: set.strings.get(table.file[r]),
    line: table.by === 'file' || table.line[r] === 0 ? null : table.line[r],
    flat: table.flat[r],
    cum: table.cum[r],
  }));
}
