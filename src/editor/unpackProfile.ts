// The worker's packed analysis (src/worker/packProfile.ts) as the editor reads it: a function row per function made
// from the columns, each function's callers and callees read from the edge columns when first asked for (a hover),
// not made up front for every function — from a holder the caller may fill later (the analysis comes without edges,
// its callEdges request brings them).
import { FRAME_CLASSES } from '../core/symbolicate/types';
import type { CallEdgeColumns, FunctionColumns, PackedWorkspaceProfile } from '../shared/workerProtocol';
import type { CallEdge, FunctionCost, WorkspaceProfile } from '../shared/workspaceProfile';

/** The edge columns a profile's functions read, replaceable once they arrive. */
export interface CallEdgeHolder {
  callers: CallEdgeColumns;
  callees: CallEdgeColumns;
}

/** @param edges the holder the functions read their edges from (set here to the packed ones) */
export function unpackWorkspaceProfile(packed: PackedWorkspaceProfile, edges: CallEdgeHolder = { callers: packed.callers, callees: packed.callees }): WorkspaceProfile {
  const { callers, callees, functions: columns, ...profile } = packed;
  edges.callers = callers;
  edges.callees = callees;
  const string = strings(columns);
  const functions: FunctionCost[] = new Array(columns.count);
  for (let i = 0; i < columns.count; i++) {
    functions[i] = new EdgedFunction({
      name: string(columns.name[i]),
      profileFile: string(columns.profileFile[i]),
      path: columns.path[i] < 0 ? undefined : string(columns.path[i]),
      class: FRAME_CLASSES[columns.classCode[i]],
      firstLine: columns.firstLine[i],
      flat: columns.flat[i],
      cum: columns.cum[i],
    }, i, edges);
  }
  for (const [i, spanNames] of columns.spanNames) Object.assign(functions[i], { spanNames });
  return { ...profile, functions };
}

/** String id → the string, each cut from the text once. */
function strings(c: FunctionColumns): (id: number) => string {
  const cut: (string | undefined)[] = new Array(c.stringStart.length - 1);
  return (id) => (cut[id] ??= c.text.slice(c.stringStart[id], c.stringStart[id + 1]));
}

type FunctionRow = Omit<FunctionCost, 'callers' | 'callees'>;

// The row's own fields, declared once (by FunctionCost) and copied in by the constructor.
interface EdgedFunction extends FunctionRow {}

/** One shape for every function (a class, not per-object getters: 10^5 functions unpack in milliseconds). */
class EdgedFunction implements FunctionCost {
  constructor(row: FunctionRow, private readonly index: number, private readonly edges: CallEdgeHolder) {
    Object.assign(this, row);
  }

  get callers(): CallEdge[] {
    return edgeList(this.edges.callers, this.index);
  }

  get callees(): CallEdge[] {
    return edgeList(this.edges.callees, this.index);
  }
}

function edgeList(c: CallEdgeColumns, i: number): CallEdge[] {
  const list: CallEdge[] = [];
  for (let k = c.start[i]; k < c.start[i + 1]; k++) list.push({ fn: c.fn[k], value: c.value[k] });
  return list;
}
