// Starts a TypeScript worker entry in a worker thread (through tsx, as the unit tests run).
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { WorkerClient } from '../../../../src/rpc/workerClient';
import type { ProfileWorkerVocabulary, WorkerHostVocabulary } from '../../../../src/shared/workerProtocol';

const require = createRequire(__filename);

export function startTsWorker(entry: string): Worker {
  return new Worker(`require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(entry)});`, { eval: true });
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
