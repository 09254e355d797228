// analyze: the profile as the editor shows it. Files are decoded one step at a time (each cached), then mapped
// onto the workspace.
import { buildWorkspaceProfile } from '../../core/workspace/buildWorkspaceProfile';
import type { WorkerHandler } from './handler';

export const analyze: WorkerHandler<'analyze'> = async (request, job, state) => {
  job.progress(`decoding ${request.sources.length} profile(s)`);
  await state.decoded.load(request.sources, request.limits, job.step);
  await job.step();
  return buildWorkspaceProfile(request, state.decoded, job.progress);
};
