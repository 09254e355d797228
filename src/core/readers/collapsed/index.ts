/**
 * Collapsed (folded) stacks, Brendan Gregg's format: one line per distinct stack, frames from the root to the leaf
 * separated by ';', then whitespace and a sample count — `main;serve;handle (app.py:42) 17`. Written by
 * stackcollapse-perf.pl (perf), py-spy (--format raw), rbspy, async-profiler (collapsed), FlameGraph's other
 * stackcollapse scripts. Frames are parsed by frameText.ts; each distinct frame text once.
 *
 * The bytes are scanned as bytes (no JS string per line or frame), which is what makes it fast: a frame is hashed
 * where it lies, in the pass that finds its end, and only a frame seen for the first time is decoded and parsed.
 */
import { ProfileError } from '../../profile/errors';
import type { ProfileLimits } from '../../profile/limits';
import type { Profile } from '../../profile/model';
import { MAX_STACK_DEPTH, ProfileBuilder } from '../build/profileBuilder';
import { hashRest, hashWord, StringInterner } from '../build/stringInterner';
import type { ProfileFormat } from '../format';
import { parseFrameText } from './frameText';

const NL = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const SEMICOLON = 0x3b;
const HASH = 0x23;


export const collapsedFormat: ProfileFormat = {
  name: 'collapsed stacks',
  accepts: 'collapsed stacks (perf/stackcollapse, py-spy, rbspy, async-profiler: "a;b;c 42")',
  detect: looksCollapsed,
  read: (bytes, source, limits) => [readCollapsed(bytes, source, limits)],
};

export function readCollapsed(bytes: Uint8Array, source: string, limits: ProfileLimits): Profile {
  const builder = new ProfileBuilder(source, limits, { sampleTypes: [{ type: 'samples', unit: 'count' }], periodType: { type: 'samples', unit: 'count' }, period: 1 });
  const frameTexts = new StringInterner(source, limits.maxStrings);
  /** Location of each distinct frame text (by its id in frameTexts). */
  let locationOf: Int32Array<ArrayBuffer> = new Int32Array(1024);
  let stack: Int32Array<ArrayBuffer> = new Int32Array(256);
  const value = new Float64Array(1);
  const decoder = new TextDecoder('utf-8');
  let skipped = 0;
  let firstSkipped = 0;
  let truncated = 0;
  let lineNumber = 0;
  let emptyFrameLocation = -1;

  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = bytes.length;
  let pos = 0;
  if (end >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) pos = 3; // UTF-8 byte order mark
  while (pos < end) {
    let lineEnd = bytes.indexOf(NL, pos);
    if (lineEnd < 0) lineEnd = end;
    const next = lineEnd + 1;
    lineNumber++;
    let e = lineEnd;
    if (e > pos && bytes[e - 1] === CR) e--;
    while (e > pos && (bytes[e - 1] === SPACE || bytes[e - 1] === TAB)) e--;
    if (e === pos || bytes[pos] === HASH) {
      pos = next;
      continue;
    }
    const count = trailingCount(bytes, pos, e);
    if (count === undefined) {
      if (skipped++ === 0) firstSkipped = lineNumber;
      pos = next;
      continue;
    }
    let stackEnd = count.start;
    while (stackEnd > pos && (bytes[stackEnd - 1] === SPACE || bytes[stackEnd - 1] === TAB)) stackEnd--;

    let depth = 0;
    let frameStart = pos;
    for (;;) {
      // The frame's end (the next ';') and its hash in one pass, four bytes a step: a word holds a ';' when the
      // word XOR ';;;;' has a zero byte, which (w - 0x01010101) & ~w & 0x80808080 detects.
      let h = 0;
      let frameEnd = frameStart;
      for (; frameEnd + 4 <= stackEnd; frameEnd += 4) {
        const word = view.getInt32(frameEnd, true);
        const w = word ^ 0x3b3b3b3b;
        if (((w - 0x01010101) & ~w & 0x80808080) !== 0) break;
        h = hashWord(h, word);
      }
      const wordsEnd = frameEnd;
      while (frameEnd < stackEnd && bytes[frameEnd] !== SEMICOLON) frameEnd++;
      h = hashRest(h, view, wordsEnd, frameEnd, frameEnd - frameStart);
      // An empty frame (perf writes them for frames it could not name) stays a frame, without a name.
      const before = frameTexts.count;
      const id = frameTexts.internHashed(bytes, frameStart, frameEnd, h);
      if (id === 0) {
        // The empty frame: interned apart, since "" is string 0 of every table.
        if (emptyFrameLocation < 0) emptyFrameLocation = builder.frame(builder.function(0));
        locationOf[0] = emptyFrameLocation;
      } else if (frameTexts.count > before) {
        if (id >= locationOf.length) locationOf = grown(locationOf, id);
        const frame = parseFrameText(decoder.decode(bytes.subarray(frameStart, frameEnd)));
        const fn = builder.function(builder.strings.intern(frame.name), builder.strings.intern(frame.file));
        locationOf[id] = builder.frame(fn, frame.line, frame.column);
      }
      if (depth === stack.length) stack = grown(stack, depth);
      stack[depth++] = locationOf[id];
      if (frameEnd === stackEnd) break;
      frameStart = frameEnd + 1;
    }
    if (depth > MAX_STACK_DEPTH) {
      truncated++;
      stack.copyWithin(0, depth - MAX_STACK_DEPTH, depth);
      depth = MAX_STACK_DEPTH;
    }
    value[0] = count.value;
    builder.sample(stack, depth, value, 0, true);
    pos = next;
  }
  if (builder.sampleCount === 0 && skipped > 0) {
    throw new ProfileError(source, `not collapsed stacks: no line ends in a sample count (line ${firstSkipped} is the first)`);
  }
  const comments: string[] = [];
  if (skipped > 0) comments.push(`perflens: ${skipped} line(s) without a sample count were skipped (the first is line ${firstSkipped})`);
  if (truncated > 0) comments.push(`perflens: ${truncated} stack(s) deeper than ${MAX_STACK_DEPTH} frames keep their ${MAX_STACK_DEPTH} innermost frames`);
  return { ...builder.build(), comments };
}

