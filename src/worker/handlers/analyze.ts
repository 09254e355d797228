// analyze: the profile as the editor shows it. Files are decoded one step at a time (each cached; a store's files
// that do not decode are left out and reported), then mapped onto the workspace.
import { buildWorkspaceProfile } from '../../core/workspace/buildWorkspaceProfile';
import type { WorkerHandler } from './handler';

export const analyze: WorkerHandler<'analyze'> = async (request, job, state) => {
  job.progress(`decoding ${request.sources.length} profile(s)`);
  const { sources } = await state.decoded.load(request.sources, request.limits, job.step, request.skipUnreadable ? state.reportBadFile : undefined);
  await job.step();
  return buildWorkspaceProfile({ ...request, sources }, state.decoded, job.progress);
};
