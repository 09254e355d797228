/**
 * A map from JFR keys to non-negative int32 values for the per-frame and per-event lookups of a chunk (method →
 * function, stack trace → stack). Keys below 2^53 (all real ones) live in an open-addressing table of doubles,
 * with no boxing or hashing of JS values; the rare exact 64-bit keys ("hi:lo") go to a Map.
 */
import type { JfrKey } from './cursor';

export class KeyIndex {
  private keys: Float64Array;
  /** value + 1; 0 marks an empty slot. */
  private values: Int32Array;
  private size = 0;
  private readonly big = new Map<string, number>();

  constructor(capacity = 1024) {
    let c = 1024;
    while (c < capacity * 2) c *= 2;
    this.keys = new Float64Array(c);
    this.values = new Int32Array(c);
  }

  /** Keys stored. */
  get count(): number {
    return this.size + this.big.size;
  }

  /** The value for `key`, or -1. */
  get(key: JfrKey): number {
    if (typeof key === 'string') return this.big.get(key) ?? -1;
    const mask = this.keys.length - 1;
    for (let slot = hash(key) & mask; ; slot = (slot + 1) & mask) {
      const v = this.values[slot];
      if (v === 0) return -1;
      if (this.keys[slot] === key) return v - 1;
    }
  }

  set(key: JfrKey, value: number): void {
    if (typeof key === 'string') {
      this.big.set(key, value);
      return;
    }
    const mask = this.keys.length - 1;
    for (let slot = hash(key) & mask; ; slot = (slot + 1) & mask) {
      if (this.values[slot] === 0) {
        this.keys[slot] = key;
        this.values[slot] = value + 1;
        if (++this.size * 2 > this.keys.length) this.grow();
        return;
      }
      if (this.keys[slot] === key) {
        this.values[slot] = value + 1;
        return;
      }
    }
  }

  private grow(): void {
    const keys = this.keys;
    const values = this.values;
    this.keys = new Float64Array(keys.length * 2);
    this.values = new Int32Array(keys.length * 2);
    const mask = this.keys.length - 1;
    for (let i = 0; i < keys.length; i++) {
      if (values[i] === 0) continue;
      let slot = hash(keys[i]) & mask;
      while (this.values[slot] !== 0) slot = (slot + 1) & mask;
      this.keys[slot] = keys[i];
      this.values[slot] = values[i];
    }
  }
}

function hash(key: number): number {
  const lo = key | 0;
  const hi = (key / 4294967296) | 0;
  let h = Math.imul(lo ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(hi, 0xc2b2ae35);
  h ^= h >>> 15;
  return h;
}
