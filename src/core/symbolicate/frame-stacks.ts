// Identical frame stacks summed into one entry, so symbolicating a profile costs memory per distinct stack, not
// per sample: a profile with 10^7 samples over a few thousand stacks used to build 10^7 objects (gigabytes) here.
// Open addressing over the stacks' frame ids; frames are kept in one growing Int32Array.
import { GrowableInt32 } from '../aggregate/growable';

export interface SummedStack {
  value: number;
  /** Frame ids, leaf first (a view into the shared buffer). */
  frames: Int32Array;
}

export class FrameStacks {
  private readonly frames = new GrowableInt32(1 << 12);
  private readonly start: number[] = [];
  private readonly end: number[] = [];
  private readonly values: number[] = [];
  private slots = new Int32Array(1 << 10).fill(-1);

  /** Adds `value` to the stack currently in `stack[0..length)`. */
  add(stack: Int32Array, length: number, value: number): void {
    const hash = hashStack(stack, length);
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const id = this.slots[slot];
      if (id < 0) {
        this.slots[slot] = this.append(stack, length, value);
        if (this.values.length * 2 > this.slots.length) this.rehash();
        return;
      }
      if (this.equals(id, stack, length)) {
        this.values[id] += value;
        return;
      }
    }
  }

  /** The distinct stacks with their summed values, in first-seen order. */
  stacks(): SummedStack[] {
    const data = this.frames.data;
    return this.values.map((value, id) => ({ value, frames: data.subarray(this.start[id], this.end[id]) }));
  }

  private append(stack: Int32Array, length: number, value: number): number {
    const id = this.values.length;
    this.start.push(this.frames.length);
    for (let i = 0; i < length; i++) this.frames.push(stack[i]);
    this.end.push(this.frames.length);
    this.values.push(value);
    return id;
  }

  private equals(id: number, stack: Int32Array, length: number): boolean {
    const from = this.start[id];
    if (this.end[id] - from !== length) return false;
    const data = this.frames.data;
    for (let i = 0; i < length; i++) if (data[from + i] !== stack[i]) return false;
    return true;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    const data = this.frames.data;
    for (let id = 0; id < this.values.length; id++) {
      let slot = hashStack(data.subarray(this.start[id], this.end[id]), this.end[id] - this.start[id]) & mask;
      while (slots[slot] >= 0) slot = (slot + 1) & mask;
      slots[slot] = id;
    }
    this.slots = slots;
  }
}

function hashStack(stack: Int32Array, length: number): number {
  let h = 0x811c9dc5 ^ length;
  for (let i = 0; i < length; i++) h = Math.imul(h ^ stack[i], 0x01000193);
  return (h ^ (h >>> 15)) >>> 0;
}
