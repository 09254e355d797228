/**
 * The per-function release diff: each side normalised to shares of its own total, a function's change is the
 * change of its total (cum) share, and a change counts only when it is more than sampling noise
 * (significance.ts). Functions that exist on one side only are kept (as 'added' / 'removed').
 *
 * Order: by delta (head share − base share) descending, so the top row is the function whose share of the
 * program grew most — including callers whose own code did not change but whose callees got slower; that is
 * where a user starts reading. Ties (a caller and its only callee) go to the larger rise in self share, i.e. the
 * function where the extra time is actually spent.
 */
import { flatCum, frameKeySet, type KindedKeySet } from '../aggregate/flatCum';
import { selectionFlatCums } from '../aggregate/flatCumMemo';
import type { Selection } from '../query/types';
import { functionKey } from './functionKey';
import { criticalZ, twoProportionZ, type CountSource } from './significance';

/** A side of a diff: a selection (one release's profiles, a time window, a label value…). */
export type DiffSide = Selection;

export interface DiffOptions {
  /** Family-wise false-alarm rate of the noise test (default 0.05). */
  readonly alpha?: number;
}

export interface DiffSideSummary {
  /** Sum of |value| of the side's samples, in the profile's unit. */
  readonly total: number;
  /** The same in sample counts (the test's n); 0 when unknown. */
  readonly countTotal: number;
  /** Sum of the side's profiles' duration_nanos; 0 when unknown. */
  readonly durationNanos: number;
  /** total per second of profiled time; null when the duration is unknown. */
  readonly perSecond: number | null;
  readonly counts: CountSource;
}

export type Presence = 'both' | 'added' | 'removed';

export interface FunctionDiffRow {
  /** Matching key across builds (functionKey). */
  readonly key: string;
  readonly function: string;
  /** The function's file as the head profile names it (the base's for removed functions). */
  readonly file: string;
  /** The head's hottest line of the function (largest cum), as profiled; null if none (or removed). */
  readonly line: number | null;
  /** The head's lowest line of the function with cost, as profiled; null if none. */
  readonly firstLine: number | null;
  /** The head's frame (in the head selection's frame table) of the hottest line; -1 if none (or removed). */
  readonly hotFrame: number;
  /** Total (cum) and self (flat) values in the profile's unit. */
  readonly base: number;
  readonly head: number;
  readonly baseSelf: number;
  readonly headSelf: number;
  /** Shares (0..1) of each side's own total. */
  readonly baseShare: number;
  readonly headShare: number;
  readonly baseSelfShare: number;
  readonly headSelfShare: number;
  /** headShare − baseShare, and the same for self shares. */
  readonly delta: number;
  readonly selfDelta: number;
  /** Total value per second of profiled time; null when that side's duration is unknown. */
  readonly basePerSecond: number | null;
  readonly headPerSecond: number | null;
  /** The function's total in sample counts on each side (the noise tests' k; 0 when the profile has none). */
  readonly baseCount: number;
  readonly headCount: number;
  /** The noise test's z for the total share (0 when it cannot be computed). */
  readonly z: number;
  /** The change is more than sampling noise. */
  readonly significant: boolean;
  readonly presence: Presence;
}

export interface FunctionDiff {
  readonly type: string;
  readonly unit: string;
  readonly base: DiffSideSummary;
  readonly head: DiffSideSummary;
  /** How significance was decided: the critical |z| and the number of functions tested. */
  readonly noise: { readonly criticalZ: number; readonly tests: number; readonly alpha: number; readonly estimated: boolean };
  /** Sorted: delta descending, then self delta descending, then name. */
  readonly functions: FunctionDiffRow[];
}

interface Entry {
  name: string;
  file: string;
  base: number;
  head: number;
  baseSelf: number;
  headSelf: number;
  baseCount: number;
  headCount: number;
  line: number;
  firstLine: number;
  hotFrame: number;
  inBase: boolean;
  inHead: boolean;
}

