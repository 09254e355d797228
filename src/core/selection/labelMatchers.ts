/**
 * Label matchers in the text form users already write in Grafana, Pyroscope and Parca: a PromQL-style selector,
 * `{endpoint="/checkout", region=~"eu-.*", pod!="canary-1"}` (the braces are optional, values may be unquoted when
 * they hold no space, comma, quote or brace). Operators: `=`, `!=`, `=~` (Go/RE2 regular expression, fully
 * anchored as in PromQL), `!~`. A missing label reads as the empty value, so `k=""` selects samples without `k`
 * and `k!="x"` selects samples without `k` too.
 *
 * Selectors come from links, agents and settings: the text, the number of matchers and each regular expression
 * are bounded, and regular expressions run in linear time (re2js), so a hostile selector cannot hang PerfLens.
 */
import { RE2JS, RE2JSSyntaxException } from 're2js';

export type LabelMatchOp = '=' | '!=' | '=~' | '!~';

export interface LabelMatcher {
  readonly key: string;
  readonly op: LabelMatchOp;
  readonly value: string;
}

export const MAX_SELECTOR_LENGTH = 8 * 1024;
export const MAX_MATCHERS = 32;
/** Largest compiled regular expression, in re2js instructions (real label patterns need a few hundred). */
const MAX_PROGRAM_SIZE = 20_000;

export class LabelSelectorError extends Error {
  override readonly name = 'LabelSelectorError';
}

/** Label keys: Prometheus names plus the dots, dashes and slashes of pprof and OpenTelemetry keys (`http.route`). */
const KEY = /^[A-Za-z_][A-Za-z0-9_.\-/]*$/;

/** Parses a selector; throws LabelSelectorError with the position and what was expected. */
export function parseLabelSelector(text: string): LabelMatcher[] {
  if (text.length > MAX_SELECTOR_LENGTH) throw new LabelSelectorError(`the label selector is ${text.length} characters long, over the limit of ${MAX_SELECTOR_LENGTH}`);
  let s = text.trim();
  if (s.startsWith('{')) {
    if (!s.endsWith('}')) throw new LabelSelectorError(`the label selector ${shorten(text)} opens '{' but does not end with '}'`);
    s = s.slice(1, -1);
  }
  const matchers: LabelMatcher[] = [];
  let pos = 0;
  const fail = (what: string): never => {
    throw new LabelSelectorError(`label selector ${shorten(text)}: ${what} at character ${pos + 1} of ${shorten(s)}`);
  };
  const skipSpace = () => {
    while (pos < s.length && /\s/.test(s[pos])) pos++;
  };
  skipSpace();
  while (pos < s.length) {
    const keyMatch = /^[^\s=!~,"{}]+/.exec(s.slice(pos));
    if (!keyMatch) fail('expected a label name');
    const key = keyMatch![0];
    if (!KEY.test(key)) fail(`'${key}' is not a label name (letters, digits, _ . - /, not starting with a digit)`);
    pos += key.length;
    skipSpace();
    const op = (['=~', '!~', '!=', '='] as const).find((o) => s.startsWith(o, pos));
    if (!op) fail(`expected =, !=, =~ or !~ after '${key}'`);
    pos += op!.length;
    skipSpace();
    let value: string;
    if (s[pos] === '"' || s[pos] === "'" || s[pos] === '`') {
      const read = readQuoted(s, pos);
      if (typeof read === 'string') fail(read);
      value = (read as { value: string; end: number }).value;
      pos = (read as { value: string; end: number }).end;
    } else {
      const bare = /^[^\s,"{}]*/.exec(s.slice(pos))![0];
      value = bare;
      pos += bare.length;
    }
    matchers.push({ key, op: op!, value });
    if (matchers.length > MAX_MATCHERS) throw new LabelSelectorError(`the label selector has more than ${MAX_MATCHERS} matchers`);
    skipSpace();
    if (pos < s.length) {
      if (s[pos] !== ',') fail("expected ',' between matchers");
      pos++;
      skipSpace();
    }
  }
  for (const m of matchers) if (m.op === '=~' || m.op === '!~') compileAnchored(m);
  return matchers;
}

/** `{a="x",b=~"y.*"}`: the canonical text, which parseLabelSelector reads back to the same matchers. */
export function formatLabelSelector(matchers: readonly LabelMatcher[]): string {
  return `{${matchers.map((m) => `${m.key}${m.op}${quoteValue(m.value)}`).join(',')}}`;
}

/** `"value"` with `\`, `"`, newline, carriage return and tab escaped, as PromQL reads Go string literals. */
export function quoteValue(value: string): string {
  return `"${value.replace(/[\\"\n\r\t]/g, (c) => ({ '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c] ?? c)}"`;
}

/**
 * A predicate over a label lookup (`valueOf(key)` → the value, or undefined when the label is absent): true when
 * every matcher accepts. Regular expressions are compiled once here.
 */
export function compileLabelMatchers(matchers: readonly LabelMatcher[]): (valueOf: (key: string) => string | undefined) => boolean {
  const tests = matchers.map((m) => {
    if (m.op === '=') return (v: string) => v === m.value;
    if (m.op === '!=') return (v: string) => v !== m.value;
    const rx = compileAnchored(m);
    return m.op === '=~' ? (v: string) => rx.matches(v) : (v: string) => !rx.matches(v);
  });
  return (valueOf) => matchers.every((m, i) => tests[i](valueOf(m.key) ?? ''));
}

function compileAnchored(m: LabelMatcher): RE2JS {
  let rx: RE2JS;
  try {
    rx = RE2JS.compile(`^(?:${m.value})$`);
  } catch (e) {
    if (e instanceof RE2JSSyntaxException) throw new LabelSelectorError(`${m.key}${m.op}${shorten(quoteValue(m.value))}: not a valid regular expression: ${e.getDescription()}`);
    throw new LabelSelectorError(`${m.key}${m.op}${shorten(quoteValue(m.value))}: the regular expression is too large`);
  }
  if (rx.programSize() > MAX_PROGRAM_SIZE) throw new LabelSelectorError(`${m.key}${m.op}${shorten(quoteValue(m.value))}: the regular expression is too large (${rx.programSize()} instructions, limit ${MAX_PROGRAM_SIZE})`);
  return rx;
}

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', '\\': '\\', '"': '"', "'": "'", '`': '`', a: '\x07', b: '\b', f: '\f', v: '\v' };

/** A quoted value starting at `start`: Go-style escapes in "…" and '…', none in `…`. Returns an error text on failure. */
function readQuoted(s: string, start: number): { value: string; end: number } | string {
  const quote = s[start];
  let out = '';
  for (let i = start + 1; i < s.length; i++) {
    const c = s[i];
    if (c === quote) return { value: out, end: i + 1 };
    if (c === '\\' && quote !== '`') {
      const next = s[i + 1];
      if (next === undefined) break;
      const simple = ESCAPES[next];
      if (simple !== undefined) {
        out += simple;
        i++;
        continue;
      }
      const hex = /^(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8}))/.exec(s.slice(i + 1));
      if (hex) {
        const code = parseInt(hex[1] ?? hex[2] ?? hex[3], 16);
        if (code > 0x10ffff) return `escape \\${hex[0]} is not a character`;
        out += String.fromCodePoint(code);
        i += hex[0].length;
        continue;
      }
      return `unknown escape \\${next}`;
    }
    out += c;
  }
  return `the value quoted with ${quote} is not closed`;
}

function shorten(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
