/**
 * The label filter language: which samples to keep by their labels (pprof sample labels such as those set with Go's
 * `pprof.Do`, OpenTelemetry's `span_name`, `endpoint`/`http.route`, and Pyroscope or Parca series labels).
 *
 *     endpoint="POST /checkout"                  exactly this value
 *     region!=us-east-1                          any other value (or no such label)
 *     endpoint=~"GET /api/.*", pod!~"canary-.*"  the whole value matches / does not match the regular expression
 *
 * A filter is matchers separated by commas; a sample passes when it passes every one of them (several matchers may
 * name the same key). The semantics are Prometheus's, which Pyroscope and Parca apply to their series labels, so a
 * filter means the same in the editor, in `perflens` and on the server:
 * - a sample without the label has the value "" (so `key=""` keeps samples without it, `key!=""` those with it);
 * - `=~` / `!~` match the whole value: the pattern is compiled as `^(?s:PATTERN)$` (Go syntax, by re2js);
 * - a key with several values on one sample (pprof allows it) passes `=`/`=~` when one value does, and `!=`/`!~`
 *   exactly when `=`/`=~` would not;
 * - a numeric label (pprof `num`) is compared as its decimal text, without its unit (`bytes=1024`).
 *
 * Text form — a Prometheus selector, as Grafana, Pyroscope and Parca users already write it; links, settings and
 * CLI arguments carry it, so it is stable: `formatLabelFilter` writes it, `parseLabelFilter` reads it back to the
 * same matchers:
 * - written: `{endpoint="POST /checkout",region=~"eu-.*"}` — braces, no spaces, every value double-quoted as a
 *   JSON/Go string (control characters, U+2028/2029 and U+FFFD as \uXXXX, so it is one line a Prometheus parser
 *   reads back exactly), a key bare when it is a classic Prometheus name (`[A-Za-z_][A-Za-z0-9_]*`), else quoted
 *   (`{"http.route"="/api"}`, Prometheus 3's syntax); no matchers is "";
 * - read: the braces are optional; spaces around keys, operators and commas are ignored; a key is bare (letters,
 *   digits and `_ . - /`, not starting with a digit) or double-quoted; a value is double-quoted (Go escapes:
 *   `\" \\ \n \t \xHH \uXXXX`…), single-quoted, back-quoted (raw), or bare: everything up to the next comma or
 *   closing brace, spaces trimmed (`endpoint=POST /checkout`);
 * - bounded: at most MAX_LABEL_FILTER_LENGTH characters and MAX_MATCHERS matchers.
 */
import { FilterError } from './filtersError';
import { compileFilterRegexp, type FilterRegexp } from './filtersRegexp';

export type LabelOp = '=' | '!=' | '=~' | '!~';

export interface LabelMatcher {
  readonly key: string;
  readonly op: LabelOp;
  /** The value, or for `=~` / `!~` the regular expression (unanchored text; matching is on the whole value). */
  readonly value: string;
}

export const MAX_LABEL_FILTER_LENGTH = 8 * 1024;
export const MAX_MATCHERS = 32;

/** Longest first, so `=~` is not read as `=` followed by a value starting with `~`. */
const OPS: readonly LabelOp[] = ['=~', '!~', '!=', '='];
const BARE_KEY_CHAR = /[A-Za-z0-9_.\-/]/;
const PRINTS_BARE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The matchers of a filter's text form (an empty or blank text is no filter: []). Throws FilterError. */
export function parseLabelFilter(text: string): LabelMatcher[] {
  if (text.length > MAX_LABEL_FILTER_LENGTH) throw new FilterError(`the label filter is ${text.length} characters long, over the limit of ${MAX_LABEL_FILTER_LENGTH}`);
  const matchers = parseMatcherList(text, 'label filter');
  if (matchers.length > MAX_MATCHERS) throw new FilterError(`the label filter has ${matchers.length} matchers, more than ${MAX_MATCHERS}`);
  for (const m of matchers) if (isRegexOp(m.op)) compileLabelRegexp(m);
  return matchers;
}

