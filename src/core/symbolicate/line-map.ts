// Old line numbers → new line numbers between two versions of one file, as plain data. Every old line is either
//   - in an unchanged run (same text, exact new line),
//   - in a changed range (its place now holds different text; the new line is where that text sits), or
//   - deleted (in neither: nothing replaced it).
// Maps compose (deployed commit → committed text → unsaved buffer → buffer after the next keystroke), so the editor
// can keep shifting marks as the user types without re-diffing, and a deleted line stays deleted through any chain.

export interface UnchangedRun {
  /** 1-based first line of the run in the old text. */
  oldStart: number;
  /** 1-based first line of the run in the new text. */
  newStart: number;
  length: number;
}

/** Old lines oldStart.. (oldLength of them) were replaced by new lines newStart.. (newLength ≥ 1 of them). */
export interface ChangedRange {
  oldStart: number;
  oldLength: number;
  newStart: number;
  newLength: number;
}

export interface LineMap {
  oldLineCount: number;
  newLineCount: number;
  /** Sorted by oldStart (and by newStart), non-overlapping. */
  runs: UnchangedRun[];
  /** Sorted by oldStart, non-overlapping, disjoint from the runs. */
  changed: ChangedRange[];
}

export type MappedLine =
  | { kind: 'unchanged'; line: number }
  /** The line's text differs now. `line` is where its replacement sits, for context only: never a match. */
  | { kind: 'changed'; line: number }
  /** The line is gone and nothing took its place. */
  | { kind: 'deleted' }
  | { kind: 'out-of-range' };

export function identityLineMap(lineCount: number): LineMap {
  return { oldLineCount: lineCount, newLineCount: lineCount, runs: lineCount > 0 ? [{ oldStart: 1, newStart: 1, length: lineCount }] : [], changed: [] };
}

export function mapLine(map: LineMap, line: number): MappedLine {
  if (!Number.isInteger(line) || line < 1 || line > map.oldLineCount) return { kind: 'out-of-range' };
  const run = lastStartingAtOrBefore(map.runs, line);
  if (run && line < run.oldStart + run.length) return { kind: 'unchanged', line: run.newStart + (line - run.oldStart) };
  const change = lastStartingAtOrBefore(map.changed, line);
  if (change && line < change.oldStart + change.oldLength) {
    return { kind: 'changed', line: change.newStart + Math.min(line - change.oldStart, change.newLength - 1) };
  }
  return { kind: 'deleted' };
}

function lastStartingAtOrBefore<T extends { oldStart: number }>(items: readonly T[], line: number): T | undefined {
  let lo = 0;
  let hi = items.length - 1;
  let found: T | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid].oldStart <= line) {
      found = items[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** first: A → B, second: B → C; result: A → C. Evaluated line by line, so each line's fate is exact. */
export function composeLineMaps(first: LineMap, second: LineMap): LineMap {
  if (first.newLineCount !== second.oldLineCount) {
    throw new Error(`cannot compose line maps: the first ends with ${first.newLineCount} lines, the second starts with ${second.oldLineCount}`);
  }
  const builder = new LineMapBuilder(first.oldLineCount, second.newLineCount);
  for (let line = 1; line <= first.oldLineCount; line++) {
    const a = mapLine(first, line);
    if (a.kind !== 'unchanged' && a.kind !== 'changed') continue; // deleted stays deleted
    const b = mapLine(second, a.line);
    if (b.kind === 'unchanged') builder.add(line, a.kind === 'unchanged' ? 'unchanged' : 'changed', b.line);
    else if (b.kind === 'changed') builder.add(line, 'changed', b.line);
  }
  return builder.build();
}

/**
 * The map for one edit of a document: lines fromLine..toLine (1-based, inclusive) replaced by `insertedLineCount`
 * lines (0 = the lines were removed). Typing inside one line is fromLine === toLine with insertedLineCount 1.
 */
export function lineMapForEdit(oldLineCount: number, fromLine: number, toLine: number, insertedLineCount: number): LineMap {
  const newLineCount = oldLineCount - (toLine - fromLine + 1) + insertedLineCount;
  const runs: UnchangedRun[] = [];
  if (fromLine > 1) runs.push({ oldStart: 1, newStart: 1, length: fromLine - 1 });
  const after = oldLineCount - toLine;
  if (after > 0) runs.push({ oldStart: toLine + 1, newStart: fromLine + insertedLineCount, length: after });
  const changed = insertedLineCount > 0 ? [{ oldStart: fromLine, oldLength: toLine - fromLine + 1, newStart: fromLine, newLength: insertedLineCount }] : [];
  return { oldLineCount, newLineCount, runs, changed };
}

/** Builds a LineMap from old lines given in increasing order with their fate, merging neighbours into ranges. */
export class LineMapBuilder {
  private readonly runs: UnchangedRun[] = [];
  private readonly changed: ChangedRange[] = [];

  constructor(
    private readonly oldLineCount: number,
    private readonly newLineCount: number,
  ) {}

  add(oldLine: number, kind: 'unchanged' | 'changed', newLine: number): void {
    if (kind === 'unchanged') {
      pushRun(this.runs, { oldStart: oldLine, newStart: newLine, length: 1 });
      return;
    }
    const last = this.changed[this.changed.length - 1];
    if (last && last.oldStart + last.oldLength === oldLine) {
      const lastNew = last.newStart + Math.min(last.oldLength - 1, last.newLength - 1);
      // Positions of a range run newStart, newStart+1, ..., then repeat its last line (more old lines than new).
      const growing = last.newLength === last.oldLength;
      if (growing && newLine === lastNew + 1) {
        last.oldLength++;
        last.newLength++;
        return;
      }
      if (newLine === lastNew) {
        last.oldLength++;
        return;
      }
    }
    this.changed.push({ oldStart: oldLine, oldLength: 1, newStart: newLine, newLength: 1 });
  }

  /** Adds a whole gap of a diff: old lines replaced by new ones (or removed when newLength is 0). */
  addGap(oldStart: number, oldLength: number, newStart: number, newLength: number): void {
    if (oldLength > 0 && newLength > 0) this.changed.push({ oldStart, oldLength, newStart, newLength });
  }

  addRun(run: UnchangedRun): void {
    pushRun(this.runs, run);
  }

  build(): LineMap {
    return { oldLineCount: this.oldLineCount, newLineCount: this.newLineCount, runs: this.runs, changed: this.changed };
  }
}

/** Appends a run, merging it with the previous one when they are contiguous on both sides. */
export function pushRun(runs: UnchangedRun[], run: UnchangedRun): void {
  if (run.length <= 0) return;
  const last = runs[runs.length - 1];
  if (last && last.oldStart + last.length === run.oldStart && last.newStart + last.length === run.newStart) last.length += run.length;
  else runs.push({ ...run });
}
