// The worker's packed analysis (src/worker/packProfile.ts) as the editor reads it: each function's callers and
// callees are read from the edge columns when first asked for (a hover), not made up front for every function.
import type { CallEdgeColumns, PackedWorkspaceProfile } from '../shared/workerProtocol';
import type { CallEdge, FunctionCost, WorkspaceProfile } from '../shared/workspaceProfile';

export function unpackWorkspaceProfile(packed: PackedWorkspaceProfile): WorkspaceProfile {
  const { callers, callees, ...profile } = packed;
  const edges = { callers, callees };
  return { ...profile, functions: packed.functions.map((f, i) => new EdgedFunction(f, i, edges)) };
}

type FunctionRow = Omit<FunctionCost, 'callers' | 'callees'>;

// The row's own fields, declared once (by FunctionCost) and copied in by the constructor.
interface EdgedFunction extends FunctionRow {}

/** One shape for every function (a class, not per-object getters: 10^5 functions unpack in milliseconds). */
class EdgedFunction implements FunctionCost {
  constructor(row: FunctionRow, private readonly index: number, private readonly edges: { readonly callers: CallEdgeColumns; readonly callees: CallEdgeColumns }) {
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
