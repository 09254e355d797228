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
 *    (rootward of) the outermost matching one, even below the cut (StackTable.inlined says where locations are).
 * Stacks are leaf first. The rewritten stacks are not deduplicated: several input stacks may become the same
 * sequence, and every aggregation sums them.
 */
import type { CompiledFrameFilter } from './filters';
import { FRAME_FOCUS, FRAME_HIDE, FRAME_IGNORE, FRAME_NOISE, FRAME_SHOW, FRAME_SHOW_FROM, FRAME_SHOW_FROM_BINARY } from './filtersMatch';
import { noisePreset } from './filtersPresets';

/** Stacks as CSR: stack s is frames `frames[start[s] .. start[s + 1])`, leaf first. */
export interface StackTable {
  readonly count: number;
  readonly start: Int32Array;
  readonly frames: Int32Array;
  /**
   * Per slot of `frames`: 1 when that frame is inlined into the next one (both lines of one pprof location), 0
   * for a location's outermost line. Only show_from reads it (pprof trims each matching location's outer
   * lines); without it every frame is a location of its own.
   */
  readonly inlined?: Uint8Array;
}

export interface FilteredStacks {
  /** The stacks after hide/show/show_from; the input table itself when no frame is removed. */
  readonly stacks: StackTable;
  /** Per input stack, its index in `stacks`, or -1 when the filter drops it. */
  readonly stackOf: Int32Array;
  /** How many input stacks are kept. */
  readonly kept: number;
}

export function filterStacks(input: StackTable, flags: Uint8Array, filter: CompiledFrameFilter): FilteredStacks {
  const selects = filter.focus !== undefined || filter.ignore !== undefined || filter.hide !== undefined || filter.show !== undefined || filter.presets.some((id) => noisePreset(id) !== undefined);
  const dropBits = FRAME_IGNORE | FRAME_NOISE;
  const needFocus = filter.focus !== undefined;
  const rewrites = filter.hide !== undefined || filter.show !== undefined || filter.showFrom !== undefined;
  const { start, frames } = input;
  const stackOf = new Int32Array(input.count).fill(-1);
  const rewriter = rewrites ? new StackRewriter(input, flags, filter) : undefined;
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
        if ((bits & FRAME_FOCUS) !== 0) focused = true;
      }
      if (dropped || !focused) continue;
    }
    if (rewriter && !rewriter.add(a, b)) continue;
    stackOf[s] = kept++;
  }
  if (!rewriter) return { stacks: input, stackOf: selects ? renumberedAsInput(stackOf) : identity(input.count), kept };
  return { stacks: rewriter.finish(), stackOf, kept };
}

/** Writes each kept stack's remaining frames (hide, show, show_from) into a new table. */
class StackRewriter {
  private readonly out: Int32Array;
  private readonly outStart: number[] = [0];
  private w = 0;
  /** Per slot of the stack being rewritten: 1 when it stays. */
  private stays = new Uint8Array(64);

  constructor(private readonly input: StackTable, private readonly flags: Uint8Array, private readonly filter: CompiledFrameFilter) {
    this.out = new Int32Array(input.frames.length);
  }

  /** Adds the rewritten stack of slots [a, b); false (nothing added) when no frame stays. */
  add(a: number, b: number): boolean {
    const { frames, inlined } = this.input;
    const flags = this.flags;
    if (this.stays.length < b - a) this.stays = new Uint8Array(2 * (b - a));
    const stays = this.stays;
    const show = this.filter.show !== undefined;
    let visible = 0;
    for (let i = a; i < b; i++) {
      const bits = flags[frames[i]];
      // Hidden: hide matches it, or show is set and does not match it.
      const v = (bits & FRAME_HIDE) === 0 && (!show || (bits & FRAME_SHOW) !== 0) ? 1 : 0;
      stays[i - a] = v;
      visible += v;
    }
    if (visible === 0) return false;
    let end = b;
    if (this.filter.showFrom !== undefined) {
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
          if ((bits & FRAME_SHOW_FROM_BINARY) !== 0) byBinary = true;
          if ((bits & FRAME_SHOW_FROM) !== 0) outermost = i;
        }
        if (byBinary || outermost >= 0) {
          if (!byBinary) for (let i = outermost + 1; i <= g1; i++) stays[i - a] = 0;
          end = g1 + 1;
        }
        g0 = g1 + 1;
      }
      if (end < 0) return false;
    }
    const w0 = this.w;
    for (let i = a; i < end; i++) if (stays[i - a]) this.out[this.w++] = frames[i];
    if (this.w === w0) return false;
    this.outStart.push(this.w);
    return true;
  }

  finish(): StackTable {
    return { count: this.outStart.length - 1, start: Int32Array.from(this.outStart), frames: this.out.slice(0, this.w) };
  }
}

/** Without rewriting, kept stacks keep their own index in the input table. */
function renumberedAsInput(stackOf: Int32Array): Int32Array {
  for (let s = 0; s < stackOf.length; s++) if (stackOf[s] >= 0) stackOf[s] = s;
  return stackOf;
}

function identity(n: number): Int32Array {
  const a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  return a;
}
