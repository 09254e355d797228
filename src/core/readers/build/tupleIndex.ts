/**
 * Dense ids for fixed-size tuples of int32 (a function's name/file/start line, a location's function/line/column,
 * a stack's location ids): id = order of first appearance. Open addressing over typed arrays, no object per entry.
 */
import { GrowableInt32 } from '../../aggregate/growable';
import { doubledSlots } from '../../aggregate/hashSlots';

export class TupleIndex {
  /** Entry i's tuple is keys[i * width .. (i + 1) * width). */
  readonly keys: GrowableInt32;
  private slots = new Int32Array(1024);
  private hashes = new Int32Array(1024);
  private size = 0;

  constructor(private readonly width: number) {
    this.keys = new GrowableInt32(1024 * width);
  }

  get count(): number {
    return this.size;
  }

  /** The id of (a, b, c, d) (unused trailing parts ignored), adding it when new. */
  id(a: number, b = 0, c = 0, d = 0): number {
    const w = this.width;
    let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b);
    if (w > 1) h = Math.imul(h ^ b, 0xc2b2ae35) ^ (h >>> 15);
    if (w > 2) h = Math.imul(h ^ c, 0x85ebca6b) ^ (h >>> 13);
    if (w > 3) h = Math.imul(h ^ d, 0xc2b2ae35) ^ (h >>> 16);
    h ^= h >>> 16;
    const keys = this.keys;
    const mask = this.slots.length - 1;
    let slot = h & mask;
    for (;;) {
      const entry = this.slots[slot];
      if (entry === 0) break;
      if (this.hashes[slot] === h) {
        const at = (entry - 1) * w;
        const k = keys.data;
        if (k[at] === a && (w < 2 || k[at + 1] === b) && (w < 3 || k[at + 2] === c) && (w < 4 || k[at + 3] === d)) return entry - 1;
      }
      slot = (slot + 1) & mask;
    }
    const id = this.size++;
    keys.push(a);
    if (w > 1) keys.push(b);
    if (w > 2) keys.push(c);
    if (w > 3) keys.push(d);
    this.slots[slot] = id + 1;
    this.hashes[slot] = h;
    if (this.size * 2 > this.slots.length) this.grow();
    return id;
  }

  private grow(): void {
    const next = doubledSlots(this.slots, this.hashes);
    this.slots = next.slots;
    this.hashes = next.hashes;
  }
}

/**
 * Dense ids for int32 sequences of any length (stacks as location ids): the sequences are stored once, end to end.
 */
export class SequenceIndex {
  readonly items = new GrowableInt32(4096);
  /** CSR: sequence i is items[start[i] .. start[i + 1]). */
  readonly start = new GrowableInt32(1024);
  private readonly extras = new GrowableInt32(1024);
  private slots = new Int32Array(1024);
  private hashes = new Int32Array(1024);

  constructor() {
    this.start.push(0);
  }

  get count(): number {
    return this.start.length - 1;
  }

  /** The id of (seq[0..length), extra), adding it when new (then `count` grows); `extra` is e.g. a label set. */
  id(seq: Int32Array, length: number, extra = 0): number {
    let h = Math.imul(length ^ 0x9e3779b9, 0x85ebca6b) ^ extra;
    for (let i = 0; i < length; i++) h = Math.imul(h ^ seq[i], 0x01000193);
    h ^= h >>> 15;
    const mask = this.slots.length - 1;
    let slot = h & mask;
    const items = this.items;
    const start = this.start;
    for (;;) {
      const entry = this.slots[slot];
      if (entry === 0) break;
      if (this.hashes[slot] === h) {
        const e = entry - 1;
        const s = start.data[e];
        if (start.data[e + 1] - s === length && this.extraOf(e) === extra) {
          let same = true;
          for (let i = 0; i < length; i++) {
            if (items.data[s + i] !== seq[i]) {
              same = false;
              break;
            }
          }
          if (same) return e;
        }
      }
      slot = (slot + 1) & mask;
    }
    const id = this.count;
    for (let i = 0; i < length; i++) items.push(seq[i]);
    start.push(items.length);
    this.extras.push(extra);
    this.slots[slot] = id + 1;
    this.hashes[slot] = h;
    if (this.count * 2 > this.slots.length) {
      const next = doubledSlots(this.slots, this.hashes);
      this.slots = next.slots;
      this.hashes = next.hashes;
    }
    return id;
  }

  extraOf(e: number): number {
    return this.extras.data[e];
  }
}
