/**
 * A pull reader over JSON bytes, for profiles too big to JSON.parse (a 100 MB speedscope file becomes ~1 GB of
 * objects that way): the caller walks the document — objects, keys, arrays, numbers, strings — and keeps only what
 * it needs, or skips whole values without building them. Numbers are read straight from the bytes.
 *
 * Bounded against hostile input: nesting deeper than MAX_DEPTH is refused (no recursion anywhere, so a deep
 * document cannot overflow the stack either), strings longer than the caller's limit are refused before decoding,
 * and every error is a JsonError with the byte offset, which readers turn into one ProfileError line.
 */

export class JsonError extends Error {}

export const MAX_DEPTH = 256;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const decoder = new TextDecoder('utf-8');

export class JsonReader {
  pos = 0;
  private depth = 0;

  constructor(
    readonly bytes: Uint8Array,
    /** Longest string returned by string() or key(), in bytes. */
    private readonly maxStringBytes = 1 << 20,
  ) {
    if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) this.pos = 3;
  }

  /** The next value's first byte ('{', '[', '"', 't', 'f', 'n', or a number's first character), whitespace skipped. */
  peek(): number {
    this.skipSpace();
    if (this.pos >= this.bytes.length) throw this.error('unexpected end of the file');
    return this.bytes[this.pos];
  }

  /** Enters an object; then key() until it returns undefined. */
  beginObject(): void {
    this.expect(0x7b, 'an object');
    this.enter();
    this.first = true;
  }

  /** The next key of the current object (positioned at its value), or undefined at the object's end. */
  key(): string | undefined {
    this.skipSpace();
    if (this.bytes[this.pos] === 0x7d) {
      this.pos++;
      this.depth--;
      this.first = false;
      return undefined;
    }
    if (!this.first) this.expect(0x2c, '"," or "}"');
    this.first = false;
    const k = this.string();
    this.expect(0x3a, '":"');
    return k;
  }

  /** Enters an array; then hasNext() before each element. */
  beginArray(): void {
    this.expect(0x5b, 'an array');
    this.enter();
    this.first = true;
  }

  /** Whether the current array has another element (positioned at it); false consumes the array's end. */
  hasNext(): boolean {
    this.skipSpace();
    if (this.bytes[this.pos] === 0x5d) {
      this.pos++;
      this.depth--;
      this.first = false;
      return false;
    }
    if (!this.first) this.expect(0x2c, '"," or "]"');
    this.first = false;
    return true;
  }

  number(): number {
    this.skipSpace();
    const bytes = this.bytes;
    const start = this.pos;
    let pos = start;
    let negative = false;
    if (bytes[pos] === 0x2d) {
      negative = true;
      pos++;
    }
    let value = 0;
    let digits = 0;
    while (pos < bytes.length) {
      const b = bytes[pos];
      if (b < 0x30 || b > 0x39) break;
      value = value * 10 + (b - 0x30);
      pos++;
      digits++;
    }
    let b = bytes[pos];
    if (b === 0x2e && digits > 0) {
      // A plain fraction (speedscope's weights in milliseconds are full of them): all its digits as one integer
      // over a power of ten, both exact doubles, so the one division rounds correctly (Clinger's fast path).
      let fraction = 0;
      let scale = 1;
      let k = pos + 1;
      while (k < bytes.length && bytes[k] >= 0x30 && bytes[k] <= 0x39 && scale < 1e22) {
        fraction = fraction * 10 + (bytes[k] - 0x30);
        scale *= 10;
        k++;
      }
      b = bytes[k];
      const exact = value * scale + fraction;
      if (k > pos + 1 && !(b >= 0x30 && b <= 0x39) && b !== 0x65 && b !== 0x45 && exact <= Number.MAX_SAFE_INTEGER) {
        this.pos = k;
        return (negative ? -exact : exact) / scale;
      }
      b = 0x2e;
    }
    if (b === 0x2e || b === 0x65 || b === 0x45) {
      // Long fractions and exponents are rare in profiles: the exact decimal conversion of the platform.
      while (pos < bytes.length && isNumberByte(bytes[pos])) pos++;
      const parsed = Number(decoder.decode(bytes.subarray(start, pos)));
      if (!Number.isFinite(parsed)) throw this.error('not a number');
      this.pos = pos;
      return parsed;
    }
    if (digits === 0) throw this.error('a number was expected');
    if (!Number.isFinite(value)) throw this.error('a number too large');
    this.pos = pos;
    return negative ? -value : value;
  }

  string(): string {
    this.skipSpace();
    if (this.bytes[this.pos] !== QUOTE) throw this.error('a string was expected');
    const bytes = this.bytes;
    const start = this.pos + 1;
    let pos = start;
    let escaped = false;
    while (pos < bytes.length && bytes[pos] !== QUOTE) {
      if (bytes[pos] === BACKSLASH) {
        escaped = true;
        pos++;
      }
      pos++;
    }
    if (pos >= bytes.length) throw this.error('a string is not closed');
    if (pos - start > this.maxStringBytes) throw this.error(`a string of ${pos - start} bytes, over the limit of ${this.maxStringBytes}`);
    this.pos = pos + 1;
    if (!escaped) return decoder.decode(bytes.subarray(start, pos));
    try {
      return JSON.parse(decoder.decode(bytes.subarray(start - 1, pos + 1))) as string;
    } catch {
      throw this.error('a string has a bad escape');
    }
  }

  /** true, false or null (as undefined). */
  literal(): boolean | undefined {
    this.skipSpace();
    for (const [word, value] of [['true', true], ['false', false], ['null', undefined]] as const) {
      if (this.startsWith(word)) {
        this.pos += word.length;
        return value;
      }
    }
    throw this.error('a value was expected');
  }

  /**
   * Skips the next value whole, without building it (iterative: any nesting up to MAX_DEPTH). Its structure is
   * checked, not the form of its numbers.
   */
  skipValue(): void {
    const bytes = this.bytes;
    let open = 0;
    do {
      this.skipSpace();
      const b = bytes[this.pos];
      if (b === QUOTE) {
        let pos = this.pos + 1;
        while (pos < bytes.length && bytes[pos] !== QUOTE) pos += bytes[pos] === BACKSLASH ? 2 : 1;
        if (pos >= bytes.length) throw this.error('a string is not closed');
        this.pos = pos + 1;
      } else if (b === 0x7b || b === 0x5b) {
        this.pos++;
        if (++open + this.depth > MAX_DEPTH) throw this.error(`nested deeper than ${MAX_DEPTH} levels`);
      } else if (b === 0x7d || b === 0x5d) {
        this.pos++;
        open--;
      } else if (b === 0x2c || b === 0x3a) {
        this.pos++;
      } else if (b === 0x74 || b === 0x66 || b === 0x6e) {
        this.literal();
      } else if (b === 0x2d || (b >= 0x30 && b <= 0x39)) {
        // Its bytes only: a skipped number is never used (a reader that wants it comes back and reads it).
        let pos = this.pos + 1;
        while (pos < bytes.length && isNumberByte(bytes[pos])) pos++;
        this.pos = pos;
      } else {
        throw this.error(this.pos >= bytes.length ? 'unexpected end of the file' : `unexpected character '${String.fromCharCode(b)}'`);
      }
    } while (open > 0);
  }

  /** Whether only whitespace is left. */
  atEnd(): boolean {
    this.skipSpace();
    return this.pos >= this.bytes.length;
  }

  error(what: string): JsonError {
    return new JsonError(`${what} at byte ${this.pos}`);
  }

  private first = false;

  private enter(): void {
    if (++this.depth > MAX_DEPTH) throw this.error(`nested deeper than ${MAX_DEPTH} levels`);
  }

  private expect(byte: number, what: string): void {
    this.skipSpace();
    if (this.bytes[this.pos] !== byte) throw this.error(this.pos >= this.bytes.length ? 'unexpected end of the file' : `${what} was expected`);
    this.pos++;
  }

  private startsWith(word: string): boolean {
    for (let i = 0; i < word.length; i++) if (this.bytes[this.pos + i] !== word.charCodeAt(i)) return false;
    return true;
  }

  private skipSpace(): void {
    const bytes = this.bytes;
    let pos = this.pos;
    while (pos < bytes.length) {
      const b = bytes[pos];
      if (b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09) break;
      pos++;
    }
    this.pos = pos;
  }
}

/** A byte of a JSON number: a digit, '.', 'e', 'E', '+' or '-'. */
function isNumberByte(b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || b === 0x2e || b === 0x65 || b === 0x45 || b === 0x2b || b === 0x2d;
}
