/**
 * A reader of JFR's encodings over one Uint8Array (a chunk or the whole recording): LEB128 integers of up to 9
 * bytes (the 9th byte carries 8 bits, so a long takes at most 9 bytes), big-endian fixed-width numbers, and JFR's
 * string encodings. It allocates nothing for numbers; errors are JfrMalformed with the byte offset.
 *
 * Bounds: bytes past the buffer read as `undefined`, which the bit operations treat as 0 and which never ends an
 * integer, so a read that runs off the end stops after at most 9 bytes with `pos` past `end`. Callers check
 * `pos <= end` where a structure ends, and every count is checked against the bytes left before it is looped
 * over (`count`), so a hostile length can neither hang nor allocate.
 */

/** Bad or truncated JFR bytes; readJfr turns it into a ProfileError naming the file. */
export class JfrMalformed extends Error {
  constructor(readonly detail: string) {
    super(detail);
  }
}

const TWO_POW_28 = 268435456;
const TWO_POW_53 = 9007199254740992;

/** A constant pool key or other 64-bit id: the number when exact (below 2^53), else "hi:lo" of its 32-bit halves. */
export type JfrKey = number | string;

export class JfrCursor {
  pos: number;
  /** Exact 32-bit halves of the last varlong that reached 2^53 or more (see `key`). */
  private hi = 0;
  private lo = 0;

  constructor(
    readonly buf: Uint8Array,
    pos: number,
    /** The end of what may be read (exclusive). */
    public end: number,
  ) {
    this.pos = pos;
  }

  /**
   * An unsigned LEB128 of up to 9 bytes (JFR's compressed int, long, short and char). Exact below 2^53; above, the
   * nearest double (use `key` for ids).
   */
  varlong(): number {
    const buf = this.buf;
    let pos = this.pos;
    let b = buf[pos++];
    if (b < 0x80) {
      this.pos = pos;
      return b;
    }
    let v = b & 0x7f;
    b = buf[pos++];
    v |= (b & 0x7f) << 7;
    if (b < 0x80) {
      this.pos = pos;
      return v;
    }
    b = buf[pos++];
    v |= (b & 0x7f) << 14;
    if (b < 0x80) {
      this.pos = pos;
      return v;
    }
    b = buf[pos++];
    v |= (b & 0x7f) << 21;
    if (b < 0x80) {
      this.pos = pos;
      return v;
    }
    return this.tail(v, pos);
  }

  /** Bytes 5..9 of a varlong whose first four bytes gave the low 28 bits. */
  private tail(low28: number, at: number): number {
    const buf = this.buf;
    let pos = at;
    let high = 0; // bits 28..55
    let b = 0;
    let shift = 0;
    for (; shift < 28; shift += 7) {
      b = buf[pos++];
      high |= (b & 0x7f) << shift;
      if (!(b >= 0x80)) break;
    }
    let top = 0; // bits 56..63: the 9th byte, all 8 bits
    if (shift === 28) top = buf[pos++] & 0xff;
    this.pos = pos;
    const value = low28 + (high + top * TWO_POW_28) * TWO_POW_28;
    if (value >= TWO_POW_53) {
      this.lo = (low28 | ((high & 0xf) << 28)) >>> 0;
      this.hi = ((high >>> 4) | (top << 24)) >>> 0;
    }
    return value;
  }

  /** A varlong as an exact key: ids of constant pool entries may use all 64 bits. */
  key(): JfrKey {
    const value = this.varlong();
    return value < TWO_POW_53 ? value : `${this.hi}:${this.lo}`;
  }

  /** The exact key of `value`, the varlong just read (for loops that read with `varlong` for speed). */
  keyOf(value: number): JfrKey {
    return value < TWO_POW_53 ? value : `${this.hi}:${this.lo}`;
  }

  /** A JFR long read as signed (two's complement), as relative offsets are: exact for |v| < 2^53. */
  signedLong(): number {
    const value = this.varlong();
    if (value < TWO_POW_53 || this.hi < 0x80000000) return value;
    return -((~this.hi >>> 0) * 4294967296 + (~this.lo >>> 0) + 1);
  }

