/**
 * The functions of a selection as the editor's hovers, code lenses and Hotspots show them: flat, cum and top
 * callers/callees (functionTable.ts), with each function's kind of code and workspace file (the mapping's), and the
 * lowest of today's lines with cost in that file. Rows are made only for functions with cost, by cum descending.
 */
import type { Selection } from '../query/types';
import type { WorkspaceMapping } from '../symbolicate/workspaceMapping';
import { FRAME_CLASSES, type FrameClass, type WorkspaceFile } from '../symbolicate/types';
import { frameFlatCum, type FlatCum } from './flatCum';
import { callEdges, edgeLists, functionTable, type EdgeColumns } from './functionTable';
import type { SpanNameCost } from './spanNames';

export interface FunctionEdge {
  /** Index into the rows. */
  readonly fn: number;
  readonly value: number;
}

export interface FunctionRow {
  readonly name: string;
  readonly profileFile: string;
  /** The absolute path of an app function's file, in rows made with `absolutePath` (which then carry no `file`). */
  readonly path?: string;
  readonly class: FrameClass;
  readonly file?: WorkspaceFile;
  /** Lowest line of today's text (1-based) with cost in `file`; 0 when unknown. */
  readonly firstLine: number;
  readonly flat: number;
  readonly cum: number;
  readonly callers: FunctionEdge[];
  readonly callees: FunctionEdge[];
  /** The span names that spend the most in it (spanNames.ts), when samples carry span names. */
  readonly spanNames?: readonly SpanNameCost[];
}

const MAX_EDGES = 8;

/**
 * @param absolutePath when given, rows name an app function's file by this path instead of `file` (the editor's
 *   FunctionCost shape, so no second object per function is made)
 */
export interface FunctionRows {
  readonly rows: FunctionRow[];
  /** Per function of the selection: its row, -1 when it has no cost. */
  readonly rowOf: Int32Array;
}

/**
 * @param frameCum per frame: its cum in the selection (flatCum keyed by frame), for the first lines with cost
 * @param withEdges false: rows without callers and callees (rowEdges gives them later: the heat waits for none)
 * @param functionCosts flat and cum per function, when counted already (with other keys, in one pass)
 */
export function workspaceFunctions(
  selection: Selection, mapping: WorkspaceMapping | undefined, absolutePath?: (file: WorkspaceFile) => string, frameCum?: Float64Array, withEdges = true,
  functionCosts?: FlatCum,
): FunctionRows {
  const n = selection.functions.count;
  const table = functionTable(selection, withEdges, functionCosts);
  const { flat, cum } = table;
  const names = Array.from({ length: n }, (_, f) => (flat[f] !== 0 || cum[f] !== 0 ? selection.strings.get(selection.functions.name[f]) : ''));
  const firstLine = mapping ? firstLines(selection, mapping, frameCum) : new Float64Array(n);

  // Order by cum, then flat, then name (then first seen). Names are compared only within runs of equal cost.
  const order: number[] = [];
  for (let i = 0; i < n; i++) if (flat[i] !== 0 || cum[i] !== 0) order.push(i);
  order.sort((a, b) => cum[b] - cum[a] || flat[b] - flat[a] || a - b);
  const byName = (a: number, b: number) => (names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : a - b);
  for (let from = 0; from < order.length;) {
    let to = from + 1;
    while (to < order.length && cum[order[to]] === cum[order[from]] && flat[order[to]] === flat[order[from]]) to++;
    if (to - from > 1) {
      const run = order.slice(from, to).sort(byName);
      for (let k = 0; k < run.length; k++) order[from + k] = run[k];
    }
    from = to;
  }
  const rowOf = new Int32Array(n).fill(-1);
  for (let i = 0; i < order.length; i++) rowOf[order[i]] = i;

  const edges = topEdges(table, rowOf, order.length);
  const list = (c: RowEdgeColumns, row: number) => {
    const result: FunctionEdge[] = [];
    for (let k = c.start[row]; k < c.start[row + 1]; k++) result.push({ fn: c.fn[k], value: c.value[k] });
    return result;
  };
  const fnClass = mapping?.functions.classCode;
  const fnFile = mapping?.functions.fileId;
  const unknown = FRAME_CLASSES.indexOf('unknown');
  const rows: FunctionRow[] = new Array(order.length);
  for (let i = 0; i < n; i++) {
    const r = rowOf[i];
    if (r < 0) continue;
    const id = fnFile && i < fnFile.length ? fnFile[i] : -1;
    const file = id >= 0 ? mapping!.files[id] : undefined;
    const cls = FRAME_CLASSES[fnClass && i < fnClass.length ? fnClass[i] : unknown];
    const common = {
      name: names[i],
      profileFile: selection.strings.get(selection.functions.file[i]),
      class: cls,
      firstLine: firstLine[i],
      flat: flat[i],
      cum: cum[i],
      callers: list(edges.callers, r),
      callees: list(edges.callees, r),
    };
    rows[r] = absolutePath ? { ...common, path: file && cls === 'app' ? absolutePath(file) : undefined } : { ...common, file };
  }
  return { rows, rowOf };
}

