// Starts a TypeScript worker entry in a worker thread (through tsx, as the unit tests run).
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const require = createRequire(__filename);

export function startTsWorker(entry: string): Worker {
  return new Worker(`require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(entry)});`, { eval: true });
}