  /** A JFR int (a varlong of the value's 32 bits) as a signed int32: -1 line numbers stay -1. */
  int(): number {
    return this.varlong() | 0;
  }

  byte(): number {
    return this.buf[this.pos++] ?? 0;
  }

  /** Big-endian fixed-width unsigned 64-bit number (chunk header fields), as the nearest double. */
  u64At(offset: number): number {
    const buf = this.buf;
    const hi = ((buf[offset] << 24) | (buf[offset + 1] << 16) | (buf[offset + 2] << 8) | buf[offset + 3]) >>> 0;
    const lo = ((buf[offset + 4] << 24) | (buf[offset + 5] << 16) | (buf[offset + 6] << 8) | buf[offset + 7]) >>> 0;
    return hi * 4294967296 + lo;
  }

  u32At(offset: number): number {
    const buf = this.buf;
    return ((buf[offset] << 24) | (buf[offset + 1] << 16) | (buf[offset + 2] << 8) | buf[offset + 3]) >>> 0;
  }

  /**
   * A count or length about to be looped over or sliced: each item takes at least `minBytes` bytes, so a count
   * larger than what is left cannot be real. Reading stops here, before anything is allocated or looped.
   */
  count(what: string, minBytes = 1): number {
    const start = this.pos;
    const n = this.varlong();
    const left = this.end - this.pos;
    if (left < 0 || n * minBytes > left) {
      throw new JfrMalformed(left < 0 ? `truncated ${what} at byte ${start}` : `${what} ${n} at byte ${start} is more than the ${left} bytes left`);
    }
    return n;
  }

  /** Fails when a structure read past its end. */
  within(what: string, start: number): void {
    if (this.pos > this.end) throw new JfrMalformed(`truncated ${what} at byte ${start}`);
  }

  /**
   * A JFR string: encoding 0 null (undefined), 1 "", 2 a reference into the java.lang.String constant pool
   * (returned as its JfrKey wrapped in a StringRef), 3 UTF-8, 4 UTF-16 chars as varints, 5 Latin-1.
   */
  string(): string | StringRef | undefined {
    const start = this.pos;
    const encoding = this.buf[this.pos++];
    switch (encoding) {
      case 0: return undefined;
      case 1: return '';
      case 2: return new StringRef(this.key());
      case 3: {
        const n = this.count('string length');
        const s = utf8.decode(this.buf.subarray(this.pos, this.pos + n));
        this.pos += n;
        return s;
      }
      case 4: {
        const n = this.count('string length');
        let s = '';
        for (let i = 0; i < n; i++) s += String.fromCharCode(this.varlong() & 0xffff);
        this.within('string', start);
        return s;
      }
      case 5: {
        const n = this.count('string length');
        let s = '';
        for (let i = 0; i < n; i++) s += String.fromCharCode(this.buf[this.pos + i]);
        this.pos += n;
        return s;
      }
      default:
        throw new JfrMalformed(encoding === undefined ? `truncated string at byte ${start}` : `unknown string encoding ${encoding} at byte ${start}`);
    }
  }

  /** Skips a string without decoding it. */
  skipString(): void {
    const start = this.pos;
    const encoding = this.buf[this.pos++];
    switch (encoding) {
      case 0:
      case 1:
        return;
      case 2:
        this.varlong();
        return;
      case 3:
      case 5: {
        const n = this.count('string length');
        this.pos += n;
        return;
      }
      case 4: {
        const n = this.count('string length');
        for (let i = 0; i < n; i++) this.varlong();
        this.within('string', start);
        return;
      }
      default:
        throw new JfrMalformed(encoding === undefined ? `truncated string at byte ${start}` : `unknown string encoding ${encoding} at byte ${start}`);
    }
  }
}

/** A string stored in the chunk's java.lang.String constant pool. */
export class StringRef {
  constructor(readonly key: JfrKey) {}
}

const utf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
