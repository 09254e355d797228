// Flat and cum per workspace line from the frame columns: frames are mapped to (file, current line) cells once, and
// each distinct stack adds its value to its cells — cum once per stack per line, as pprof does, so recursion and
// merged frames (inlined copies, two build paths of one file) never push a line's cum above the total. Cells are
// found by int32 pairs, never by "file\0line" strings.
import { GrowableInt32 } from '../aggregate/growable';
import { PairIndex } from '../aggregate/pairIndex';
import type { FrameStackTable } from '../symbolicate/frame-stacks';

export interface LineRow {
  readonly line: number;
  readonly flat: number;
  readonly cum: number;
  /** The line was edited since the profiled commit. */
  readonly changed: boolean;
}

export interface LineCells {
  /** Files with cost, each with its lines sorted by line; `file` is the caller's file id. */
  readonly files: { file: number; lines: LineRow[] }[];
}

/**
 * @param fileId per frame: the caller's id of the frame's workspace file, or -1
 * @param line per frame: the current line, or 0 when the frame has none (it then costs no line)
 * @param changed whether frame f's line counts as edited; a line is edited when any of its frames is
 */
export function lineCells(stacks: FrameStackTable, fileId: Int32Array, line: Float64Array, changed: (frame: number) => boolean): LineCells {
  const cells = new PairIndex(1 << 10);
  const cellFile = new GrowableInt32(1 << 10);
  const cellLine = new GrowableInt32(1 << 10);
  const frameCell = new Int32Array(fileId.length).fill(-1);
  for (let f = 0; f < fileId.length; f++) {
    // Current lines are positions in today's text, so whole numbers well inside int32.
    if (fileId[f] < 0 || !(line[f] > 0) || (line[f] | 0) !== line[f]) continue;
    let cell = cells.getOrAdd(fileId[f], line[f], cellFile.length);
    if (cell < 0) {
      cell = cellFile.length;
      cellFile.push(fileId[f]);
      cellLine.push(line[f]);
    }
    frameCell[f] = cell;
  }
  const cellCount = cellFile.length;
  const flat = new Float64Array(cellCount);
  const cum = new Float64Array(cellCount);
  const stamp = new Int32Array(cellCount).fill(-1);
  const used = new Uint8Array(cellCount);
  const edited = new Uint8Array(cellCount);
  for (let f = 0; f < frameCell.length; f++) if (frameCell[f] >= 0 && !edited[frameCell[f]] && changed(f)) edited[frameCell[f]] = 1;

  const { count, value, start, frames } = stacks;
  for (let s = 0; s < count; s++) {
    const v = value[s];
    if (v === 0) continue;
    for (let i = start[s]; i < start[s + 1]; i++) {
      const c = frameCell[frames[i]];
      if (c < 0) continue;
      used[c] = 1;
      if (i === start[s]) flat[c] += v;
      if (stamp[c] !== s) {
        stamp[c] = s;
        cum[c] += v;
      }
    }
  }

  const byFile = new Map<number, LineRow[]>();
  for (let c = 0; c < cellCount; c++) {
    if (!used[c]) continue;
    const file = cellFile.data[c];
    let rows = byFile.get(file);
    if (!rows) byFile.set(file, (rows = []));
    rows.push({ line: cellLine.data[c], flat: flat[c], cum: cum[c], changed: edited[c] === 1 });
  }
  return { files: [...byFile].map(([file, lines]) => ({ file, lines: lines.sort((a, b) => a.line - b.line) })) };
}
