// The worker's packed analysis (src/worker/packProfile.ts) as the editor reads it: each function's callers and
// callees are read from the edge columns when first asked for (a hover), not made up front for every function.
import type { CallEdgeColumns, PackedWorkspaceProfile } from '../shared/workerProtocol';
import type { FrameClass } from '../core/symbolicate/types';
import type { CallEdge, FunctionCost, WorkspaceProfile } from '../shared/workspaceProfile';

export function unpackWorkspaceProfile(packed: PackedWorkspaceProfile): WorkspaceProfile {
  const { callers, callees, ...profile } = packed;
  const edges = { callers, callees };
  return { ...profile, functions: packed.functions.map((f, i) => new EdgedFunction(f, i, edges)) };
}

/** One shape for every function (a class, not per-object getters: 10^5 functions unpack in milliseconds). */
class EdgedFunction implements FunctionCost {
  readonly name: string;
  readonly profileFile: string;
  readonly path?: string;
  readonly class: FrameClass;
  readonly firstLine: number;
  readonly flat: number;
  readonly cum: number;

  constructor(f: Omit<FunctionCost, 'callers' | 'callees'>, private readonly index: number, private readonly edges: { readonly callers: CallEdgeColumns; readonly callees: CallEdgeColumns }) {
    this.name = f.name;
    this.profileFile = f.profileFile;
    this.path = f.path;
    this.class = f.class;
    this.firstLine = f.firstLine;
    this.flat = f.flat;
    this.cum = f.cum;
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
