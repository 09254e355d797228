// callEdges: the top callers and callees of every function row of an analysis (hovers, the agents' function
// detail), asked right after analyze answered, so the heat is drawn before they are counted. Rows as analyze numbered
// them: the same selection of the same cached model gives the same order. Background work whatever the sender asks
// (handlers/index.ts): counted in chunks of stacks, giving way between two to a user's request and stopping there when
// cancelled; kept beside the model, so a reload of the same selection does not count them again.
import { callEdgesByChunk } from '../../core/aggregate/functionTable';
import { rowEdges, workspaceFunctions } from '../../core/aggregate/workspaceFunctions';
import { selectionOf, workspaceOptionsOf } from '../../core/workspace/buildWorkspaceProfile';
import { replyWith } from '../../rpc/endpoint';
import { mappingKey, type CountedEdges } from '../modelCache';
import { analysisKey } from './flameSelection';
import type { WorkerHandler } from './handler';

/** Stacks counted between two steps: tens of milliseconds of work on deep stacks, a few chunks for a big profile. */
export const EDGE_CHUNK_STACKS = 50_000;

export const callEdges: WorkerHandler<'callEdges'> = async (request, job, state) => {
  const entry = await state.models.load(request.sources, request.limits, job.step, { typeName: request.typeName, unreadable: request.skipUnreadable ? state.reportBadFile : undefined });
  await job.step();
  // The selection analyze made: "my code only" reads the mapping's kind of code per frame (cached beside the model).
  const { options } = workspaceOptionsOf(request, entry.model);
  const mapping = options.roots.length === 0 ? undefined : await state.models.mapping(entry, options);
  await job.step();
  const selection = selectionOf(entry.model, request, { frameClass: mapping?.frames.classCode });
  const type = selection.sampleType.type;
  const rowOf = entry.analysed.get(analysisKey(type, request))?.rowOf ?? workspaceFunctions(selection, undefined, undefined, undefined, false).rowOf;
  const key = `${analysisKey(type, request)}\u0000${mapping ? mappingKey(options) : ''}`;
  let counted = state.models.countedEdges(entry, key, rowOf);
  if (!counted) {
    await job.step();
    const stacks = selection.stacks.count;
    const counting = callEdgesByChunk(selection, EDGE_CHUNK_STACKS);
    job.progress(`counting call edges: 0 of ${stacks} stacks`);
    let next = counting.next();
    while (!next.done) {
      job.progress(`counting call edges: ${next.value} of ${stacks} stacks`);
      await job.step();
      next = counting.next();
    }
    counted = { rowOf, ...rowEdges(selection, rowOf, next.value) };
    state.models.keepEdges(entry, key, counted);
  }
  // The kept columns stay here: copies move to the host.
  const { callers, callees } = copyEdges(counted);
  return replyWith({ callers, callees }, [callers, callees].flatMap((c) => [c.start.buffer, c.fn.buffer, c.value.buffer]) as ArrayBuffer[]);
};

function copyEdges({ callers, callees }: CountedEdges): Pick<CountedEdges, 'callers' | 'callees'> {
  const copy = (c: CountedEdges['callers']) => ({ start: c.start.slice(), fn: c.fn.slice(), value: c.value.slice() });
  return { callers: copy(callers), callees: copy(callees) };
}
