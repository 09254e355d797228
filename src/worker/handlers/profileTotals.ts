// profileTotals: each file's total of one sample type, for the timeline strip — background work that gives way
// between two files it has to decode. Files that do not decode are reported once and count as zero.
import type { ProfileTotal } from '../../shared/flamegraphProtocol';
import { hasProfileTotal, profileTotal } from '../profileTotals';
import type { WorkerHandler } from './handler';

export const profileTotals: WorkerHandler<'profileTotals'> = async (request, job, state) => {
  const totals: ProfileTotal[] = [];
  for (const file of request.files) {
    if (!hasProfileTotal(file, request.limits)) await job.step();
    const t = profileTotal(file, request.typeName, request.limits);
    if (t.error) state.reportBadFile(file, t.error);
    totals.push(t);
  }
  return totals;
};
