/**
 * Distinct frame sequences (stacks), numbered as first met: THE place stacks are interned, for the model and for
 * queries that rewrite stacks (hide, show_from, group-by). Memory is per distinct stack: the frames sit in one
 * Int32Array in compressed rows, found again through an open-addressing table of stack ids beside their hashes
 * (no object per stack, no key strings).
 */
import { GrowableInt32 } from '../aggregate/growable';
import type { StackTable } from './types';

export class StackInterner {
  private frames: GrowableInt32;
  /** Start of each stack's frames, plus the end of the last one (stacks are appended contiguously). */
  private readonly start: GrowableInt32;
  /**
   * Open addressing: per slot [hash, stack id + 1] side by side (id 0 = empty), so a probe reads one cache line and
   * compares frames only when the hashes agree.
   */
  private slots: Int32Array;

  /**
   * @param expectedStacks about how many distinct stacks to expect (sizes the table once)
   * @param frameCapacity about how many frames all distinct stacks hold together (an upper bound avoids regrowing)
   */
  constructor(expectedStacks = 0, frameCapacity = 1 << 12) {
    let size = 1 << 10;
    while (size < 2 * Math.min(expectedStacks, 1 << 24)) size *= 2;
    this.slots = new Int32Array(2 * size);
    this.frames = new GrowableInt32(frameCapacity);
    this.start = new GrowableInt32(Math.max(16, Math.min(expectedStacks, 1 << 24)) + 1);
    this.start.push(0);
  }

  get count(): number {
    return this.start.length - 1;
  }

  /** The id of the stack `frames[0 .. length)` (leaf first), adding it if it is new. */
  intern(frames: Int32Array, length: number): number {
    let h = HASH_SEED;
    for (let i = 0; i < length; i++) h = hashStep(h, frames[i]);
    return this.internHashed(frames, length, finishHash(h, length));
  }

  /**
   * intern() for a caller that hashed the frames as it wrote them: `hash` is finishHash(h, length) where h is
   * HASH_SEED folded with hashStep over the frames in order.
   */
  internHashed(frames: Int32Array, length: number, hash: number): number {
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = slots[2 * slot + 1];
      if (entry === 0) {
        const id = this.append(frames, length);
        slots[2 * slot] = hash;
        slots[2 * slot + 1] = id + 1;
        if ((id + 1) * 4 > slots.length) this.grow();
        return id;
      }
      if (slots[2 * slot] === hash && this.equals(entry - 1, frames, length)) return entry - 1;
    }
  }

  /** The stacks interned so far. The interner must not be used afterwards (the table shares its arrays). */
  table(): StackTable {
    return { count: this.count, start: this.start.trim(), frames: this.frames.trim() };
  }

  private append(frames: Int32Array, length: number): number {
    const id = this.start.length - 1;
    const out = this.frames;
    if (out.length + length > out.data.length) out.reserve(out.length + length);
    const data = out.data;
    let at = out.length;
    for (let i = 0; i < length; i++) data[at++] = frames[i];
    out.length = at;
    this.start.push(at);
    return id;
  }

  private equals(id: number, frames: Int32Array, length: number): boolean {
    const start = this.start.data;
    const from = start[id];
    if (start[id + 1] - from !== length) return false;
    const data = this.frames.data;
    for (let i = 0; i < length; i++) if (data[from + i] !== frames[i]) return false;
    return true;
  }

  private grow(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2);
    const mask = (slots.length >> 1) - 1;
    for (let k = 0; k < old.length; k += 2) {
      if (old[k + 1] === 0) continue;
      let slot = old[k] & mask;
      while (slots[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
      slots[2 * slot] = old[k];
      slots[2 * slot + 1] = old[k + 1];
    }
    this.slots = slots;
  }
}

// A stack's hash: FNV-style steps over the frame ids, then the length and murmur3's finaliser (so `hash & mask`
// is uniform).
export const HASH_SEED = 0x811c9dc5;

export function hashStep(h: number, frame: number): number {
  return Math.imul(h ^ frame, 0x01000193);
}

export function finishHash(h: number, length: number): number {
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
