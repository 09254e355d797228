// describeFiles: what profile files hold — sample types, period type, time, service and version labels — for the
// store's listing of files its layout does not describe (dropped in by hand) and of the sample types a type folder's
// files carry. Decoded here, never on the extension host (which keeps what it learns per file version); a file that
// does not decode is described by why.
import { describeFile, type FileDescription } from '../../core/readers/metadata';
import type { WorkerHandler } from './handler';

export const describeFiles: WorkerHandler<'describeFiles'> = async (request, job) => {
  const out: FileDescription[] = [];
  for (const file of request.files) {
    await job.step();
    out.push(describeFile(file, request.limits));
  }
  return out;
};
