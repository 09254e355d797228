// releaseDiff: both sides decoded, compared and mapped onto the workspace; the diff flame graph's buffer is
// transferred.
import { buildReleaseDiffView } from '../../core/workspace/buildReleaseDiffView';
import { replyWith } from '../../rpc/endpoint';
import type { WorkerHandler } from './handler';

export const releaseDiff: WorkerHandler<'releaseDiff'> = async (request, job) => {
  await job.step();
  const view = await buildReleaseDiffView(request, job.progress);
  return replyWith(view, [view.flame]);
};
