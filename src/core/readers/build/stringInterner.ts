/**
 * Strings for a profile a reader builds, interned by their UTF-8 bytes: a reader of a text format hands over byte
 * ranges of its input (no JS string is made per frame), a reader of JSON hands over JS strings. The bytes of each
 * distinct string are copied once into one growing array, which becomes the profile's StringTable.
 */
import { ProfileError } from '../../profile/errors';
import { StringTable } from '../../profile/stringTable';
import { GrowableInt32 } from '../../aggregate/growable';
import { doubledSlots } from '../../aggregate/hashSlots';

const encoder = new TextEncoder();

export class StringInterner {
  private bytes = new Uint8Array(1 << 16);
  private used = 0;
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
    if (end === start) return 0;
    const h = hashBytes(from, start, end);
    const slot = this.probe(h, from, start, end);
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
    const { written } = encoder.encodeInto(s, this.bytes.subarray(at));
    const h = hashBytes(this.bytes, at, at + written);
    const slot = this.probe(h, this.bytes, at, at + written);
    const entry = this.slots[slot];
    if (entry !== 0) return entry - 1;
    this.used += written;
    return this.insert(slot, h, at, written);
  }

  /** The StringTable of every interned string, in index order. */
  table(): StringTable {
    return new StringTable(this.bytes.slice(0, this.used), this.starts.trim().slice(), this.lengths.trim().slice());
  }

  /** The slot holding this string, or the empty slot where it goes. */
  private probe(h: number, from: Uint8Array, start: number, end: number): number {
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

  private equals(index: number, from: Uint8Array, start: number, end: number): boolean {
    const length = end - start;
    if (this.lengths.data[index] !== length) return false;
    const at = this.starts.data[index];
    const bytes = this.bytes;
    for (let k = 0; k < length; k++) if (bytes[at + k] !== from[start + k]) return false;
    return true;
  }

  /** Room for `more` bytes after `used`. */
  private reserve(more: number): void {
    if (this.used + more <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.used + more) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.bytes.subarray(0, this.used));
    this.bytes = next;
  }
}

/** FNV-1a over UTF-8 bytes (the hash StringTable.hashOf uses). */
function hashBytes(from: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5 ^ (end - start);
  for (let k = start; k < end; k++) h = Math.imul(h ^ from[k], 0x01000193);
  return h;
}
