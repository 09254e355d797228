// Flat and cum per function after symbolication, and who calls whom: what the editor's hovers, code lenses and
// Hotspots view show. A function is (name, profile file), as pprof's -filefunctions. Cum counts a function once
// per sample however often it recurs; an edge counts once per sample too, so shares never exceed 100%.
import type { ProfileFrameTable } from '../symbolicate/profile-frames';
import type { FrameClass, WorkspaceFile } from '../symbolicate/types';

export interface FunctionEdge {
  /** Index into the functions array. */
  readonly fn: number;
  readonly value: number;
}

export interface FunctionRow {
  readonly name: string;
  readonly profileFile: string;
  readonly class: FrameClass;
  readonly file?: WorkspaceFile;
  /** Lowest current line (1-based) with cost in `file`; 0 when unknown. */
  readonly firstLine: number;
  readonly flat: number;
  readonly cum: number;
  readonly callers: FunctionEdge[];
  readonly callees: FunctionEdge[];
}

export interface FrameFacts {
  readonly class: FrameClass;
  readonly file?: WorkspaceFile;
  /** Current line (1-based) or 0. */
  readonly line: number;
}

const MAX_EDGES = 8;

/** @param facts symbolication of frame `f` of the table */
export function functionCosts(table: ProfileFrameTable, facts: (frame: number) => FrameFacts): FunctionRow[] {
  // Frames → function ids.
  const ids = new Map<string, number>();
  const frameFn = new Int32Array(table.frames.length);
  const meta: { name: string; profileFile: string; class: FrameClass; file?: WorkspaceFile; firstLine: number }[] = [];
  table.frames.forEach((frame, f) => {
    const key = `${frame.functionName}\u0000${frame.file}`;
    let id = ids.get(key);
    const fact = facts(f);
    if (id === undefined) {
      ids.set(key, (id = meta.length));
      meta.push({ name: frame.functionName, profileFile: frame.file, class: fact.class, file: fact.file, firstLine: 0 });
    }
    frameFn[f] = id;
  });
  const n = meta.length;
  const flat = new Float64Array(n);
  const cum = new Float64Array(n);
  const stamp = new Int32Array(n).fill(-1);
  const edges = new Map<number, number>(); // caller * n + callee → value
  const edgeStamp = new Map<number, number>();
  const hasCost = new Uint8Array(table.frames.length);

  table.samples.forEach((sample, s) => {
    const v = sample.value;
    if (v === 0 || sample.frames.length === 0) return;
    const frames = sample.frames;
    flat[frameFn[frames[0]]] += v;
    for (let i = 0; i < frames.length; i++) {
      hasCost[frames[i]] = 1;
      const fn = frameFn[frames[i]];
      if (stamp[fn] !== s) { stamp[fn] = s; cum[fn] += v; }
      if (i + 1 < frames.length) {
        const caller = frameFn[frames[i + 1]];
        if (caller === fn) continue; // inlined frames of one function, or direct recursion
        const key = caller * n + fn;
        if (edgeStamp.get(key) !== s) {
          edgeStamp.set(key, s);
          edges.set(key, (edges.get(key) ?? 0) + v);
        }
      }
    }
  });

  // First costly line per function, in the mapped file.
  table.frames.forEach((_frame, f) => {
    if (!hasCost[f]) return;
    const fact = facts(f);
    const m = meta[frameFn[f]];
    if (fact.line > 0 && fact.file && m.file && fact.file.path === m.file.path && (m.firstLine === 0 || fact.line < m.firstLine)) m.firstLine = fact.line;
  });

  const callers: FunctionEdge[][] = Array.from({ length: n }, () => []);
  const callees: FunctionEdge[][] = Array.from({ length: n }, () => []);
  for (const [key, value] of edges) {
    const caller = Math.floor(key / n);
    const callee = key % n;
    callees[caller].push({ fn: callee, value });
    callers[callee].push({ fn: caller, value });
  }
  const top = (list: FunctionEdge[]) => list.sort((a, b) => b.value - a.value).slice(0, MAX_EDGES);

  // Order by cum and renumber the edges accordingly.
  const order = [...Array(n).keys()].filter((i) => flat[i] !== 0 || cum[i] !== 0)
    .sort((a, b) => cum[b] - cum[a] || flat[b] - flat[a] || (meta[a].name < meta[b].name ? -1 : 1));
  const newIndex = new Int32Array(n).fill(-1);
  order.forEach((old, i) => { newIndex[old] = i; });
  const renumber = (list: FunctionEdge[]) => top(list).map((e) => ({ fn: newIndex[e.fn], value: e.value })).filter((e) => e.fn >= 0);
  return order.map((i) => ({ ...meta[i], flat: flat[i], cum: cum[i], callers: renumber(callers[i]), callees: renumber(callees[i]) }));
}
