/**
 * Frame → row key for the usual granularities of a flat/cum table, and what each row shows:
 * - 'function': (name, file), as `go tool pprof -top -filefunctions` — a row's `line` is the function's start line
 *   (0 if unknown);
 * - 'function-name': the name alone, as `go tool pprof -top` (functions of one name in several files are one row);
 *   a row's file and start line are those its functions share ("" and 0 when they differ);
 * - 'line': (file, line number) — one editor line; the row's function is the first function seen at that line.
 *   Frames without a file (Node's "(garbage collector)", regexps...) are keyed by (function, line) instead, so
 *   unrelated file-less functions do not pile up on one pseudo-line;
 * - 'file': the file name — the row's function is -1. All frames without a file share the row with file ""
 *   (pprof's `<unknown>` row for `-files`).
 */
import type { ModelFrames, ModelFunctions } from '../model/types';

export type AggregateBy = 'function' | 'function-name' | 'line' | 'file';

export interface FrameKeys {
  /** Per frame: its row. */
  readonly keyOfFrame: Int32Array;
  readonly count: number;
  /** Per row: a function id (-1 for 'file' rows). */
  readonly function: Int32Array;
  /** Per row: the file, a string id. */
  readonly file: Int32Array;
  /** Per row: line number ('line'), start line ('function'), 0 ('file'). */
  readonly line: Float64Array;
}

type KeyedTables = {
  readonly frames: Pick<ModelFrames, 'count' | 'function' | 'line'>;
  readonly functions: Pick<ModelFunctions, 'count' | 'name' | 'file' | 'startLine'>;
};

export function frameKeys(tables: KeyedTables, by: AggregateBy): FrameKeys {
  const { frames, functions: fns } = tables;
  if (by === 'function') {
    return { keyOfFrame: frames.function, count: fns.count, function: Int32Array.from({ length: fns.count }, (_, i) => i), file: fns.file, line: fns.startLine };
  }
  if (by === 'function-name') return functionNameKeys(tables);
  const keyOfFrame = new Int32Array(frames.count);
  const index = new Map<number | string, number>();
  const rowFunction: number[] = [];
  const rowFile: number[] = [];
  const rowLine: number[] = [];
  for (let fr = 0; fr < frames.count; fr++) {
    const fn = frames.function[fr];
    const file = fns.file[fn];
    const line = by === 'line' ? frames.line[fr] : 0;
    const key = by === 'file' ? file : file !== 0 ? `${file}:${line}` : `fn${fn}:${line}`;
    let row = index.get(key);
    if (row === undefined) {
      row = rowFunction.length;
      index.set(key, row);
      rowFunction.push(by === 'line' ? fn : -1);
      rowFile.push(file);
      rowLine.push(line);
    }
    keyOfFrame[fr] = row;
  }
  return { keyOfFrame, count: rowFunction.length, function: Int32Array.from(rowFunction), file: Int32Array.from(rowFile), line: Float64Array.from(rowLine) };
}

/** One row per distinct function name (names are string ids: one name, one id). */
function functionNameKeys(tables: KeyedTables): FrameKeys {
  const { frames, functions: fns } = tables;
  const rowOfName = new Map<number, number>();
  const rowOfFunction = new Int32Array(fns.count);
  const rowFunction: number[] = [];
  const rowFile: number[] = [];
  const rowLine: number[] = [];
  for (let f = 0; f < fns.count; f++) {
    let row = rowOfName.get(fns.name[f]);
    if (row === undefined) {
      row = rowFunction.length;
      rowOfName.set(fns.name[f], row);
      rowFunction.push(f);
      rowFile.push(fns.file[f]);
      rowLine.push(fns.startLine[f]);
    } else {
      if (rowFile[row] !== fns.file[f]) rowFile[row] = 0;
      if (rowLine[row] !== fns.startLine[f]) rowLine[row] = 0;
    }
    rowOfFunction[f] = row;
  }
  const keyOfFrame = new Int32Array(frames.count);
  for (let fr = 0; fr < frames.count; fr++) keyOfFrame[fr] = rowOfFunction[frames.function[fr]];
  return { keyOfFrame, count: rowFunction.length, function: Int32Array.from(rowFunction), file: Int32Array.from(rowFile), line: Float64Array.from(rowLine) };
}
