// Starts a TypeScript worker entry as a worker process (through tsx, as the unit tests run), as the extension does.
import type { ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { forkWorker } from '../../../../src/rpc/forkWorker';
import { WorkerClient } from '../../../../src/rpc/workerClient';
import type { ProfileWorkerVocabulary, WorkerHostVocabulary } from '../../../../src/shared/workerProtocol';

const require = createRequire(__filename);

export function startTsWorker(entry: string): ChildProcess {
  return forkWorker(entry, ['--require', require.resolve('tsx/cjs')]);
}

/** The profile worker (src/worker/profileWorker.ts) behind the extension's client, with what it logs and reports kept. */
export function profileWorkerClient() {
  const log: string[] = [];
  const bad: { file: string; reason: string }[] = [];
  const client = new WorkerClient<WorkerHostVocabulary, ProfileWorkerVocabulary>(() => startTsWorker(join(__dirname, '../../../../src/worker/profileWorker.ts')), {
    name: 'profile worker', log: (l) => log.push(l), cancelDeadlineMs: 60_000, events: { badFile: (b) => bad.push(b) },
  });
  return { client, log, bad };
}