/** Per row: its top callers (or callees) as rows, `fn[start[r] .. start[r + 1])` with their `value`s. */
export interface RowEdgeColumns {
  readonly start: Int32Array;
  readonly fn: Int32Array;
  readonly value: Float64Array;
}

/**
 * The rows' top callers and callees, counted from the selection's stacks: what workspaceFunctions leaves out when
 * asked for rows without edges, by the same rows (`rowOf`: its answer for the same selection).
 */
export function rowEdges(selection: Selection, rowOf: Int32Array, edges: EdgeColumns = callEdges(selection)): { readonly callers: RowEdgeColumns; readonly callees: RowEdgeColumns } {
  let rows = 0;
  for (let i = 0; i < rowOf.length; i++) if (rowOf[i] >= 0) rows++;
  return topEdges(edges, rowOf, rows);
}

/** Each row's top MAX_EDGES callers and callees by value (ties: first seen first), as rows. */
function topEdges(table: EdgeColumns, rowOf: Int32Array, rows: number) {
  const n = rowOf.length;
  const fnOfRow = new Int32Array(rows);
  for (let i = 0; i < n; i++) if (rowOf[i] >= 0) fnOfRow[rowOf[i]] = i;
  const columns = (byEnd: Int32Array, other: Int32Array): RowEdgeColumns => {
    const lists = edgeLists(n, byEnd, table.edgeValue, MAX_EDGES);
    const start = new Int32Array(rows + 1);
    const picked: number[] = [];
    for (let r = 0; r < rows; r++) {
      const f = fnOfRow[r];
      const from = lists.start[f];
      const end = Math.min(lists.start[f + 1], from + MAX_EDGES);
      for (let k = from; k < end; k++) if (rowOf[other[lists.edges[k]]] >= 0) picked.push(lists.edges[k]);
      start[r + 1] = picked.length;
    }
    const fn = new Int32Array(picked.length);
    const value = new Float64Array(picked.length);
    picked.forEach((e, k) => { fn[k] = rowOf[other[e]]; value[k] = table.edgeValue[e]; });
    return { start, fn, value };
  };
  return { callers: columns(table.edgeCallee, table.edgeCaller), callees: columns(table.edgeCaller, table.edgeCallee) };
}

/** Per function: the lowest of today's lines among its frames with cost that are in its own file; 0 when none. */
export function firstLines(selection: Selection, mapping: WorkspaceMapping, frameCum = frameFlatCum(selection).cum): Float64Array {
  const { frames } = selection;
  const { fileId, currentLine } = mapping.frames;
  const fnFile = mapping.functions.fileId;
  const first = new Float64Array(selection.functions.count);
  for (let f = 0; f < frames.count; f++) {
    if (frameCum[f] === 0) continue;
    const fn = frames.function[f];
    const line = currentLine[f];
    if (line > 0 && fileId[f] >= 0 && fileId[f] === fnFile[fn] && (first[fn] === 0 || line < first[fn])) first[fn] = line;
  }
  return first;
}
