// callEdges: the top callers and callees of every function row of an analysis (hovers, the agents' function
// detail), asked right after analyze answered, so the heat is drawn before they are counted. Rows as analyze numbered
// them: the same selection of the same cached model gives the same order.
import { rowEdges, workspaceFunctions } from '../../core/aggregate/workspaceFunctions';
import { selectionOf, workspaceOptionsOf } from '../../core/workspace/buildWorkspaceProfile';
import { replyWith } from '../../rpc/endpoint';
import { analysisKey } from './flameSelection';
import type { WorkerHandler } from './handler';

export const callEdges: WorkerHandler<'callEdges'> = async (request, job, state) => {
  const entry = await state.models.load(request.sources, request.limits, job.step, { typeName: request.typeName, unreadable: request.skipUnreadable ? state.reportBadFile : undefined });
  await job.step();
  // The selection analyze made: "my code only" reads the mapping's kind of code per frame (cached beside the model).
  const { options } = workspaceOptionsOf(request, entry.model);
  const mapping = options.roots.length === 0 ? undefined : await state.models.mapping(entry, options);
  await job.step();
  const selection = selectionOf(entry.model, request, { frameClass: mapping?.frames.classCode });
  const rowOf = entry.analysed.get(analysisKey(selection.sampleType.type, request))?.rowOf ?? workspaceFunctions(selection, undefined, undefined, undefined, false).rowOf;
  await job.step();
  const { callers, callees } = rowEdges(selection, rowOf);
  return replyWith({ callers, callees }, [callers, callees].flatMap((c) => [c.start.buffer, c.fn.buffer, c.value.buffer]) as ArrayBuffer[]);
};
