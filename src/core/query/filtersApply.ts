/**
 * Applies a frame filter's per-frame bits (filtersMatch.ts) to a stack table, once per stack, as `go tool pprof`
 * applies -focus/-ignore/-hide/-show and then -show_from to a profile's samples (profile/filter.go):
 *
 * 1. when any of focus, ignore, hide, show or a noise preset is set: a stack with an ignored (or noise) frame is
 *    dropped; with focus set, so is a stack without a focused frame; so is an empty stack. Focus and ignore look
 *    at the stack as it was, before hide removes frames;
 * 2. hidden frames (hide, or not matching show) are removed; a stack left empty is dropped;
 * 3. with show_from: frames above (rootward of) the outermost show_from frame are removed; a stack without one
 *    is dropped. pprof does this per location: a location with a matching line also loses its lines outside
 *    (rootward of) the outermost matching one, even below the cut (`inlined` says where locations are).
 * Stacks are leaf first. The kept stacks are written to a new table in input order (see StackRewriter).
 */
import type { StackTable } from '../model/types';
import type { CompiledFrameFilter } from './filters';
import { FRAME_FOCUS, FRAME_HIDE, FRAME_IGNORE, FRAME_NOISE, FRAME_SHOW, FRAME_SHOW_FROM, FRAME_SHOW_FROM_BINARY } from './filtersMatch';
import { noisePreset } from './filtersPresets';

export interface FilteredStacks {
  /** The stacks after hide/show/show_from; the input table itself when no frame is removed. */
  readonly stacks: StackTable;
  /** Per input stack, its index in `stacks`, or -1 when the filter drops it. */
  readonly stackOf: Int32Array;
  /** How many input stacks are kept. */
  readonly kept: number;
  /** Per stack of `stacks` (when rewritten): the input stack with exactly its frames, -1 when frames were removed. */
  readonly sameAs?: Int32Array;
}

/**
 * @param inlined per slot of `input.frames`: 1 when that frame is inlined into the next one (both lines of one
 *   pprof location), 0 for a location's outermost line. Only show_from reads it (pprof trims each matching
 *   location's outer lines); without it every frame is a location of its own.
 */
export function filterStacks(input: StackTable, flags: Uint8Array, filter: CompiledFrameFilter, inlined?: Uint8Array): FilteredStacks {
  const selects = filter.focus !== undefined || filter.ignore !== undefined || filter.hide !== undefined || filter.show !== undefined || filter.presets.some((id) => noisePreset(id) !== undefined);
  const dropBits = FRAME_IGNORE | FRAME_NOISE;
  const focusBit = FRAME_FOCUS;
  const needFocus = filter.focus !== undefined;
  // Without ignore or a noise preset no frame can drop a stack: the first focused frame decides it.
  const canDrop = filter.ignore !== undefined || filter.presets.some((id) => noisePreset(id) !== undefined);
  const rewrites = filter.hide !== undefined || filter.show !== undefined || filter.showFrom !== undefined;
  const { start, frames } = input;
  const stackOf = new Int32Array(input.count).fill(-1);
  const rewriter = rewrites ? new StackRewriter(input, flags, filter, inlined) : undefined;
  let kept = 0;
  for (let s = 0; s < input.count; s++) {
    const a = start[s];
    const b = start[s + 1];
    if (selects) {
      if (a === b) continue;
      let dropped = false;
      let focused = !needFocus;
      for (let i = a; i < b; i++) {
        const bits = flags[frames[i]];
        if ((bits & dropBits) !== 0) {
          dropped = true;
          break;
        }
        if ((bits & focusBit) !== 0) {
          focused = true;
          if (!canDrop) break;
        }
      }
      if (dropped || !focused) continue;
    }
    if (rewriter) {
      const o = rewriter.add(s, a, b);
      if (o < 0) continue;
      stackOf[s] = o;
    } else {
      stackOf[s] = s;
    }
    kept++;
  }
  if (!rewriter) return { stacks: input, stackOf: selects ? stackOf : identity(input.count), kept };
  const stacks = rewriter.finish();
  return { stacks, stackOf, kept, sameAs: rewriter.sameAs.subarray(0, stacks.count) };
}

