// releaseDiff: both sides' models (cached, as the session's; with skipUnreadable a file that does not decode is
// reported and the diff is made without it), compared and mapped onto the workspace; the diff flame graph's buffer
// is transferred, with the table of where its functions open.
import { decodeDiffFlame } from '../../core/diff/diffFlamePayload';
import type { DiffFrameSource } from '../../core/diff/releaseDiffView';
import { buildReleaseDiffView } from '../../core/workspace/buildReleaseDiffView';
import { replyWith } from '../../rpc/endpoint';
import type { WorkerHandler } from './handler';

export const releaseDiff: WorkerHandler<'releaseDiff'> = async (request, job, state) => {
  const options = { typeName: request.typeName, unreadable: request.skipUnreadable ? state.reportBadFile : undefined };
  job.progress('reading the base profiles');
  const base = await state.models.load(request.base.sources, request.limits, job.step, options);
  job.progress('reading the head profiles');
  const head = await state.models.load(request.head.sources, request.limits, job.step, options);
  await job.step();
  const view = await buildReleaseDiffView(request, job.progress, { base: base.model, head: head.model });
  return replyWith({ ...view, frameSources: frameSources(view.flame) }, [view.flame]);
};

/** The flame graph's function → workspace source table (the page only sends an index; the host never decodes `flame`). */
function frameSources(flame: ArrayBuffer): (DiffFrameSource | null)[] {
  const data = decodeDiffFlame(flame);
  return Array.from(data.locationPath, (p, f) => (p >= 0 ? { path: data.paths[p], line: data.locationLine[f] } : null));
}
