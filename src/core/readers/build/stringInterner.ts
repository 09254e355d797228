/**
 * Strings for a profile a reader builds, interned by their UTF-8 bytes: a reader of a text format hands over byte
 * ranges of its input (no JS string is made per frame), a reader of JSON hands over JS strings. The bytes of each
 * distinct string are copied once into one growing array, which becomes the profile's StringTable.
 *
 * Hashing and comparing read four bytes at a time (DataView reads, which the JIT makes single unaligned loads):
 * for a collapsed-stacks file they are most of the reading, and byte-at-a-time made them twice as slow.
 */
import { ProfileError } from '../../profile/errors';
import { StringTable } from '../../profile/stringTable';
import { GrowableInt32 } from '../../aggregate/growable';
import { doubledSlots } from '../../aggregate/hashSlots';

const encoder = new TextEncoder();

export class StringInterner {
  private bytes = new Uint8Array(1 << 16);
  private view = new DataView(this.bytes.buffer);
  private used = 0;
  /** The last array a string was interned from, and a view of it (a reader hands over ranges of one array). */
  private from: Uint8Array = this.bytes;
  private fromView: DataView = this.view;
  private readonly starts = new GrowableInt32(1024);
  private readonly lengths = new GrowableInt32(1024);
  /** Open addressing: slot → string index + 1 (0 = empty), with the string's hash beside it. */
  private slots = new Int32Array(2048);
  private hashes = new Int32Array(2048);

  constructor(
    private readonly source: string,
    private readonly maxStrings: number,
  ) {
    this.add(0, 0); // "" is string 0, as pprof requires (never in the hash table: both intern paths return 0 for it)
  }

  get count(): number {
    return this.starts.length;
  }

  /** The index of the string held in `from[start, end)` (UTF-8), adding it when new. */
  internBytes(from: Uint8Array, start: number, end: number): number {
    return this.internHashed(from, start, end, hashBytes(this.viewOf(from), start, end));
  }

  /**
   * internBytes for a reader that hashed the bytes while scanning them: `h` must be hashBytes's hash of them
   * (hashWord over their whole words, then hashRest).
   */
  internHashed(from: Uint8Array, start: number, end: number, h: number): number {
    if (end === start) return 0;
    const slot = this.probe(h, this.viewOf(from), start, end);
    const entry = this.slots[slot];
    if (entry !== 0) return entry - 1;
    const length = end - start;
    this.reserve(length);
    const at = this.used;
    const bytes = this.bytes;
    for (let k = 0; k < length; k++) bytes[at + k] = from[start + k];
    this.used += length;
    return this.insert(slot, h, at, length);
  }

  /** The index of `s`, adding it when new. */
  intern(s: string): number {
    if (s === '') return 0;
    // Encode after the used bytes: a new string is then kept where it was written, a known one forgotten.
    this.reserve(s.length * 3);
    const at = this.used;
    const written = this.encodeAt(s, at);
    const h = hashBytes(this.view, at, at + written);
    const slot = this.probe(h, this.view, at, at + written);
    const entry = this.slots[slot];
    if (entry !== 0) return entry - 1;
    this.used += written;
    return this.insert(slot, h, at, written);
  }

  /** The StringTable of every interned string, in index order. */
  table(): StringTable {
    return new StringTable(this.bytes.slice(0, this.used), this.starts.trim().slice(), this.lengths.trim().slice());
  }

  private viewOf(from: Uint8Array): DataView {
    if (from !== this.from) {
      this.from = from;
      this.fromView = new DataView(from.buffer, from.byteOffset, from.byteLength);
    }
    return this.fromView;
  }

  /** Writes `s` as UTF-8 at `at` (room reserved), returning its length: ASCII by hand, the rest by TextEncoder. */
  private encodeAt(s: string, at: number): number {
    const bytes = this.bytes;
    const n = s.length;
    for (let k = 0; k < n; k++) {
      const c = s.charCodeAt(k);
      if (c >= 0x80) return encoder.encodeInto(s, bytes.subarray(at)).written;
      bytes[at + k] = c;
    }
    return n;
  }

  /** The slot holding this string, or the empty slot where it goes. */
  private probe(h: number, from: DataView, start: number, end: number): number {
    const mask = this.slots.length - 1;
    let slot = h & mask;
    for (;;) {
      const entry = this.slots[slot];
      if (entry === 0 || (this.hashes[slot] === h && this.equals(entry - 1, from, start, end))) return slot;
      slot = (slot + 1) & mask;
    }
  }

  private insert(slot: number, h: number, start: number, length: number): number {
    const index = this.add(start, length);
    this.slots[slot] = index + 1;
    this.hashes[slot] = h;
    if ((index + 1) * 2 > this.slots.length) {
      const next = doubledSlots(this.slots, this.hashes);
      this.slots = next.slots;
      this.hashes = next.hashes;
    }
    return index;
  }

  private add(start: number, length: number): number {
    const index = this.starts.length;
    if (index >= this.maxStrings) {
      throw new ProfileError(this.source, `more than ${this.maxStrings} distinct names, over the limit (maxStrings)`);
    }
    this.starts.push(start);
    this.lengths.push(length);
    return index;
  }

  private equals(index: number, from: DataView, start: number, end: number): boolean {
    const length = end - start;
    if (this.lengths.data[index] !== length) return false;
    const delta = this.starts.data[index] - start;
    const view = this.view;
    let k = start;
    for (; k + 4 <= end; k += 4) if (view.getInt32(k + delta, true) !== from.getInt32(k, true)) return false;
    for (; k < end; k++) if (view.getUint8(k + delta) !== from.getUint8(k)) return false;
    return true;
  }

  /** Room for `more` bytes after `used`. */
  private reserve(more: number): void {
    if (this.used + more <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.used + more) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.bytes.subarray(0, this.used));
    if (this.from === this.bytes) {
      this.from = next;
      this.fromView = new DataView(next.buffer);
    }
    this.bytes = next;
    this.view = new DataView(next.buffer);
  }
}

/**
 * MurmurHash3 (x86, 32-bit, seed 0) of the bytes in [start, end): four bytes a step, so it costs a fraction of a
 * byte-at-a-time hash. Only this interner's table uses it.
 */
function hashBytes(from: DataView, start: number, end: number): number {
  return hashRest(0, from, start, end, end - start);
}

/** One step of hashBytes: `h` continued over four bytes, `word` (read little-endian). */
export function hashWord(h: number, word: number): number {
  h ^= mixWord(word);
  return (Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64) | 0;
}

/** hashBytes's hash `h` of a string's first bytes (whole words) continued over [start, end), and finished. */
export function hashRest(h: number, from: DataView, start: number, end: number, length: number): number {
  let k = start;
  for (; k + 4 <= end; k += 4) h = hashWord(h, from.getInt32(k, true));
  if (k < end) {
    let tail = 0;
    for (let shift = 0; k < end; k++, shift += 8) tail |= from.getUint8(k) << shift;
    h ^= mixWord(tail);
  }
  h ^= length;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

function mixWord(word: number): number {
  const w = Math.imul(word, 0xcc9e2d51);
  return Math.imul((w << 15) | (w >>> 17), 0x1b873593);
}