/**
 * The `key op value` list of a filter's text form (the grammar above), without checking what the keys mean;
 * errors start with `what`. Frame filters share the grammar (filters.ts).
 */
export function parseMatcherList(text: string, what: string): LabelMatcher[] {
  return new Parser(text, what).filter();
}

/** The text form of matchers (see the module comment); "" for none. Frame filters are written the same way. */
export function formatLabelFilter(matchers: readonly LabelMatcher[]): string {
  return matchers.length === 0 ? '' : `{${matchers.map(formatLabelMatcher).join(',')}}`;
}

/** One matcher as the text form writes it: `endpoint="POST /checkout"` (for chips, messages and hovers too). */
export function formatLabelMatcher(m: LabelMatcher): string {
  return `${PRINTS_BARE.test(m.key) ? m.key : quoteGoString(m.key)}${m.op}${quoteGoString(m.value)}`;
}

/**
 * A Go (and PromQL) double-quoted string literal of `value`, written as JSON writes strings (every JSON escape is
 * a Go escape) with DEL, C1 controls, U+2028/2029 and U+FFFD escaped too: one line that reads back as exactly
 * `value` and can never end early or carry a second matcher into a selector. (The Prometheus lexer takes a
 * literal U+FFFD for invalid UTF-8, so it must be escaped; a lone surrogate has no UTF-8 form and becomes U+FFFD.)
 */