export function diffFunctions(base: DiffSide, head: DiffSide, options: DiffOptions = {}): FunctionDiff {
  const alpha = options.alpha ?? 0.05;
  const sides = [base, head].map((side) => ({ side, counts: side.countSource, costs: sideCosts(side) }));
  const entries = new Map<string, Entry>();
  const add = (costs: SideCosts, isHead: boolean) => {
    const { keys } = costs;
    for (let k = 0; k < keys.key.length; k++) {
      if (costs.cum[k] === 0 && costs.flat[k] === 0) continue;
      const key = keys.key[k];
      let e = entries.get(key);
      if (!e) {
        e = { name: keys.name[k], file: keys.file[k], base: 0, head: 0, baseSelf: 0, headSelf: 0, baseCount: 0, headCount: 0, line: 0, firstLine: 0, hotFrame: -1, inBase: false, inHead: false };
        entries.set(key, e);
      }
      if (isHead) {
        e.inHead = true;
        e.file = costs.file[k];
        e.hotFrame = costs.hotFrame[k];
        e.line = costs.line[k];
        e.firstLine = costs.firstLine[k];
        e.head = costs.cum[k];
        e.headSelf = costs.flat[k];
        e.headCount = costs.countCum[k];
      } else {
        e.inBase = true;
        e.base = costs.cum[k];
        e.baseSelf = costs.flat[k];
        e.baseCount = costs.countCum[k];
      }
    }
  };
  add(sides[0].costs, false);
  add(sides[1].costs, true);

  const summaries = sides.map(({ side, counts }) => summary(side, counts));
  const [b, h] = summaries;
  const estimated = b.counts.kind !== 'none' && h.counts.kind !== 'none' && b.countTotal > 0 && h.countTotal > 0;
  const tests = entries.size;
  const zCritical = criticalZ(tests, alpha);
  const share = (v: number, total: number) => (total === 0 ? 0 : v / total);
  const perSecond = (v: number, s: DiffSideSummary) => (s.durationNanos > 0 ? v / (s.durationNanos / 1e9) : null);

  const rows: FunctionDiffRow[] = [];
  for (const [key, e] of entries) {
    const baseShare = share(e.base, b.total);
    const headShare = share(e.head, h.total);
    const baseSelfShare = share(e.baseSelf, b.total);
    const headSelfShare = share(e.headSelf, h.total);
    const delta = headShare - baseShare;
    const z = estimated ? twoProportionZ(e.baseCount, b.countTotal, e.headCount, h.countTotal) : 0;
    rows.push({
      key,
      function: e.name,
      file: e.file,
      line: e.inHead && e.line > 0 ? e.line : null,
      firstLine: e.inHead && e.firstLine > 0 ? e.firstLine : null,
      hotFrame: e.inHead ? e.hotFrame : -1,
      base: e.base,
      head: e.head,
      baseSelf: e.baseSelf,
      headSelf: e.headSelf,
      baseShare,
      headShare,
      baseSelfShare,
      headSelfShare,
      delta,
      selfDelta: headSelfShare - baseSelfShare,
      basePerSecond: perSecond(e.base, b),
      headPerSecond: perSecond(e.head, h),
      baseCount: e.baseCount,
      headCount: e.headCount,
      z,
      significant: estimated ? Math.abs(z) > zCritical && delta !== 0 : delta !== 0,
      presence: e.inBase && e.inHead ? 'both' : e.inHead ? 'added' : 'removed',
    });
  }
  rows.sort(compareRows);
  const sampleType = base.sampleType;
  return { type: sampleType.type, unit: sampleType.unit, base: b, head: h, noise: { criticalZ: zCritical, tests, alpha, estimated }, functions: rows };
}

