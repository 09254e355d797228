/**
 * Profiles described in this thread: the CLI's and the collector's way (the extension describes them in its profile
 * worker, src/editor/workerDescriber.ts). Imported only where decoding on the calling thread is fine.
 */
import type { ProfileLimits } from '../core/profile/limits';
import { describeFile, readProfileMetadata } from '../core/readers/metadata';
import type { DescribeBytes, DescribeFiles, ProfileDescriber } from './profile-metadata';

export function describeFilesHere(limits?: Partial<ProfileLimits>): DescribeFiles {
  return async (files) => files.map((f) => describeFile(f, limits));
}

export function describeBytesHere(limits?: Partial<ProfileLimits>): DescribeBytes {
  return async (bytes, origin) => ({ metadata: readProfileMetadata(bytes, origin, limits), bytes });
}

export function describeHere(limits?: Partial<ProfileLimits>): ProfileDescriber {
  return { files: describeFilesHere(limits), bytes: describeBytesHere(limits) };
}
