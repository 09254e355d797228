// A small YAML reader for configuration files such as .pyroscope.yaml: block mappings and sequences, flow
// collections ({a: b}, [x, y]), quoted and plain scalars, comments. No anchors, tags or multi-line scalars — a file
// using them is reported as unsupported rather than misread. (No YAML library is a runtime dependency.)

export type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue };

export class YamlError extends Error {
  constructor(message: string, readonly line: number) {
    super(`line ${line}: ${message}`);
  }
}

interface Line {
  indent: number;
  text: string;
  number: number;
}

export function parseYaml(source: string): YamlValue {
  const lines: Line[] = [];
  source.split(/\r?\n/).forEach((raw, i) => {
    const text = stripComment(raw).replace(/\s+$/, '');
    if (text.trim() === '' || text.trim() === '---') return;
    if (/^\s*\t/.test(raw)) throw new YamlError('tabs are not allowed for indentation', i + 1);
    const indent = text.length - text.trimStart().length;
    lines.push({ indent, text: text.trimStart(), number: i + 1 });
  });
  if (lines.length === 0) return null;
  const cursor = { at: 0 };
  const value = parseBlock(lines, cursor, lines[0].indent);
  if (cursor.at < lines.length) throw new YamlError('unexpected indentation', lines[cursor.at].number);
  return value;
}

function parseBlock(lines: Line[], cursor: { at: number }, indent: number): YamlValue {
  const first = lines[cursor.at];
  return first.text.startsWith('- ') || first.text === '-' ? parseSequence(lines, cursor, indent) : parseMapping(lines, cursor, indent);
}

function parseSequence(lines: Line[], cursor: { at: number }, indent: number): YamlValue[] {
  const items: YamlValue[] = [];
  while (cursor.at < lines.length) {
    const line = lines[cursor.at];
    if (line.indent < indent) break;
    if (line.indent > indent) throw new YamlError('unexpected indentation', line.number);
    if (!(line.text.startsWith('- ') || line.text === '-')) break;
    const rest = line.text.slice(1).trimStart();
    if (rest === '') {
      cursor.at++;
      items.push(nestedOrNull(lines, cursor, indent));
      continue;
    }
    // "- key: value" starts a mapping whose further keys are indented to the column after "- ".
    const innerIndent = line.indent + (line.text.length - rest.length);
    lines[cursor.at] = { indent: innerIndent, text: rest, number: line.number };
    items.push(isMappingEntry(rest) ? parseMapping(lines, cursor, innerIndent) : (cursor.at++, parseScalarOrFlow(rest, line.number)));
  }
  return items;
}

function parseMapping(lines: Line[], cursor: { at: number }, indent: number): { [key: string]: YamlValue } {
  const result: { [key: string]: YamlValue } = {};
  while (cursor.at < lines.length) {
    const line = lines[cursor.at];
    if (line.indent < indent) break;
    if (line.indent > indent) throw new YamlError('unexpected indentation', line.number);
    const entry = splitMappingEntry(line.text);
    if (!entry) throw new YamlError(`expected "key: value", found "${line.text}"`, line.number);
    if (Object.prototype.hasOwnProperty.call(result, entry.key)) throw new YamlError(`duplicate key "${entry.key}"`, line.number);
    cursor.at++;
    result[entry.key] = entry.value === '' ? nestedOrNull(lines, cursor, indent, true) : parseScalarOrFlow(entry.value, line.number);
  }
  return result;
}

function nestedOrNull(lines: Line[], cursor: { at: number }, parentIndent: number, allowSameIndentSequence = false): YamlValue {
  const next = lines[cursor.at];
  if (!next) return null;
  if (next.indent > parentIndent) return parseBlock(lines, cursor, next.indent);
  // YAML allows a mapping's sequence value at the key's own indentation ("key:\n- a").
  if (allowSameIndentSequence && next.indent === parentIndent && next.text.startsWith('- ')) return parseSequence(lines, cursor, next.indent);
  return null;
}

function isMappingEntry(text: string): boolean {
  return splitMappingEntry(text) !== undefined && !text.startsWith('{') && !text.startsWith('[');
}

