/**
 * Open-addressing map from a pair of int32 (a, b) to an int32 value, in one typed array (no per-entry objects, so
 * no garbage for the collector): tries use it for (parent, frame) → child, interning for (name, file) → function.
 * Each slot is [a, b, value + 1] side by side, so a probe touches one cache line; value 0 marks an empty slot.
 * Grows at load 5/8.
 */
export class PairIndex {
  private slots: Int32Array;
  private mask: number;
  private size = 0;

  constructor(capacity: number) {
    let c = 1024;
    while (c * 5 < capacity * 8) c *= 2;
    this.slots = new Int32Array(c * 3);
    this.mask = c - 1;
  }

  /** The value for (a, b); if there is none, stores `insert` (>= 0) for it and returns -1. */
  getOrAdd(a: number, b: number, insert: number): number {
    const slots = this.slots;
    const mask = this.mask;
    let slot = pairHash(a, b) & mask;
    for (;;) {
      const at = slot * 3;
      const value = slots[at + 2];
      if (value === 0) {
        slots[at] = a;
        slots[at + 1] = b;
        slots[at + 2] = insert + 1;
        if (++this.size * 8 > (mask + 1) * 5) this.grow();
        return -1;
      }
      if (slots[at] === a && slots[at + 1] === b) return value - 1;
      slot = (slot + 1) & mask;
    }
  }

  private grow(): void {
    const old = this.slots;
    const c = (this.mask + 1) * 2;
    const slots = new Int32Array(c * 3);
    const mask = c - 1;
    for (let at = 0; at < old.length; at += 3) {
      if (old[at + 2] === 0) continue;
      let slot = pairHash(old[at], old[at + 1]) & mask;
      while (slots[slot * 3 + 2] !== 0) slot = (slot + 1) & mask;
      slots[slot * 3] = old[at];
      slots[slot * 3 + 1] = old[at + 1];
      slots[slot * 3 + 2] = old[at + 2];
    }
    this.slots = slots;
    this.mask = mask;
  }
}

export function pairHash(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b, 0xc2b2ae35);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return h ^ (h >>> 12);
}
