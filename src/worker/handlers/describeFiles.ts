// describeFiles: what profile files hold — sample types, period type, time, service and version labels — for the
// store's listing of files its layout does not describe (dropped in by hand) and of the sample types a type folder's
// files carry. Decoded here, never on the extension host; a file that does not decode is described by why.
import { describeFile, type FileDescription } from '../../sources/profile-metadata';
import type { WorkerHandler } from './handler';

export const describeFiles: WorkerHandler<'describeFiles'> = async (request, job, state) => {
  const out: FileDescription[] = [];
  for (const file of request.files) {
    out.push(await state.described(file, request.limits, async () => {
      await job.step();
      return describeFile(file, request.limits);
    }));
  }
  return out;
};
