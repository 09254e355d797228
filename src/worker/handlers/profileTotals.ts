// profileTotals: each file's total of one sample type, for the timeline strip — read from the models the worker
// holds where they hold the file, else decoded: background work that gives way between two files it has to decode.
// Files that do not decode are reported once and count as zero.
import type { ProfileTotal } from '../../shared/flamegraphProtocol';
import { hasProfileTotal, profileTotal, totalsFromModels } from '../profileTotals';
import type { WorkerHandler } from './handler';

export const profileTotals: WorkerHandler<'profileTotals'> = async (request, job, state) => {
  const totals: ProfileTotal[] = [];
  const fromModels = totalsFromModels(state.models.held(), request.files, request.typeName, request.limits);
  for (const file of request.files) {
    const known = fromModels.get(file);
    if (known) {
      totals.push(known);
      continue;
    }
    if (!hasProfileTotal(file, request.limits)) await job.step();
    const t = profileTotal(file, request.typeName, request.limits);
    if (t.error) state.reportBadFile(file, t.error);
    totals.push(t);
  }
  return totals;
};
