// Keeps a file's profile lines on the right code while the user types, without recomputing anything from the
// profile: a LineMap from the file's committed text to the editor buffer, extended by one small edit map per
// change (O(runs) per keystroke). Pure: the heat controller feeds it VS Code's change events.
import { composeLineMaps, identityLineMap, lineMapForEdit, mapLine, type LineMap } from '../../core/symbolicate/line-map';
import type { LineCost } from '../../shared/workspaceProfile';
import type { PlacedLineCost } from './plan';

/** One text change: lines fromLine..toLine (0-based, inclusive) replaced by text with `insertedLines` lines. */
export interface LineEdit {
  readonly fromLine: number;
  readonly toLine: number;
  readonly insertedLines: number;
}

export class LiveLines {
  private map: LineMap;

  /** `initial` maps the committed text to the buffer when the buffer was already dirty; identity otherwise. */
  constructor(lineCount: number, initial?: LineMap) {
    this.map = initial ?? identityLineMap(lineCount);
  }

  get lineCount(): number {
    return this.map.newLineCount;
  }

  /** Apply one change event's edits, in the order VS Code reports them (each against the text before it). */
  applyEdits(edits: readonly LineEdit[]): void {
    // VS Code reports a multi-cursor change's edits against the original text; applying them bottom-up keeps the
    // line numbers of the edits not yet applied valid.
    const ordered = [...edits].sort((a, b) => b.fromLine - a.fromLine);
    for (const e of ordered) {
      const edit = lineMapForEdit(this.map.newLineCount, e.fromLine + 1, e.toLine + 1, e.insertedLines);
      this.map = composeLineMaps(this.map, edit);
    }
  }

  /**
   * The profile's lines of this file placed in the buffer (0-based editor lines). A line edited in the buffer
   * keeps its cost but is flagged changed; a deleted line is dropped.
   */
  place(lines: readonly LineCost[]): PlacedLineCost[] {
    const placed: PlacedLineCost[] = [];
    for (const l of lines) {
      const m = mapLine(this.map, l.line);
      if (m.kind === 'unchanged') placed.push({ line: m.line - 1, flat: l.flat, cum: l.cum, changed: l.changed });
      else if (m.kind === 'changed') placed.push({ line: m.line - 1, flat: l.flat, cum: l.cum, changed: true });
    }
    return placed;
  }

  /** The committed-text line (1-based) shown at buffer line `bufferLine` (0-based), if it is unchanged. */
  committedLineAt(bufferLine: number): number | undefined {
    for (const run of this.map.runs) {
      const offset = bufferLine + 1 - run.newStart;
      if (offset >= 0 && offset < run.length) return run.oldStart + offset;
    }
    return undefined;
  }
}

/** A text change as VS Code reports it, in plain data: the replaced range (0-based) and the new text. */
export interface TextChange {
  readonly startLine: number;
  readonly startCharacter: number;
  readonly endLine: number;
  readonly endCharacter: number;
  readonly text: string;
  /** Length of the start line before the change (to recognise "Enter at the end of a line"). */
  readonly startLineLength: number;
}

/**
 * The line-level edit of a text change. Pure insertions of whole lines (Enter at the end of a line, pasting lines
 * at column 0) leave the neighbouring lines unchanged; any other edit marks the lines it touches changed.
 */
export function lineEditOf(c: TextChange): LineEdit {
  const newlines = countNewlines(c.text);
  const empty = c.startLine === c.endLine && c.startCharacter === c.endCharacter;
  if (empty && newlines > 0) {
    if (c.startCharacter === 0 && c.text.endsWith('\n')) return { fromLine: c.startLine, toLine: c.startLine - 1, insertedLines: newlines };
    if (c.startCharacter >= c.startLineLength && /^\r?\n/.test(c.text)) return { fromLine: c.startLine + 1, toLine: c.startLine, insertedLines: newlines };
  }
  // Deleting whole lines (from column 0 of one line to column 0 of a later one) removes just those lines.
  if (c.text === '' && c.startCharacter === 0 && c.endCharacter === 0 && c.endLine > c.startLine) {
    return { fromLine: c.startLine, toLine: c.endLine - 1, insertedLines: 0 };
  }
  return { fromLine: c.startLine, toLine: c.endLine, insertedLines: newlines + 1 };
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