export function quoteGoString(value: string): string {
  return JSON.stringify(value.replace(LONE_SURROGATE, '\uFFFD')).replace(/[\u007f-\u009f\u2028\u2029\ufffd]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A matcher's regular expression compiled as Prometheus compiles it (`^(?s:PATTERN)$`); throws FilterError. */
export function compileLabelRegexp(m: LabelMatcher): FilterRegexp {
  return compileFilterRegexp(`label filter ${formatLabelMatcher(m)}`, m.value, `^(?s:${m.value})$`);
}

export function isRegexOp(op: LabelOp): boolean {
  return op === '=~' || op === '!~';
}

class Parser {
  private i = 0;

  constructor(private readonly text: string, private readonly what: string) {}

  filter(): LabelMatcher[] {
    const matchers: LabelMatcher[] = [];
    this.space();
    const braced = this.peek() === '{';
    if (braced) this.i++;
    this.space();
    while (this.i < this.text.length && !(braced && this.peek() === '}')) {
      matchers.push(this.matcher(braced));
      this.space();
      if (this.peek() === ',') {
        this.i++;
        this.space();
      } else if (this.i < this.text.length && !(braced && this.peek() === '}')) {
        this.fail(`expected "," between matchers, found ${JSON.stringify(this.peek())}`);
      }
    }
    if (braced) {
      if (this.peek() !== '}') this.fail('missing closing "}"');
      this.i++;
      this.space();
      if (this.i < this.text.length) this.fail(`unexpected ${JSON.stringify(this.text.slice(this.i, this.i + 20))} after "}"`);
    }
    return matchers;
  }

  private matcher(braced: boolean): LabelMatcher {
    const key = this.key();
    this.space();
    const op = OPS.find((o) => this.text.startsWith(o, this.i));
    if (!op) this.fail(`expected =, !=, =~ or !~ after the label name ${JSON.stringify(key)}`);
    this.i += op.length;
    this.space();
    return { key, op, value: this.value(braced) };
  }

  private key(): string {
    if (this.peek() === '"') return this.quoted('"');
    const start = this.i;
    while (this.i < this.text.length && BARE_KEY_CHAR.test(this.text[this.i])) this.i++;
    if (this.i === start) {
      this.fail(this.i < this.text.length ? `expected a label name, found ${JSON.stringify(this.peek())}` : 'expected a label name at the end');
    }
    const key = this.text.slice(start, this.i);
    if (/^[0-9]/.test(key)) {
      this.i = start;
      this.fail(`${JSON.stringify(key)} is not a bare label name (it starts with a digit); quote it`);
    }
    return key;
  }

  private value(braced: boolean): string {
    const c = this.peek();
    if (c === '"' || c === "'") return this.quoted(c);
    if (c === '`') {
      const end = this.text.indexOf('`', this.i + 1);
      if (end < 0) this.fail('unterminated `…` value');
      const value = this.text.slice(this.i + 1, end);
      this.i = end + 1;
      return value;
    }
    const start = this.i;
    while (this.i < this.text.length && this.text[this.i] !== ',' && !(braced && this.text[this.i] === '}')) {
      if (this.text[this.i] === '\n' || this.text[this.i] === '\r') this.fail('a bare value cannot span lines; quote it');
      this.i++;
    }
    return this.text.slice(start, this.i).trim();
  }

  /** A quoted string starting at the quote character `q`, with Go's escapes. */
  private quoted(q: string): string {
    const open = this.i;
    this.i++;
    let out = '';
    for (;;) {
      if (this.i >= this.text.length) {
        this.i = open;
        this.fail(`unterminated ${q}…${q} string`);
      }
      const ch = this.text[this.i];
      if (ch === q) {
        this.i++;
        return out;
      }
      if (ch === '\n') this.fail(`a ${q}…${q} string cannot span lines; write \\n`);
      if (ch !== '\\') {
        out += ch;
        this.i++;
        continue;
      }
      out += this.escape();
    }
  }

  private escape(): string {
    const at = this.i;
    const e = this.text[this.i + 1];
    const simple: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"', "'": "'" };
    if (e !== undefined && e in simple) {
      this.i += 2;
      return simple[e];
    }
    const hex = (digits: number, from: number) => {
      const h = this.text.slice(from, from + digits);
      if (h.length !== digits || !/^[0-9A-Fa-f]+$/.test(h)) {
        this.i = at;
        this.fail(`escape \\${e} needs ${digits} hexadecimal digits`);
      }
      return parseInt(h, 16);
    };
    let code: number;
    if (e === 'x') {
      code = hex(2, this.i + 2);
      this.i += 4;
    } else if (e === 'u') {
      code = hex(4, this.i + 2);
      this.i += 6;
    } else if (e === 'U') {
      code = hex(8, this.i + 2);
      this.i += 10;
    } else if (e !== undefined && /[0-7]/.test(e)) {
      const o = this.text.slice(this.i + 1, this.i + 4);
      if (!/^[0-7]{3}$/.test(o)) {
        this.i = at;
        this.fail('an octal escape needs 3 digits (\\ooo)');
      }
      code = parseInt(o, 8);
      this.i += 4;
    } else {
      this.i = at;
      this.fail(e === undefined ? 'a string ends with a lone \\' : `unknown escape \\${e}`);
    }
    if ((e === 'x' || /[0-7]/.test(e)) && code > 0x7f) {
      this.i = at;
      this.fail(`escape ${this.text.slice(at, at + (e === 'x' ? 4 : 4))} is a byte over 0x7f; write the character or \\u${code.toString(16).padStart(4, '0')}`);
    }
    if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
      this.i = at;
      this.fail(`escape ${this.text.slice(at, at + (e === 'U' ? 10 : 6))} is not a Unicode character`);
    }
    return String.fromCodePoint(code);
  }

  private peek(): string | undefined {
    return this.text[this.i];
  }

  private space(): void {
    while (this.i < this.text.length && /\s/.test(this.text[this.i])) this.i++;
  }

  private fail(message: string): never {
    throw new FilterError(`${this.what} ${abbreviated(this.text)}: ${message} (at character ${this.i + 1})`);
  }
}

function abbreviated(text: string): string {
  return JSON.stringify(text.length > 120 ? `${text.slice(0, 120)}…` : text);
}
