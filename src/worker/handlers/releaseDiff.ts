// releaseDiff: both sides decoded, compared and mapped onto the workspace; the diff flame graph's buffer is
// transferred, with the table of where its functions open. With skipUnreadable, a file that does not decode is reported and the diff is made without it.
import { ProfileError } from '../../core/profile/errors';
import { buildReleaseDiffView } from '../../core/workspace/buildReleaseDiffView';
import { replyWith } from '../../rpc/endpoint';
import { decodeDiffFlame } from '../../shared/diffFlamePayload';
import type { DiffFrameSource } from '../../shared/releaseDiffView';
import type { WorkerHandler } from './handler';

export const releaseDiff: WorkerHandler<'releaseDiff'> = async (request, job, state) => {
  let { base, head } = request;
  for (;;) {
    await job.step();
    try {
      const view = await buildReleaseDiffView({ ...request, base, head }, job.progress);
      return replyWith({ ...view, frameSources: frameSources(view.flame) }, [view.flame]);
    } catch (e) {
      // Bad files are rare: the diff is tried again without the one that failed.
      const bad = e instanceof ProfileError && request.skipUnreadable ? e.source : undefined;
      const without = (side: typeof base) => ({ ...side, sources: side.sources.filter((s) => s !== bad) });
      if (bad === undefined || (!base.sources.includes(bad) && !head.sources.includes(bad))) throw e;
      state.reportBadFile(bad, (e as ProfileError).message);
      [base, head] = [without(base), without(head)];
    }
  }
};

/** The flame graph's function → workspace source table (the page only sends an index). */
function frameSources(flame: ArrayBuffer): (DiffFrameSource | null)[] {
  const data = decodeDiffFlame(flame);
  return Array.from(data.locationPath, (p, f) => (p >= 0 ? { path: data.paths[p], line: data.locationLine[f] } : null));
}
