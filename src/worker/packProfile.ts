// The analysis packed for the trip to the extension host: the function rows and the call edges of every function
// move as typed columns (one copy of each over the worker's IPC channel, no object per row), so receiving them costs
// the host's event loop little.
import { FRAME_CLASSES } from '../core/symbolicate/types';
import { replyWith, type Reply } from '../rpc/endpoint';
import type { CallEdgeColumns, FunctionColumns, PackedWorkspaceProfile } from '../shared/workerProtocol';
import type { CallEdge, FunctionCost, WorkspaceProfile } from '../shared/workspaceProfile';

export function packWorkspaceProfile(profile: WorkspaceProfile): PackedWorkspaceProfile {
  const callers = edgeColumns(profile.functions, (f) => f.callers);
  const callees = edgeColumns(profile.functions, (f) => f.callees);
  const functions = functionColumns(profile.functions);
  return { ...profile, functions, callers, callees };
}

/** A packed profile as an answer: its columns are transferred (moved, not copied). */
export function packedReply(packed: PackedWorkspaceProfile): Reply<PackedWorkspaceProfile> {
  const { callers, callees, functions } = packed;
  const buffers = [
    ...[callers, callees].flatMap((c) => [c.start.buffer, c.fn.buffer, c.value.buffer]),
    ...[functions.stringStart, functions.name, functions.profileFile, functions.path, functions.classCode, functions.firstLine, functions.flat, functions.cum].map((c) => c.buffer),
  ] as ArrayBuffer[];
  return replyWith(packed, buffers);
}

/** packedReply of a copy of the columns, each in a buffer of its own (the original, or the bytes it views, stay whole). */
export function transferCopy(packed: PackedWorkspaceProfile): Reply<PackedWorkspaceProfile> {
  const copyEdges = (c: CallEdgeColumns): CallEdgeColumns => ({ start: c.start.slice(), fn: c.fn.slice(), value: c.value.slice() });
  const f = packed.functions;
  const functions: FunctionColumns = {
    ...f, stringStart: f.stringStart.slice(), name: f.name.slice(), profileFile: f.profileFile.slice(), path: f.path.slice(),
    classCode: f.classCode.slice(), firstLine: f.firstLine.slice(), flat: f.flat.slice(), cum: f.cum.slice(),
  };
  return packedReply({ ...packed, functions, callers: copyEdges(packed.callers), callees: copyEdges(packed.callees) });
}

function edgeColumns(functions: readonly FunctionCost[], edgesOf: (f: FunctionCost) => readonly CallEdge[]): CallEdgeColumns {
  const n = functions.length;
  const start = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) start[i + 1] = start[i] + edgesOf(functions[i]).length;
  const fn = new Int32Array(start[n]);
  const value = new Float64Array(start[n]);
  for (let i = 0; i < n; i++) {
    edgesOf(functions[i]).forEach((e, k) => { fn[start[i] + k] = e.fn; value[start[i] + k] = e.value; });
  }
  return { start, fn, value };
}

function functionColumns(functions: readonly FunctionCost[]): FunctionColumns {
  const n = functions.length;
  const strings: string[] = [];
  const ids = new Map<string, number>();
  const id = (s: string | undefined) => {
    if (s === undefined) return -1;
    let k = ids.get(s);
    if (k === undefined) ids.set(s, (k = strings.push(s) - 1));
    return k;
  };
  const columns = {
    count: n, name: new Int32Array(n), profileFile: new Int32Array(n), path: new Int32Array(n), classCode: new Uint8Array(n),
    firstLine: new Float64Array(n), flat: new Float64Array(n), cum: new Float64Array(n),
  };
  functions.forEach((f, i) => {
    columns.name[i] = id(f.name);
    columns.profileFile[i] = id(f.profileFile);
    columns.path[i] = id(f.path);
    columns.classCode[i] = FRAME_CLASSES.indexOf(f.class);
    columns.firstLine[i] = f.firstLine;
    columns.flat[i] = f.flat;
    columns.cum[i] = f.cum;
  });
  const stringStart = new Int32Array(strings.length + 1);
  strings.forEach((s, k) => { stringStart[k + 1] = stringStart[k] + s.length; });
  return { ...columns, text: strings.join(''), stringStart };
}