export function compareRows(a: FunctionDiffRow, b: FunctionDiffRow): number {
  return b.delta - a.delta || b.selfDelta - a.selfDelta || (a.function < b.function ? -1 : a.function > b.function ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

function summary(side: Selection, counts: CountSource): DiffSideSummary {
  const durationNanos = side.durationNanos > 0 ? side.durationNanos : 0;
  return {
    total: side.total,
    countTotal: counts.kind === 'none' ? 0 : side.countTotal,
    durationNanos,
    perSecond: durationNanos > 0 ? side.total / (durationNanos / 1e9) : null,
    counts,
  };
}

/** Rows whose share rose by more than noise, largest rise first. */
export function regressions(diff: FunctionDiff): FunctionDiffRow[] {
  return diff.functions.filter((r) => r.significant && r.delta > 0);
}

/** Rows whose share fell by more than noise, largest fall first. */
export function improvements(diff: FunctionDiff): FunctionDiffRow[] {
  return diff.functions.filter((r) => r.significant && r.delta < 0).reverse();
}

/**
 * A side's functions by their diff key (functionKey): the functions one key stands for — one function built in two
 * folders, a name in two files of one tail — are counted as one, so a sample on which several of them are is
 * counted once (cum never exceeds the total).
 */
interface DiffKeys {
  /** Per key: the key, and the name and file of its first function. */
  readonly key: readonly string[];
  readonly name: readonly string[];
  readonly file: readonly string[];
  /** Per frame of the side's frame table: its function's key. */
  readonly keySet: KindedKeySet & { readonly keyOfFrame: Int32Array };
}

/** Per frame table (and its functions): its keys, made once however many diffs read it. */
const keysOfFrames = new WeakMap<object, { readonly functions: object; readonly keys: DiffKeys }>();

function diffKeys(side: Selection): DiffKeys {
  const known = keysOfFrames.get(side.frames);
  if (known && known.functions === side.functions) return known.keys;
  const { functions, strings, frames } = side;
  const index = new Map<string, number>();
  const key: string[] = [];
  const name: string[] = [];
  const file: string[] = [];
  const keyOfFunction = new Int32Array(functions.count);
  for (let f = 0; f < functions.count; f++) {
    const n = strings.get(functions.name[f]);
    const fl = strings.get(functions.file[f]);
    const k = functionKey(n, fl);
    let i = index.get(k);
    if (i === undefined) {
      i = key.push(k) - 1;
      index.set(k, i);
      name.push(n);
      file.push(fl);
    }
    keyOfFunction[f] = i;
  }
  const keyOfFrame = new Int32Array(frames.count);
  for (let fr = 0; fr < frames.count; fr++) keyOfFrame[fr] = keyOfFunction[frames.function[fr]];
  // The key set's kind (what the selection's memo of flat and cum tells results apart by) is its own column.
  const keys: DiffKeys = { key, name, file, keySet: { keyOfFrame, keyCount: key.length, kind: keyOfFrame } };
  keysOfFrames.set(frames, { functions, keys });
  return keys;
}

/**
 * One side's costs per key: cum and flat (counted by the one aggregator, with the frames' in the same pass), cum in
 * sample counts (for the noise test), and, as profiled, the frame of its hottest line (largest cum), that frame's
 * function's file and line, and the lowest line with cost of that function.
 */
interface SideCosts {
  readonly keys: DiffKeys;
  readonly cum: Float64Array;
  readonly flat: Float64Array;
  readonly countCum: Float64Array;
  readonly hotFrame: Int32Array;
  readonly file: readonly string[];
  readonly line: Float64Array;
  readonly firstLine: Float64Array;
}

function sideCosts(side: Selection): SideCosts {
  const keys = diffKeys(side);
  const { keyOfFrame, keyCount } = keys.keySet;
  const [byKey, byFrame] = selectionFlatCums(side, [keys.keySet, frameKeySet(side)]);
  const countCum = side.count ? flatCum(side.stacks, side.count, keyOfFrame, keyCount).cum : new Float64Array(keyCount);
  const frameCum = byFrame.cum;
  const frameFunction = side.frames.function;
  const frameLine = side.frames.line;
  // Per function: its lowest line with cost; per key: its hottest frame.
  const lowest = new Float64Array(side.functions.count);
  const hotFrame = new Int32Array(keyCount).fill(-1);
  const hotValue = new Float64Array(keyCount);
  for (let fr = 0; fr < side.frames.count; fr++) {
    const line = frameLine[fr];
    if (line <= 0 || frameCum[fr] === 0) continue;
    const fn = frameFunction[fr];
    if (lowest[fn] === 0 || line < lowest[fn]) lowest[fn] = line;
    const k = keyOfFrame[fr];
    const v = Math.abs(frameCum[fr]);
    const hot = hotFrame[k];
    if (hot < 0 || v > hotValue[k] || (v === hotValue[k] && line < frameLine[hot])) {
      hotValue[k] = v;
      hotFrame[k] = fr;
    }
  }
  const file = [...keys.file];
  const line = new Float64Array(keyCount);
  const firstLine = new Float64Array(keyCount);
  for (let k = 0; k < keyCount; k++) {
    const fr = hotFrame[k];
    if (fr < 0) continue;
    const fn = frameFunction[fr];
    file[k] = side.strings.get(side.functions.file[fn]);
    line[k] = frameLine[fr];
    firstLine[k] = lowest[fn];
  }
  return { keys, cum: byKey.cum, flat: byKey.flat, countCum, hotFrame, file, line, firstLine };
}
