/**
 * Which frames a frame filter matches, computed once per function, file and binary, then once per frame (never per
 * sample): bits per frame that filtersApply.ts turns into kept, dropped and rewritten stacks.
 *
 * As in pprof (profile/filter.go), a pattern matches a frame when it finds a match in the function's name, in its
 * file name or in its binary (the mapping's file). A placeholder frame of unsymbolized code (a function the model
 * made up, named `[binary]` or `<unknown>`) is matched by its binary only: pprof sees no function there; and
 * `show` never keeps one (pprof keeps a location's matching lines, and it has none).
 */
import { BoundedMatching, type FilterRegexp } from './filtersRegexp';
import { FRAME_OPTION_NAMES, FRAME_PATTERN_OPTIONS, type CompiledFrameFilter, type FramePatternOption } from './filters';
import { noisePreset, type NoisePreset } from './filtersPresets';
import type { Strings } from '../aggregate/mergedStrings';

export const FRAME_FOCUS = 1;
export const FRAME_IGNORE = 2;
export const FRAME_HIDE = 4;
export const FRAME_SHOW = 8;
export const FRAME_SHOW_FROM = 16;
/** Matched by a noise preset: samples through it are dropped, like FRAME_IGNORE. */
export const FRAME_NOISE = 32;
/**
 * show_from matched the frame's binary rather than its function: pprof then keeps the whole location, where a
 * match on a line drops the location's lines outside the matching one (filtersApply.ts).
 */
export const FRAME_SHOW_FROM_BINARY = 64;

const BIT: Readonly<Record<FramePatternOption, number>> = {
  focus: FRAME_FOCUS, ignore: FRAME_IGNORE, hide: FRAME_HIDE, show: FRAME_SHOW, showFrom: FRAME_SHOW_FROM,
};

/** Names longer than this are never runtime noise (the presets' patterns are short); they are not tested. */
const NOISE_MAX_NAME = 1024;

export interface FilterFunctions {
  readonly count: number;
  /** String ids. */
  readonly name: Int32Array;
  readonly file: Int32Array;
  /** 1 for functions the model made up for unsymbolized frames; absent when there are none. */
  readonly placeholder?: Uint8Array;
}

export interface FilterFrames {
  readonly count: number;
  readonly function: Int32Array;
  /** The binary (mapping file) of each frame, a string id (0: none); absent when unknown. */
  readonly binary?: Int32Array;
}

export interface FrameFlags {
  /** Per frame, FRAME_* bits. */
  readonly flags: Uint8Array;
  /** Per option or preset id, whether any frame matched (for "focus matched no frame"). */
  readonly matched: ReadonlyMap<string, boolean>;
  readonly notes: readonly string[];
}

/** @param budget matching work allowed per pattern, in steps (default: grows with the names tested, see filtersRegexp.ts) */
export function matchFrames(frames: FilterFrames, functions: FilterFunctions, strings: Strings, filter: CompiledFrameFilter, budget?: number): FrameFlags {
  const fnFlags = new Uint8Array(functions.count);
  const binaryFlags = new Map<number, number>();
  const notes: string[] = [];
  const matched = new Map<string, boolean>();
  const isPlaceholder = (f: number) => functions.placeholder !== undefined && functions.placeholder[f] === 1;

  for (const option of FRAME_PATTERN_OPTIONS) {
    const rx = filter[option];
    if (!rx) continue;
    const binaryBit = option === 'showFrom' ? FRAME_SHOW_FROM_BINARY : BIT[option];
    const note = matchPattern(frames, functions, strings, rx, option, BIT[option], binaryBit, fnFlags, binaryFlags, isPlaceholder, budget);
    if (note) notes.push(note);
  }
  const noise = filter.presets.map(noisePreset).filter((p): p is NoisePreset => p !== undefined);
  if (noise.length > 0) {
    for (let f = 0; f < functions.count; f++) {
      if (isPlaceholder(f)) continue;
      const name = strings.get(functions.name[f]);
      if (name.length > NOISE_MAX_NAME) continue;
      let file: string | undefined;
      const fileOf = () => (file ??= strings.get(functions.file[f]));
      if (noise.some((p) => p.rules.some((r) => r.name.test(name) && (r.file === undefined || r.file.test(fileOf()))))) fnFlags[f] |= FRAME_NOISE;
    }
  }

  const flags = new Uint8Array(frames.count);
  for (let fr = 0; fr < frames.count; fr++) {
    const f = frames.function[fr];
    let b = fnFlags[f];
    if (frames.binary !== undefined && frames.binary[fr] !== 0) b |= binaryFlags.get(frames.binary[fr]) ?? 0;
    // show keeps a location's lines; an unsymbolized one has none to keep, even when its binary matches.
    if (isPlaceholder(f)) b &= ~FRAME_SHOW;
    flags[fr] = b;
  }
  const any = new Uint8Array(128);
  for (let fr = 0; fr < frames.count; fr++) any[flags[fr]] = 1;
  const anyBit = (bit: number) => any.some((seen, b) => seen === 1 && (b & bit) !== 0);
  for (const option of FRAME_PATTERN_OPTIONS) {
    if (filter[option]) matched.set(FRAME_OPTION_NAMES[option], anyBit(option === 'showFrom' ? FRAME_SHOW_FROM | FRAME_SHOW_FROM_BINARY : BIT[option]));
  }
  for (const p of noise) matched.set(p.id, anyBit(FRAME_NOISE));
  return { flags, matched, notes };
}

/**
 * Sets `bit` on the functions and `binaryBit` on the binaries `rx` matches; returns a note when some names were
 * too long to test.
 */
function matchPattern(
  frames: FilterFrames, functions: FilterFunctions, strings: Strings, rx: FilterRegexp, option: FramePatternOption, bit: number, binaryBit: number,
  fnFlags: Uint8Array, binaryFlags: Map<number, number>, isPlaceholder: (f: number) => boolean, budget: number | undefined,
): string | undefined {
  // Each distinct string once: names, files and binaries share string ids in a merged table.
  const decided = new Map<number, boolean>();
  let characters = 0;
  const texts: number[] = [];
  const want = (id: number) => {
    if (id !== 0 && !decided.has(id)) {
      decided.set(id, false);
      texts.push(id);
    }
  };
  for (let f = 0; f < functions.count; f++) {
    if (isPlaceholder(f)) continue;
    want(functions.name[f]);
    want(functions.file[f]);
  }
  if (frames.binary !== undefined) for (let fr = 0; fr < frames.count; fr++) want(frames.binary[fr]);
  const values = texts.map((id) => strings.get(id));
  for (const v of values) characters += v.length;
  const matching = new BoundedMatching(FRAME_OPTION_NAMES[option], characters, budget);
  texts.forEach((id, i) => decided.set(id, matching.test(rx, values[i]) ?? false));

  for (let f = 0; f < functions.count; f++) {
    if (!isPlaceholder(f) && (decided.get(functions.name[f]) || decided.get(functions.file[f]))) fnFlags[f] |= bit;
  }
  if (frames.binary !== undefined) {
    for (let fr = 0; fr < frames.count; fr++) {
      const id = frames.binary[fr];
      if (id !== 0 && decided.get(id)) binaryFlags.set(id, (binaryFlags.get(id) ?? 0) | binaryBit);
    }
  }
  return matching.note('name');
}
