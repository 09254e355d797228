// The analysis packed for the trip to the extension host: the call edges of every function move into three typed
// columns (transferred, not cloned), the function rows keep only their own fields.
import { replyWith, type Reply } from '../rpc/endpoint';
import type { CallEdgeColumns, PackedWorkspaceProfile } from '../shared/workerProtocol';
import type { CallEdge, WorkspaceProfile } from '../shared/workspaceProfile';

export function packWorkspaceProfile(profile: WorkspaceProfile): Reply<PackedWorkspaceProfile> {
  const columns = (edgesOf: (i: number) => readonly CallEdge[]): CallEdgeColumns => {
    const n = profile.functions.length;
    const start = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) start[i + 1] = start[i] + edgesOf(i).length;
    const fn = new Int32Array(start[n]);
    const value = new Float64Array(start[n]);
    for (let i = 0; i < n; i++) {
      edgesOf(i).forEach((e, k) => { fn[start[i] + k] = e.fn; value[start[i] + k] = e.value; });
    }
    return { start, fn, value };
  };
  const callers = columns((i) => profile.functions[i].callers);
  const callees = columns((i) => profile.functions[i].callees);
  const functions = profile.functions.map(({ name, profileFile, path, class: cls, firstLine, flat, cum, spanNames }) =>
    (spanNames ? { name, profileFile, path, class: cls, firstLine, flat, cum, spanNames } : { name, profileFile, path, class: cls, firstLine, flat, cum }));
  const buffers = [callers, callees].flatMap((c) => [c.start.buffer, c.fn.buffer, c.value.buffer] as ArrayBuffer[]);
  return replyWith({ ...profile, functions, callers, callees }, buffers);
}
