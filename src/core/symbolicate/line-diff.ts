// Builds a LineMap by diffing two texts line by line. Lines are counted like an editor counts them ("a\nb\n" has
// three lines, the last empty) so maps compose with edit maps from the editor. CR before LF is ignored when
// comparing: a checkout with autocrlf must not look like a rewrite of every line.
//
// Strategy: strip the common head and tail, intern the remaining lines to integers, run jsdiff's Myers diff over
// the integer arrays (bench/symbolicate/line-diff.bench.ts measures this against diffLines on whole texts).

import { diffArrays, diffLines } from 'diff';
import { LineMapBuilder, type LineMap } from './line-map';

export interface LineDiffOptions {
  /** Give up after this many milliseconds and mark everything between the common head and tail changed. */
  timeoutMs?: number;
  /** 'interned' (default) or 'diffLines' (jsdiff on whole strings; kept for the benchmark). */
  strategy?: 'interned' | 'diffLines';
}

export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) if (lines[i].endsWith('\r')) lines[i] = lines[i].slice(0, -1);
  return lines;
}

export function diffLineMap(oldText: string, newText: string, options: LineDiffOptions = {}): LineMap {
  const oldLines = splitLines(oldText);
  const newLines = splitLines(newText);
  if (options.strategy === 'diffLines') return viaDiffLines(oldLines, newLines, options.timeoutMs);
  return viaInterned(oldLines, newLines, options.timeoutMs);
}

function viaInterned(oldLines: string[], newLines: string[], timeoutMs: number | undefined): LineMap {
  const builder = new LineMapBuilder(oldLines.length, newLines.length);
  let head = 0;
  const max = Math.min(oldLines.length, newLines.length);
  while (head < max && oldLines[head] === newLines[head]) head++;
  let tail = 0;
  while (tail < max - head && oldLines[oldLines.length - 1 - tail] === newLines[newLines.length - 1 - tail]) tail++;
  if (head > 0) builder.addRun({ oldStart: 1, newStart: 1, length: head });

  const ids = new Map<string, number>();
  const intern = (line: string) => {
    let id = ids.get(line);
    if (id === undefined) ids.set(line, (id = ids.size));
    return id;
  };
  const a = oldLines.slice(head, oldLines.length - tail).map(intern);
  const b = newLines.slice(head, newLines.length - tail).map(intern);
  const changes = a.length > 0 && b.length > 0 ? (timeoutMs === undefined ? diffArrays(a, b) : diffArrays(a, b, { timeout: timeoutMs })) : undefined;
  // No diff (one side empty, or the diff gave up): the whole middle is one replaced block.
  addChanges(builder, changes ?? [{ added: false, removed: true, count: a.length }, { added: true, removed: false, count: b.length }], head + 1, head + 1);
  if (tail > 0) builder.addRun({ oldStart: oldLines.length - tail + 1, newStart: newLines.length - tail + 1, length: tail });
  return builder.build();
}

function viaDiffLines(oldLines: string[], newLines: string[], timeoutMs: number | undefined): LineMap {
  const builder = new LineMapBuilder(oldLines.length, newLines.length);
  // diffLines wants newline-terminated lines to count them; join the normalized lines back.
  const a = `${oldLines.join('\n')}\n`;
  const b = `${newLines.join('\n')}\n`;
  const changes = timeoutMs === undefined ? diffLines(a, b) : diffLines(a, b, { timeout: timeoutMs });
  addChanges(builder, changes ?? [{ added: false, removed: true, count: oldLines.length }, { added: true, removed: false, count: newLines.length }], 1, 1);
  return builder.build();
}

/** Common blocks become runs; what lies between two of them (removed and/or added lines) becomes one gap. */
function addChanges(builder: LineMapBuilder, changes: readonly { added: boolean; removed: boolean; count: number }[], oldStart: number, newStart: number): void {
  let oldLine = oldStart;
  let newLine = newStart;
  let removed = 0;
  let added = 0;
  const flush = () => {
    builder.addGap(oldLine - removed, removed, newLine - added, added);
    removed = 0;
    added = 0;
  };
  for (const change of changes) {
    if (change.added) {
      added += change.count;
      newLine += change.count;
    } else if (change.removed) {
      removed += change.count;
      oldLine += change.count;
    } else {
      flush();
      builder.addRun({ oldStart: oldLine, newStart: newLine, length: change.count });
      oldLine += change.count;
      newLine += change.count;
    }
  }
  flush();
}
