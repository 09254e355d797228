// What profiles hold, read by the profile worker for the extension's sources (the store's listing, a remote
// source's replies): the extension host itself never decodes a profile. Fetched bytes are moved to the worker and
// back, not copied.
import { ProfileError } from '../core/profile/errors';
import type { ProfileDescriber } from '../sources';
import { readConfig } from './config';
import type { ProfileAnalyzer } from './profileAnalyzer';

export function workerDescriber(analyzer: ProfileAnalyzer): ProfileDescriber {
  return {
    // A listing the user waits for, so not background work.
    files: (files, signal) => analyzer.request('describeFiles', { files, limits: readConfig().limits }, { signal }),
    bytes: async (bytes, origin, signal) => {
      const moved = ownBuffer(bytes);
      const answer = await analyzer.request('describeBytes', { bytes: moved, origin, limits: readConfig().limits }, { transfer: [moved], signal });
      if ('error' in answer) throw new ProfileError(origin, answer.error);
      return { metadata: answer.metadata, bytes: new Uint8Array(answer.bytes) };
    },
  };
}

/**
 * The bytes' buffer when they are all of it, else a copy of them: a view (a Node Buffer's slice shares memory, and
 * may sit in a pool with other data) must not take its neighbours along when it is moved to the worker.
 */
export function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer as ArrayBuffer : Uint8Array.prototype.slice.call(bytes).buffer;
}
