// The worker's packed analysis (src/worker/packProfile.ts) as the editor reads it: a function row per function made
// from the columns, each function's callers, callees and span names read from the detail columns when first asked for
// (a hover), not made up front for every function — from a holder the caller may fill later (the analysis comes
// without them, its functionDetails request brings them).
import { FRAME_CLASSES } from '../core/symbolicate/types';
import type { CallEdgeColumns, FunctionColumns, FunctionDetails, PackedWorkspaceProfile, SpanNameColumns } from '../shared/workerProtocol';
import type { CallEdge, FunctionCost, WorkspaceProfile } from '../shared/workspaceProfile';

/** The detail columns a profile's functions read, replaceable once they arrive. */
export interface FunctionDetailsHolder {
  callers: CallEdgeColumns;
  callees: CallEdgeColumns;
  spanNames?: SpanNameColumns;
}

/** Function rows unpacked in one task of the extension host's main thread (~10 ms on a loaded 2-core machine). */
export const UNPACK_ROWS_PER_TASK = 4096;

/**
 * @param details the holder the functions read their details from (set here to the packed edges)
 * @param nextTask resolves in a new task of the thread: between two slices of rows, so a profile of 10^5 functions
 *   never holds the extension host's main thread for long (default: the rows in one go)
 */
export async function unpackWorkspaceProfile(
  packed: PackedWorkspaceProfile, details: FunctionDetailsHolder = { callers: packed.callers, callees: packed.callees }, nextTask?: () => Promise<void>,
): Promise<WorkspaceProfile> {
  const { callers, callees, functions: columns, ...profile } = packed;
  details.callers = callers;
  details.callees = callees;
  const string = strings(columns);
  const functions: FunctionCost[] = new Array(columns.count);
  for (let from = 0; from < columns.count; from += UNPACK_ROWS_PER_TASK) {
    if (from > 0 && nextTask) await nextTask();
    const to = Math.min(columns.count, from + UNPACK_ROWS_PER_TASK);
    for (let i = from; i < to; i++) {
      functions[i] = new DetailedFunction({
        name: string(columns.name[i]),
        profileFile: string(columns.profileFile[i]),
        path: columns.path[i] < 0 ? undefined : string(columns.path[i]),
        class: FRAME_CLASSES[columns.classCode[i]],
        firstLine: columns.firstLine[i],
        flat: columns.flat[i],
        cum: columns.cum[i],
      }, i, details);
    }
  }
  return { ...profile, functions };
}

/** Fills the holder with the details that came. */
export function holdDetails(holder: FunctionDetailsHolder, details: FunctionDetails): void {
  holder.callers = details.callers;
  holder.callees = details.callees;
  holder.spanNames = details.spanNames;
}

/** String id → the string, each cut from the text once. */
function strings(c: FunctionColumns): (id: number) => string {
  const cut: (string | undefined)[] = new Array(c.stringStart.length - 1);
  return (id) => (cut[id] ??= c.text.slice(c.stringStart[id], c.stringStart[id + 1]));
}

type FunctionRow = Omit<FunctionCost, 'callers' | 'callees' | 'spanNames'>;

/** One shape for every function (a class, not per-object getters: 10^5 functions unpack in milliseconds). */
class DetailedFunction implements FunctionCost {
  // Each field set by name (not Object.assign): one hidden class, no per-object property lookups while unpacking.
  readonly name: string;
  readonly profileFile: string;
  readonly path?: string;
  readonly class: FunctionRow['class'];
  readonly firstLine: number;
  readonly flat: number;
  readonly cum: number;

  constructor(row: FunctionRow, private readonly index: number, private readonly details: FunctionDetailsHolder) {
    this.name = row.name;
    this.profileFile = row.profileFile;
    this.path = row.path;
    this.class = row.class;
    this.firstLine = row.firstLine;
    this.flat = row.flat;
    this.cum = row.cum;
  }

  get callers(): CallEdge[] {
    return edgeList(this.details.callers, this.index);
  }

  get callees(): CallEdge[] {
    return edgeList(this.details.callees, this.index);
  }

  get spanNames(): FunctionCost['spanNames'] {
    const c = this.details.spanNames;
    if (!c || c.start[this.index] === c.start[this.index + 1]) return undefined;
    const list = [];
    for (let k = c.start[this.index]; k < c.start[this.index + 1]; k++) {
      list.push(c.key === undefined ? { name: c.names[c.name[k]], value: c.value[k] } : { name: c.names[c.name[k]], value: c.value[k], key: c.key });
    }
    return list;
  }
}

function edgeList(c: CallEdgeColumns, i: number): CallEdge[] {
  const list: CallEdge[] = [];
  for (let k = c.start[i]; k < c.start[i + 1]; k++) list.push({ fn: c.fn[k], value: c.value[k] });
  return list;
}
