// flameGraph: the call tree of already analysed files (decoded files are cached), trimmed and annotated; both
// buffers are transferred.
import { mergeProfiles } from '../../core/aggregate/merge';
import { replyWith } from '../../rpc/endpoint';
import { buildFlameGraphBuffers } from '../flameGraphData';
import type { WorkerHandler } from './handler';

export const flameGraph: WorkerHandler<'flameGraph'> = async (request, job, state) => {
  const { sources, limits, typeName, facts } = request;
  const { profiles } = await state.decoded.load(sources, limits, job.step, request.skipUnreadable ? state.reportBadFile : undefined, typeName);
  let set = state.merged.get(profiles);
  if (!set) {
    await job.step();
    state.merged.set(profiles, (set = mergeProfiles(profiles)));
  }
  await job.step();
  const buffers = buildFlameGraphBuffers(profiles, typeName, facts, set);
  return replyWith(buffers, [buffers.tree, buffers.annotations]);
};
