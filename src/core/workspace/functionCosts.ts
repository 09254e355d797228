// Flat and cum per function after symbolication, and who calls whom: what the editor's hovers, code lenses and
// Hotspots view show. A function is (name, profile file), as pprof's -filefunctions — the frame table already
// numbers them (table.frameFunction). Cum counts a function once per sample however often it recurs; an edge counts
// once per sample too, so shares never exceed 100%. Everything up to the returned rows is typed arrays: edges are
// int32 pairs in a PairIndex, and each function's callers and callees are read from CSR lists, not arrays per
// function (a profile of 10^6 functions used to build 2·10^6 arrays and a Map keyed by caller·n + callee).
import { GrowableFloat64, GrowableInt32 } from '../aggregate/growable';
import { PairIndex } from '../aggregate/pairIndex';
import type { ProfileFrameTable } from '../symbolicate/profile-frames';
import { FRAME_CLASSES, type FrameClass, type WorkspaceFile } from '../symbolicate/types';

export interface FunctionEdge {
  /** Index into the functions array. */
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
  /** Lowest current line (1-based) with cost in `file`; 0 when unknown. */
  readonly firstLine: number;
  readonly flat: number;
  readonly cum: number;
  readonly callers: FunctionEdge[];
  readonly callees: FunctionEdge[];
}

/** Symbolication of every frame of the table, in columns. */
export interface FrameFacts {
  /** Per frame: index into FRAME_CLASSES. */
  readonly classCode: Uint8Array;
  /** Per frame: index into `files`, or -1. */
  readonly fileId: Int32Array;
  readonly files: readonly WorkspaceFile[];
  /** Per frame: current line (1-based), or 0. */
  readonly line: Float64Array;
}

const MAX_EDGES = 8;

/**
 * @param absolutePath when given, rows name an app function's file by this path instead of `file`: the shape of the
 *   editor's FunctionCost, so the worker can hand the rows on without a second object per function
 */
export function functionCosts(table: ProfileFrameTable, facts: FrameFacts, absolutePath?: (file: WorkspaceFile) => string): FunctionRow[] {
  const n = table.functionCount;
  const frameFn = table.frameFunction;
  // A function takes its class and file from its first frame.
  const firstFrame = new Int32Array(n).fill(-1);
  for (let f = 0; f < frameFn.length; f++) if (firstFrame[frameFn[f]] < 0) firstFrame[frameFn[f]] = f;

  const { flat, cum, hasCost, edgeCaller, edgeCallee, edgeValue } = sampleCosts(table);

  // First costly line per function, in the mapped file.
  const firstLine = new Float64Array(n);
  const pathOf = (f: number) => (facts.fileId[f] >= 0 ? facts.files[facts.fileId[f]].path : undefined);
  for (let f = 0; f < frameFn.length; f++) {
    if (!hasCost[f]) continue;
    const fn = frameFn[f];
    const line = facts.line[f];
    const path = pathOf(f);
    if (line > 0 && path !== undefined && path === pathOf(firstFrame[fn]) && (firstLine[fn] === 0 || line < firstLine[fn])) firstLine[fn] = line;
  }

  // Order by cum, then flat, then name (then first seen), and renumber the edges accordingly.
  const names = table.functionName;
  const order: number[] = [];
  for (let i = 0; i < n; i++) if (flat[i] !== 0 || cum[i] !== 0) order.push(i);
  // Numbers first, then names only within runs of equal cost: comparing strings scattered over a large heap is
  // what a 10^6-row sort spends its time on, so it is done as little as the order allows.
  order.sort((a, b) => cum[b] - cum[a] || flat[b] - flat[a] || a - b);
  const byName = (a: number, b: number) => (names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : a - b);
  for (let from = 0; from < order.length; ) {
    let to = from + 1;
    while (to < order.length && cum[order[to]] === cum[order[from]] && flat[order[to]] === flat[order[from]]) to++;
    if (to - from > 1) {
      const run = order.slice(from, to).sort(byName);
      for (let k = 0; k < run.length; k++) order[from + k] = run[k];
    }
    from = to;
  }
  const newIndex = new Int32Array(n).fill(-1);
  for (let i = 0; i < order.length; i++) newIndex[order[i]] = i;

  const callersOf = edgeLists(n, edgeCallee);
  const calleesOf = edgeLists(n, edgeCaller);
  const values = edgeValue;
  const byValue = (a: number, b: number) => values[b] - values[a] || a - b;
  // The top edges of a function by value (first seen first among equals), renumbered; functions without a row
  // are dropped after the cut, as they always were.
  const top = (lists: EdgeLists, fn: number, other: Int32Array): FunctionEdge[] => {
    const from = lists.start[fn];
    const to = lists.start[fn + 1];
    if (to === from) return [];
    if (to - from > 1) sortRange(lists.edges, from, to, byValue);
    const end = Math.min(to, from + MAX_EDGES);
    let kept = 0;
    for (let k = from; k < end; k++) if (newIndex[other[lists.edges[k]]] >= 0) kept++;
    // Sized up front: an array grown by push reserves room for 17 elements, 2·10^6 times over.
    const result: FunctionEdge[] = new Array(kept);
    kept = 0;
    for (let k = from; k < end; k++) {
      const e = lists.edges[k];
      const fnIndex = newIndex[other[e]];
      if (fnIndex >= 0) result[kept++] = { fn: fnIndex, value: values[e] };
    }
    return result;
  };
  // Rows are made in function order and placed by rank: reading the columns in order, not at random.
  const rows: FunctionRow[] = new Array(order.length);
  for (let i = 0; i < n; i++) {
    const r = newIndex[i];
    if (r < 0) continue;
    const f = firstFrame[i];
    const file = facts.fileId[f] >= 0 ? facts.files[facts.fileId[f]] : undefined;
    const fnClass = FRAME_CLASSES[facts.classCode[f]];
    rows[r] = absolutePath
      ? {
        name: table.functionName[i],
        profileFile: table.functionFile[i],
        path: file && fnClass === 'app' ? absolutePath(file) : undefined,
        class: fnClass,
        firstLine: firstLine[i],
        flat: flat[i],
        cum: cum[i],
        callers: top(callersOf, i, edgeCaller),
        callees: top(calleesOf, i, edgeCallee),
      }
      : {
        name: table.functionName[i],
        profileFile: table.functionFile[i],
        class: fnClass,
        file,
        firstLine: firstLine[i],
        flat: flat[i],
        cum: cum[i],
        callers: top(callersOf, i, edgeCaller),
        callees: top(calleesOf, i, edgeCallee),
      };
  }
  return rows;
}

