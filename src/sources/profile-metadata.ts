/**
 * How a source learns what a profile holds (its time, sample types, service and version) without decoding it
 * itself: a describer is injected — the extension's reads in its profile worker, the CLI's and the collector's in
 * their own thread (describe-here.ts). Nothing in this file decodes, so the extension host's sources never do.
 */
import { ProfileError } from '../core/profile/errors';
import type { FileDescription, ProfileMetadata } from '../core/readers/metadata';

export type { FileDescription, ProfileMetadata } from '../core/readers/metadata';

/** Reads profile files for what they hold. */
export type DescribeFiles = (files: readonly string[], signal?: AbortSignal) => Promise<readonly FileDescription[]>;

/**
 * What fetched bytes hold. The bytes may be moved to another thread and back: the caller uses the answered `bytes`
 * from then on, never the ones it passed. Rejects with a ProfileError naming `origin` when they are not a profile.
 */
export type DescribeBytes = (bytes: Uint8Array, origin: string, signal?: AbortSignal) => Promise<DescribedBytes>;

export interface DescribedBytes {
  readonly metadata: ProfileMetadata;
  readonly bytes: Uint8Array;
}

/** Both ways of reading what profiles hold, as one dependency of the sources. */
export interface ProfileDescriber {
  readonly files: DescribeFiles;
  readonly bytes: DescribeBytes;
}

export function isProfileError(e: unknown): e is ProfileError {
  return e instanceof ProfileError;
}