function splitMappingEntry(text: string): { key: string; value: string } | undefined {
  if (text.startsWith('"') || text.startsWith("'")) {
    const end = findClosingQuote(text, 0);
    if (end < 0) return undefined;
    const after = text.slice(end + 1);
    const colon = /^\s*:(\s|$)/.exec(after);
    if (!colon) return undefined;
    return { key: unquote(text.slice(0, end + 1), 0), value: after.slice(colon[0].length).trim() };
  }
  const match = /^([^:{}[\],#][^:]*?)\s*:(\s+|$)(.*)$/.exec(text);
  if (!match) return undefined;
  return { key: match[1], value: match[3].trim() };
}

function parseScalarOrFlow(text: string, lineNumber: number): YamlValue {
  if (text.startsWith('{') || text.startsWith('[')) {
    const state = { text, at: 0, line: lineNumber };
    const value = parseFlow(state);
    skipSpaces(state);
    if (state.at !== text.length) throw new YamlError(`unexpected "${text.slice(state.at)}"`, lineNumber);
    return value;
  }
  if (/^[&*!|>]/.test(text)) throw new YamlError(`unsupported YAML feature in "${text}"`, lineNumber);
  return scalar(text, lineNumber);
}

interface FlowState {
  text: string;
  at: number;
  line: number;
}

function parseFlow(state: FlowState): YamlValue {
  skipSpaces(state);
  const open = state.text[state.at];
  if (open === '{' || open === '[') {
    state.at++;
    const isMap = open === '{';
    const close = isMap ? '}' : ']';
    const map: { [key: string]: YamlValue } = {};
    const list: YamlValue[] = [];
    skipSpaces(state);
    while (state.text[state.at] !== close) {
      if (state.at >= state.text.length) throw new YamlError(`missing "${close}"`, state.line);
      if (isMap) {
        const key = flowToken(state, ':');
        if (state.text[state.at] !== ':') throw new YamlError('expected ":" in flow mapping', state.line);
        state.at++;
        map[String(key)] = parseFlow(state);
      } else {
        list.push(parseFlow(state));
      }
      skipSpaces(state);
      if (state.text[state.at] === ',') {
        state.at++;
        skipSpaces(state);
      } else if (state.text[state.at] !== close) throw new YamlError(`expected "," or "${close}"`, state.line);
    }
    state.at++;
    return isMap ? map : list;
  }
  return flowToken(state, ',}]');
}

function flowToken(state: FlowState, stops: string): YamlValue {
  skipSpaces(state);
  const ch = state.text[state.at];
  if (ch === '"' || ch === "'") {
    const end = findClosingQuote(state.text, state.at);
    if (end < 0) throw new YamlError('unterminated string', state.line);
    const value = unquote(state.text.slice(state.at, end + 1), state.line);
    state.at = end + 1;
    skipSpaces(state);
    return value;
  }
  let end = state.at;
  // In flow context ':' ends a key only when followed by a space or a flow indicator.
  while (end < state.text.length && !(stops.includes(state.text[end]) && (state.text[end] !== ':' || /[\s,}\]]/.test(state.text[end + 1] ?? ' ')))) end++;
  const token = state.text.slice(state.at, end).trim();
  state.at = end;
  return scalar(token, state.line);
}

function skipSpaces(state: FlowState): void {
  while (state.text[state.at] === ' ') state.at++;
}

function scalar(text: string, lineNumber: number): YamlValue {
  if (text.startsWith('"') || text.startsWith("'")) return unquote(text, lineNumber);
  if (text === '' || text === '~' || text === 'null') return null;
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  return text;
}

function findClosingQuote(text: string, start: number): number {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i++) {
    if (quote === '"' && text[i] === '\\') i++;
    else if (text[i] === quote) {
      if (quote === "'" && text[i + 1] === "'") i++;
      else return i;
    }
  }
  return -1;
}

function unquote(text: string, lineNumber: number): string {
  const quote = text[0];
  if (text.length < 2 || text[text.length - 1] !== quote) throw new YamlError(`unterminated string ${text}`, lineNumber);
  const body = text.slice(1, -1);
  if (quote === "'") return body.replace(/''/g, "'");
  try {
    return JSON.parse(`"${body.replace(/\\'/g, "'")}"`) as string;
  } catch {
    throw new YamlError(`bad escape in ${text}`, lineNumber);
  }
}

function stripComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (ch === '\\' && quote === '"') i++;
    } else if (ch === '"' || ch === "'") {
      // Quotes only open a string at the start of a scalar, not inside a word like don't.
      if (i === 0 || /[\s:[{,-]/.test(line[i - 1])) quote = ch;
    } else if (ch === '#' && (i === 0 || /\s/.test(line[i - 1]))) return line.slice(0, i);
  }
  return line;
}