/**
 * Writes each kept stack's remaining frames (hide, show, show_from) into a new table, in input order. Rewritten
 * stacks are not interned: two input stacks rewritten into one sequence stay two stacks, which every aggregation
 * sums (hashing every rewritten stack again would double the cost of a filter change on a large profile).
 */
class StackRewriter {
  private readonly out: Int32Array;
  private readonly outStart: Int32Array;
  /** Per stack written: the input stack it is unchanged from, -1 when frames were removed. */
  readonly sameAs: Int32Array;
  private count = 0;
  private w = 0;
  /** Per slot of the stack being rewritten: 1 when it stays. */
  private stays = new Uint8Array(64);

  constructor(private readonly input: StackTable, private readonly flags: Uint8Array, private readonly filter: CompiledFrameFilter, private readonly inlined: Uint8Array | undefined) {
    // A rewritten stack is never longer than its input.
    this.out = new Int32Array(input.frames.length);
    this.outStart = new Int32Array(input.count + 1);
    this.sameAs = new Int32Array(input.count);
  }

  /** Writes the rewritten stack of input stack s (slots [a, b)) and returns its id, or -1 when no frame stays. */
  add(s: number, a: number, b: number): number {
    const { frames } = this.input;
    const inlined = this.inlined;
    const flags = this.flags;
    // Imported constants copied to locals: this loop runs once per frame of every stack.
    const hideBit = FRAME_HIDE;
    const showBit = FRAME_SHOW;
    if (this.stays.length < b - a) this.stays = new Uint8Array(2 * (b - a));
    const stays = this.stays;
    const show = this.filter.show !== undefined;
    let visible = 0;
    for (let i = a; i < b; i++) {
      const bits = flags[frames[i]];
      // Hidden: hide matches it, or show is set and does not match it.
      const v = (bits & hideBit) === 0 && (!show || (bits & showBit) !== 0) ? 1 : 0;
      stays[i - a] = v;
      visible += v;
    }
    if (visible === 0) return -1;
    let end = b;
    if (this.filter.showFrom !== undefined) {
      const fromBit = FRAME_SHOW_FROM;
      const fromBinaryBit = FRAME_SHOW_FROM_BINARY;
      end = -1;
      // Locations (a run of frames inlined into the last one) from the leaf up. In each matching location pprof
      // keeps the lines up to the outermost matching one (all of them when the binary matched); the stack ends
      // at the outermost matching location.
      for (let g0 = a; g0 < b;) {
        let g1 = g0;
        if (inlined) while (g1 < b - 1 && inlined[g1] === 1) g1++;
        let byBinary = false;
        let outermost = -1;
        for (let i = g0; i <= g1; i++) {
          if (!stays[i - a]) continue;
          const bits = flags[frames[i]];
          if ((bits & fromBinaryBit) !== 0) byBinary = true;
          if ((bits & fromBit) !== 0) outermost = i;
        }
        if (byBinary || outermost >= 0) {
          if (!byBinary) {
            for (let i = outermost + 1; i <= g1; i++) {
              visible -= stays[i - a];
              stays[i - a] = 0;
            }
          }
          end = g1 + 1;
        }
        g0 = g1 + 1;
      }
      if (end < 0) return -1;
    }
    const out = this.out;
    const w0 = this.w;
    let w = w0;
    const unchanged = end === b && visible === b - a;
    if (unchanged) {
      out.set(frames.subarray(a, b), w);
      w += b - a;
    } else {
      for (let i = a; i < end; i++) if (stays[i - a]) out[w++] = frames[i];
      if (w === w0) return -1;
    }
    this.w = w;
    const id = this.count++;
    this.sameAs[id] = unchanged ? s : -1;
    this.outStart[this.count] = w;
    return id;
  }

  finish(): StackTable {
    const frames = this.w * 4 >= this.out.length * 3 ? this.out.subarray(0, this.w) : this.out.slice(0, this.w);
    return { count: this.count, start: this.outStart.slice(0, this.count + 1), frames };
  }
}

function identity(n: number): Int32Array {
  const a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  return a;
}
