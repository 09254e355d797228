// analyze: the profile as the editor shows it. Files are decoded one step at a time (each cached; a store's files
// that do not decode are left out and reported), then mapped onto the workspace; packed for the trip back.
import { buildWorkspaceProfile } from '../../core/workspace/buildWorkspaceProfile';
import { packWorkspaceProfile } from '../packProfile';
import type { WorkerHandler } from './handler';

export const analyze: WorkerHandler<'analyze'> = async (request, job, state) => {
  job.progress(`decoding ${request.sources.length} profile(s)`);
  const { sources } = await state.decoded.load(request.sources, request.limits, job.step, request.skipUnreadable ? state.reportBadFile : undefined);
  await job.step();
  return packWorkspaceProfile(await buildWorkspaceProfile({ ...request, sources }, state.decoded, job.progress));
};