/** The count at the end of a line (digits, maybe a fraction) after whitespace, or undefined. */
function trailingCount(bytes: Uint8Array, start: number, end: number): { start: number; value: number } | undefined {
  let i = end;
  let dot = false;
  while (i > start) {
    const b = bytes[i - 1];
    if (b >= 0x30 && b <= 0x39) i--;
    else if (b === 0x2e && !dot) {
      dot = true;
      i--;
    } else break;
  }
  if (i === end || i === start) return undefined;
  const before = bytes[i - 1];
  if (before !== SPACE && before !== TAB) return undefined;
  let value = 0;
  let scale = 0;
  for (let k = i; k < end; k++) {
    const b = bytes[k];
    if (b === 0x2e) {
      scale = 1;
      continue;
    }
    value = value * 10 + (b - 0x30);
    if (scale) scale *= 10;
  }
  if (scale) value /= scale;
  if (!Number.isFinite(value)) return undefined;
  return { start: i, value };
}

/**
 * Whether the bytes are collapsed stacks: text whose first judged line (comments and blank lines aside) ends in a
 * count after whitespace with a frame before it, as do at least two thirds of the first few lines.
 */
function looksCollapsed(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, Math.min(bytes.length, 64 * 1024));
  let pos = head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  let judged = 0;
  let matched = 0;
  while (pos < head.length && judged < 12) {
    let lineEnd = head.indexOf(NL, pos);
    // The head may cut the last line: judge only lines that end inside it, unless the file ends there.
    if (lineEnd < 0) {
      if (head.length < bytes.length) break;
      lineEnd = head.length;
    }
    let e = lineEnd;
    if (e > pos && head[e - 1] === CR) e--;
    while (e > pos && (head[e - 1] === SPACE || head[e - 1] === TAB)) e--;
    if (e > pos && head[pos] !== HASH) {
      for (let i = pos; i < e; i++) {
        const b = head[i];
        if (b < 0x20 && b !== TAB) return false; // binary, not text
      }
      const count = trailingCount(head, pos, e);
      const ok = count !== undefined && count.start - 1 > pos;
      if (judged === 0 && !ok) return false;
      judged++;
      if (ok) matched++;
    }
    pos = lineEnd + 1;
  }
  return judged > 0 && matched * 3 >= judged * 2;
}

function grown(a: Int32Array, needed: number): Int32Array<ArrayBuffer> {
  const next = new Int32Array(Math.max(a.length * 2, needed + 1));
  next.set(a);
  return next;
}
