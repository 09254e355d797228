// releaseDiff: both sides' models (cached, as the session's), compared and mapped onto the workspace; the diff
// flame graph's buffer is transferred.
import { buildReleaseDiffView } from '../../core/workspace/buildReleaseDiffView';
import { replyWith } from '../../rpc/endpoint';
import type { WorkerHandler } from './handler';

export const releaseDiff: WorkerHandler<'releaseDiff'> = async (request, job, state) => {
  job.progress('reading the base profiles');
  const base = await state.models.load(request.base.sources, request.limits, job.step);
  job.progress('reading the head profiles');
  const head = await state.models.load(request.head.sources, request.limits, job.step);
  await job.step();
  const view = await buildReleaseDiffView(request, job.progress, { base: base.model, head: head.model });
  return replyWith(view, [view.flame]);
};
