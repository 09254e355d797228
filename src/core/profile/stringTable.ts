/**
 * The profile's string table, decoded lazily: it keeps each string's byte offset and length and turns bytes into
 * a JS string only when `get` asks for it (then caches it). A 5 MB Go profile holds ~10^5 strings, and a view
 * usually needs a few hundred of them.
 *
 * After decoding, the string bytes are copied out of the profile buffer into one compact array (see
 * `compactStringBytes`), so the (possibly 100+ MB) decompressed buffer can be garbage-collected while strings stay
 * lazy.
 *
 * Index 0 is always "" (pprof requires it). Strings can be appended with `intern`, e.g. by symbolication that
 * rewrites file names; appended strings are JS strings, not bytes.
 */
export class StringTable {
  private readonly cache: (string | undefined)[];
  private readonly added: string[] = [];
  private addedIndex: Map<string, number> | undefined;
  private static readonly decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

  constructor(
    /** Bytes that hold the encoded strings. */
    private readonly bytes: Uint8Array,
    /** Byte offset of string i in `bytes`. */
    private readonly starts: Int32Array,
    /** Byte length of string i. */
    private readonly lengths: Int32Array,
  ) {
    this.cache = new Array<string | undefined>(starts.length);
  }

  /** A table holding exactly these strings (for tests and synthesized profiles). */
  static fromStrings(strings: readonly string[]): StringTable {
    const table = new StringTable(new Uint8Array(0), new Int32Array(0), new Int32Array(0));
    for (const s of strings) table.append(s);
    return table;
  }

  /** Number of strings: those decoded from the profile plus any appended. */
  get count(): number {
    return this.starts.length + this.added.length;
  }

  /** String i; "" for an index outside the table (the decoder has already validated every index it stores). */
  get(i: number): string {
    const decodedCount = this.starts.length;
    if (i >= 0 && i < decodedCount) {
      const cached = this.cache[i];
      if (cached !== undefined) return cached;
      const start = this.starts[i];
      const s = StringTable.decoder.decode(this.bytes.subarray(start, start + this.lengths[i]));
      this.cache[i] = s;
      return s;
    }
    return this.added[i - decodedCount] ?? '';
  }

  /**
   * Index of `s`, appending it if it is not there yet. Looks through appended strings by a map and through decoded
   * ones only on first use (one full decode), so use it for a handful of new strings, not per sample.
   */
  intern(s: string): number {
    if (!this.addedIndex) {
      this.addedIndex = new Map();
      for (let i = this.count - 1; i >= 0; i--) this.addedIndex.set(this.get(i), i);
    }
    const known = this.addedIndex.get(s);
    if (known !== undefined) return known;
    return this.append(s);
  }

  private append(s: string): number {
    const index = this.count;
    this.added.push(s);
    this.addedIndex?.set(s, index);
    return index;
  }

  // ---- byte-level access, for interning strings across profiles without decoding them ----

  private spanBytes: Uint8Array = new Uint8Array(0);
  private spanStart = 0;
  private spanLength = 0;
  private encodedAdded: Map<number, Uint8Array> | undefined;

  /** Points span* at string i's UTF-8 bytes (appended strings are encoded once and cached). */
  private span(i: number): void {
    const decodedCount = this.starts.length;
    if (i >= 0 && i < decodedCount) {
      this.spanBytes = this.bytes;
      this.spanStart = this.starts[i];
      this.spanLength = this.lengths[i];
      return;
    }
    this.encodedAdded ??= new Map();
    let encoded = this.encodedAdded.get(i);
    if (!encoded) {
      encoded = new TextEncoder().encode(this.get(i));
      this.encodedAdded.set(i, encoded);
    }
    this.spanBytes = encoded;
    this.spanStart = 0;
    this.spanLength = encoded.length;
  }

  /** FNV-1a hash of string i's UTF-8 bytes (no string is created). */
  hashOf(i: number): number {
    this.span(i);
    const bytes = this.spanBytes;
    let h = 0x811c9dc5 ^ this.spanLength;
    for (let k = this.spanStart, end = this.spanStart + this.spanLength; k < end; k++) h = Math.imul(h ^ bytes[k], 0x01000193);
    return h;
  }

  /** Whether string i of this table and string j of `other` are the same (compares bytes, decodes nothing). */
  sameString(i: number, other: StringTable, j: number): boolean {
    this.span(i);
    other.span(j);
    const length = this.spanLength;
    if (length !== other.spanLength) return false;
    const a = this.spanBytes;
    const b = other.spanBytes;
    for (let k = 0; k < length; k++) if (a[this.spanStart + k] !== b[other.spanStart + k]) return false;
    return true;
  }

  /**
   * The strings' bytes as one slice of the buffer, when they lie in order in one run with only their own field
   * headers between them (pprof writers put the string table last, one field after the other): one copy.
   */
  private contiguousSpan(): { bytes: Uint8Array; starts: Int32Array } | undefined {
    const n = this.starts.length;
    if (n === 0) return undefined;
    let end = this.starts[0] + this.lengths[0];
    for (let i = 1; i < n; i++) {
      const start = this.starts[i];
      // A string field's header (tag and length varint) is at most 6 bytes for strings under 2^28 bytes.
      if (start < end || start - end > 6) return undefined;
      end = start + this.lengths[i];
    }
    const from = this.starts[0];
    const starts = new Int32Array(n);
    for (let i = 0; i < n; i++) starts[i] = this.starts[i] - from;
    // Uint8Array's slice, not Buffer's: a Node Buffer's slice is a view that would keep the whole file alive.
    return { bytes: Uint8Array.prototype.slice.call(this.bytes, from, end), starts };
  }

  private copiedOneByOne(): { bytes: Uint8Array; starts: Int32Array } {
    const n = this.starts.length;
    const bytes = new Uint8Array(this.byteLength);
    const starts = new Int32Array(n);
    let at = 0;
    const from = this.bytes;
    for (let i = 0; i < n; i++) {
      // A plain loop, not bytes.set(subarray): one view object per string is 10^5 objects of garbage.
      const start = this.starts[i];
      const length = this.lengths[i];
      starts[i] = at;
      for (let k = 0; k < length; k++) bytes[at + k] = from[start + k];
      at += length;
    }
    return { bytes, starts };
  }

  /** Total bytes of the decoded (not appended) strings. */
  get byteLength(): number {
    let total = 0;
    for (let i = 0; i < this.lengths.length; i++) total += this.lengths[i];
    return total;
  }

  /**
   * A table with the same strings whose bytes live in their own small array, so the buffer the profile was
   * decoded from can be freed. Strings already decoded stay cached.
   */
  compactStringBytes(): StringTable {
    const n = this.starts.length;
    const { bytes, starts } = this.contiguousSpan() ?? this.copiedOneByOne();
    const compact = new StringTable(bytes, starts, this.lengths);
    for (let i = 0; i < n; i++) compact.cache[i] = this.cache[i];
    for (const s of this.added) compact.append(s);
    return compact;
  }
}