/** Flat and cum per function, and the distinct caller → callee edges with their values, in first-seen order. */
function sampleCosts(table: ProfileFrameTable) {
  const n = table.functionCount;
  const frameFn = table.frameFunction;
  const flat = new Float64Array(n);
  const cum = new Float64Array(n);
  const stamp = new Int32Array(n).fill(-1);
  const hasCost = new Uint8Array(frameFn.length);
  const { count, value, start, frames } = table.stacks;
  // Sized for what most profiles need (a few callers per function, never more than the stacks' adjacent pairs),
  // so a large profile does not regrow its way up; more still grows.
  const expected = Math.max(16, Math.min(frames.length - count, 2 * n));
  // A callee's first caller and edge sit beside it; (caller, callee) pairs beyond that go to a hash index made
  // when first needed. Most lookups end in the arrays, read near where the stacks are, not in a large hash table.
  const firstCaller = new Int32Array(n).fill(-1);
  const firstEdge = new Int32Array(n);
  let edges: PairIndex | undefined;
  const edgeCaller = new GrowableInt32(expected);
  const edgeCallee = new GrowableInt32(expected);
  const edgeValue = new GrowableFloat64(expected);
  const edgeStamp = new GrowableInt32(expected);
  /** The edge caller → callee, added on first sight (edges are numbered in the order they are first met). */
  const edgeOf = (caller: number, callee: number): number => {
    if (firstCaller[callee] === caller) return firstEdge[callee];
    const next = edgeValue.length;
    if (firstCaller[callee] < 0) {
      firstCaller[callee] = caller;
      firstEdge[callee] = next;
    } else {
      const known = (edges ??= new PairIndex(Math.max(1 << 12, expected >> 2))).getOrAdd(caller, callee, next);
      if (known >= 0) return known;
    }
    edgeCaller.push(caller);
    edgeCallee.push(callee);
    edgeValue.push(0);
    edgeStamp.push(-1);
    return next;
  };

  for (let s = 0; s < count; s++) {
    const v = value[s];
    const from = start[s];
    const to = start[s + 1];
    if (v === 0 || to === from) continue;
    flat[frameFn[frames[from]]] += v;
    for (let i = from; i < to; i++) {
      hasCost[frames[i]] = 1;
      const fn = frameFn[frames[i]];
      if (stamp[fn] !== s) { stamp[fn] = s; cum[fn] += v; }
      if (i + 1 < to) {
        const caller = frameFn[frames[i + 1]];
        if (caller === fn) continue; // inlined frames of one function, or direct recursion
        const e = edgeOf(caller, fn);
        if (edgeStamp.data[e] !== s) {
          edgeStamp.data[e] = s;
          edgeValue.data[e] += v;
        }
      }
    }
  }
  return { flat, cum, hasCost, edgeCaller: edgeCaller.trim(), edgeCallee: edgeCallee.trim(), edgeValue: edgeValue.trim() };
}

/** Edges grouped by one end (CSR): the edges of function fn are edges[start[fn] .. start[fn + 1]), in edge order. */
interface EdgeLists {
  start: Int32Array;
  edges: Int32Array;
}

function edgeLists(n: number, end: Int32Array): EdgeLists {
  const count = end.length;
  const start = new Int32Array(n + 1);
  for (let e = 0; e < count; e++) start[end[e] + 1]++;
  for (let fn = 0; fn < n; fn++) start[fn + 1] += start[fn];
  const fill = start.slice(0, n);
  const edges = new Int32Array(count);
  for (let e = 0; e < count; e++) edges[fill[end[e]]++] = e;
  return { start, edges };
}

/** Sorts list[from..to) in place, stably for a comparator that breaks ties itself (no view object for short ranges). */
function sortRange(list: Int32Array, from: number, to: number, order: (a: number, b: number) => number): void {
  if (to - from > 16) {
    list.subarray(from, to).sort(order);
    return;
  }
  for (let i = from + 1; i < to; i++) {
    const item = list[i];
    let j = i - 1;
    while (j >= from && order(list[j], item) > 0) {
      list[j + 1] = list[j];
      j--;
    }
    list[j + 1] = item;
  }
}
