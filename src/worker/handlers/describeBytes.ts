// describeBytes: what a remote source's reply holds (sample types, time, service and version), decoded here rather
// than on the extension host; the bytes go back with the answer (so the source needs no copy of its own).
import { ProfileError } from '../../core/profile/errors';
import { readProfileMetadata } from '../../core/readers/metadata';
import { replyWith } from '../../rpc/endpoint';
import type { WorkerHandler } from './handler';

export const describeBytes: WorkerHandler<'describeBytes'> = async (request, job) => {
  await job.step();
  const { bytes } = request;
  try {
    return replyWith({ bytes, metadata: readProfileMetadata(new Uint8Array(bytes), request.origin, request.limits) }, [bytes]);
  } catch (e) {
    if (!(e instanceof ProfileError)) throw e;
    return replyWith({ bytes, error: e.reason }, [bytes]);
  }
};
