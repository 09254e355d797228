// diffCommits: the commits behind a shown release diff's regressions (core/diff/commitsOfView.ts), asked after the
// diff itself so that its rows and gutter are not held up by git; both sides' models come from the worker's cache
// (the diff just read them).
import { viewCommits } from '../../core/diff/commitsOfView';
import type { WorkerHandler } from './handler';

export const diffCommits: WorkerHandler<'diffCommits'> = async (request, job, state) => {
  const options = { typeName: request.typeName, unreadable: request.skipUnreadable ? state.reportBadFile : undefined };
  const base = await state.models.load(request.base, request.limits, job.step, options);
  const head = await state.models.load(request.head, request.limits, job.step, options);
  await job.step();
  job.progress('looking up the commits behind the regressions');
  return viewCommits({ roots: request.roots, regressed: request.regressed, base: base.model, head: head.model, type: request.typeName, gitEnabled: request.allowGit });
};
