// Identical frame stacks summed into one entry, so symbolicating a profile costs memory per distinct stack, not
// per sample: a profile with 10^7 samples over a few thousand stacks used to build 10^7 objects (gigabytes) here.
// Open addressing over the stacks' frame ids; frames are kept in one growing Int32Array, and the result is three
// columns (no object per stack: 10^6 distinct stacks would be 10^6 objects and 10^6 typed-array views).
import { GrowableFloat64, GrowableInt32 } from '../aggregate/growable';
import { doubledSlots } from '../aggregate/hashSlots';

/** Distinct stacks in columns: stack s has value `value[s]` and frames `frames[start[s] .. start[s + 1])`, leaf first. */
export interface FrameStackTable {
  readonly count: number;
  readonly value: Float64Array;
  /** CSR offsets into `frames`; length count + 1. */
  readonly start: Int32Array;
  readonly frames: Int32Array;
}

export class FrameStacks {
  private readonly frames = new GrowableInt32(1 << 12);
  /** Start of each stack's frames, plus the end of the last one (stacks are appended contiguously). */
  private readonly start = new GrowableInt32(1 << 10);
  private readonly values = new GrowableFloat64(1 << 10);
  /**
   * Open addressing: stack id + 1 per slot (0 = empty, so a fresh table is untouched zero pages), and each slot's
   * hash beside it, so a probe compares frames only when the hashes agree and growing never rereads the frames.
   */
  private slots: Int32Array;
  private hashes: Int32Array;

  /** @param expected about how many distinct stacks to expect (e.g. the number of samples): sizes the table once */
  constructor(expected = 0) {
    let size = 1 << 10;
    while (size < 2 * Math.min(expected, 1 << 21)) size *= 2;
    this.slots = new Int32Array(size);
    this.hashes = new Int32Array(size);
    this.start.push(0);
  }

  /** Adds `value` to the stack currently in `stack[0..length)`. */
  add(stack: Int32Array, length: number, value: number): void {
    const hash = hashStack(stack, 0, length);
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot];
      if (entry === 0) {
        this.slots[slot] = this.append(stack, length, value) + 1;
        this.hashes[slot] = hash;
        if (this.values.length * 2 > this.slots.length) this.grow();
        return;
      }
      if (this.hashes[slot] === hash && this.equals(entry - 1, stack, length)) {
        this.values.data[entry - 1] += value;
        return;
      }
    }
  }

  /** The distinct stacks with their summed values, in first-seen order. */
  table(): FrameStackTable {
    return { count: this.values.length, value: this.values.trim(), start: this.start.trim(), frames: this.frames.trim() };
  }

  private append(stack: Int32Array, length: number, value: number): number {
    const id = this.values.length;
    for (let i = 0; i < length; i++) this.frames.push(stack[i]);
    this.start.push(this.frames.length);
    this.values.push(value);
    return id;
  }

  private equals(id: number, stack: Int32Array, length: number): boolean {
    const start = this.start.data;
    const from = start[id];
    if (start[id + 1] - from !== length) return false;
    const data = this.frames.data;
    for (let i = 0; i < length; i++) if (data[from + i] !== stack[i]) return false;
    return true;
  }

  private grow(): void {
    ({ slots: this.slots, hashes: this.hashes } = doubledSlots(this.slots, this.hashes));
  }
}

function hashStack(frames: Int32Array, from: number, to: number): number {
  let h = 0x811c9dc5 ^ (to - from);
  for (let i = from; i < to; i++) h = Math.imul(h ^ frames[i], 0x01000193);
  return h ^ (h >>> 15);
}
