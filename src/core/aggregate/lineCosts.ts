/**
 * Flat and cum per workspace line in today's text (gutter heat, `perflens lines`): frames are keyed by (workspace
 * file, today's line) — several frames can land on one line (inlined copies, source-mapped code, two build paths of
 * one file) — and flatCum counts each line once per stack. A line is flagged `changed` when any of its frames' code
 * was edited since the profiled commit (or, with a commit to compare with, could not be verified).
 */
import type { Selection } from '../query/types';
import { LINE_STATES, type WorkspaceMapping } from '../symbolicate/workspaceMapping';
import type { WorkspaceFile } from '../symbolicate/types';
import type { FlatCum, KindedKeySet } from './flatCum';
import { selectionFlatCums } from './flatCumMemo';
import { GrowableInt32 } from './growable';
import { PairIndex } from './pairIndex';

/**
 * One line of a workspace file: the one LineCost. `line` is 1-based, in the file's committed text of today (the
 * profiled line moved by line drift); the editor places it on the 0-based line of the document as edited
 * (PlacedLineCost in editor/heat/plan.ts).
 */
export interface LineCost {
  readonly line: number;
  readonly flat: number;
  readonly cum: number;
  /** The line was edited since the profiled commit. */
  readonly changed: boolean;
}

export interface FileLineCosts {
  readonly file: WorkspaceFile;
  /** Sorted by line. */
  readonly lines: LineCost[];
  /** Sums over the file's lines (cum summed only to order files; it is not a cost). */
  readonly flat: number;
  readonly cum: number;
}

export interface WorkspaceLineCosts {
  /** The selection's total (pprof's: aggregate/absoluteTotal.ts). */
  readonly total: number;
  /** Files with cost, by flat descending, then cum. */
  readonly files: FileLineCosts[];
}

const CHANGED = LINE_STATES.indexOf('changed');
const UNVERIFIED = LINE_STATES.indexOf('unverified');

/** The workspace lines of a selection's frames: the keys flatCum counts line costs by. */
export interface WorkspaceLineCells extends KindedKeySet {
  /** Per frame: its cell, -1 when it is on no workspace line. */
  readonly keyOfFrame: Int32Array;
  /** Per cell: the file (into the mapping's files) and today's line (1-based). */
  readonly file: Int32Array;
  readonly line: Int32Array;
  /** Per cell: 1 when the line was edited since the profiled commit. */
  readonly edited: Uint8Array;
}

export function workspaceLineCosts(selection: Selection, mapping: WorkspaceMapping): WorkspaceLineCosts {
  const cells = workspaceLineCells(selection, mapping);
  return lineCostsOf(selection, mapping, cells, selectionFlatCums(selection, [cells])[0]);
}

/** Cells (file, today's line) of the selection's frames, found by int32 pairs. */
export function workspaceLineCells(selection: Selection, mapping: WorkspaceMapping): WorkspaceLineCells {
  const { fileId, currentLine, lineState } = mapping.frames;
  const frameCount = selection.frames.count;
  const cells = new PairIndex(1 << 10);
  const cellFile = new GrowableInt32(1 << 10);
  const cellLine = new GrowableInt32(1 << 10);
  const cellOfFrame = new Int32Array(frameCount).fill(-1);
  for (let f = 0; f < frameCount; f++) {
    const line = currentLine[f];
    // Today's lines are positions in a text, so whole numbers well inside int32.
    if (fileId[f] < 0 || !(line > 0) || (line | 0) !== line) continue;
    let cell = cells.getOrAdd(fileId[f], line, cellFile.length);
    if (cell < 0) {
      cell = cellFile.length;
      cellFile.push(fileId[f]);
      cellLine.push(line);
    }
    cellOfFrame[f] = cell;
  }
  const cellCount = cellFile.length;
  const edited = new Uint8Array(cellCount);
  for (let f = 0; f < frameCount; f++) {
    const c = cellOfFrame[f];
    if (c < 0) continue;
    const state = lineState[f];
    if (state === CHANGED || (mapping.driftApplied && state === UNVERIFIED)) edited[c] = 1;
  }
  return { keyOfFrame: cellOfFrame, keyCount: cellCount, kind: mapping, file: cellFile.trim(), line: cellLine.trim(), edited };
}

/** The line costs of the selection from its flat and cum per cell (flatCum keyed by `cells`). */
export function lineCostsOf(selection: Selection, mapping: WorkspaceMapping, cells: WorkspaceLineCells, counted: FlatCum): WorkspaceLineCosts {
  const { flat, cum } = counted;
  const byFile = new Map<number, LineCost[]>();
  for (let c = 0; c < cells.keyCount; c++) {
    if (flat[c] === 0 && cum[c] === 0) continue;
    const file = cells.file[c];
    let rows = byFile.get(file);
    if (!rows) byFile.set(file, (rows = []));
    rows.push({ line: cells.line[c], flat: flat[c], cum: cum[c], changed: cells.edited[c] === 1 });
  }
  const key = (f: WorkspaceFile) => `${f.root}\u0000${f.path}`;
  const files = [...byFile].map(([id, lines]) => {
    lines.sort((a, b) => a.line - b.line);
    let fileFlat = 0;
    let fileCum = 0;
    for (const r of lines) { fileFlat += r.flat; fileCum += r.cum; }
    return { file: mapping.files[id], lines, flat: fileFlat, cum: fileCum };
  }).sort((a, b) => b.flat - a.flat || b.cum - a.cum || (key(a.file) < key(b.file) ? -1 : 1));
  return { total: selection.total, files };
}
