// The profile worker: decoding, merging, aggregation and symbolication in a process of its own, a child of the
// extension host (forked by src/editor/profileAnalyzer.ts, talking over the IPC channel). Its
// requests (src/worker/handlers/) run by priority — the user's first, background work giving way between steps —
// and stop at their next step when cancelled. Models (with their workspace mappings) are kept for the next view of
// the same files and let go after a minute without requests (an idle editor should not keep hundreds of MB).
import { Endpoint } from '../rpc/endpoint';
import type { ParamsOf, ResultOf } from '../rpc/protocol';
import type { ProfileWorkerVocabulary, WorkerHostVocabulary } from '../shared/workerProtocol';
import { BACKGROUND_KINDS, HANDLERS } from './handlers';
import { Outbox } from './outbox';
import type { WorkerHandler, WorkerRequestKind } from './handlers/handler';
import { Scheduler, type Job } from './scheduler';
import { memoryFigures } from './workerMemory';
import { WorkerState } from './workerState';

const send = process.send?.bind(process);
if (!send) throw new Error('profileWorker.ts must run as a child process with an IPC channel (child_process.fork)');
// The extension host gone (closed, or crashed without killing its children): no orphan is left holding the profiles.
process.on('disconnect', () => process.exit(0));
const IDLE_RELEASE_MS = 60_000;

const outbox = new Outbox((m, written) => send(m, undefined, undefined, written));
const endpoint = new Endpoint<ProfileWorkerVocabulary, WorkerHostVocabulary>(
  // The IPC channel copies ArrayBuffers ('advanced' serialization): transfer lists mean nothing to it.
  { post: (m) => outbox.post(m) },
  // What the worker cannot use (a bad message) goes to the extension host's console.
  { name: 'extension host', log: (line) => console.warn(`PerfLens profile worker: ${line}`) },
);
const scheduler = new Scheduler(outbox);
// Work no request waits on (the flame graph's stack order after the heat): background jobs of its own.
const runInBackground = (body: (job: Job) => Promise<void>) => {
  scheduler.run('background', new AbortController().signal, () => {}, body).catch((e: unknown) => console.warn(`PerfLens profile worker: background work failed: ${e instanceof Error ? e.message : String(e)}`));
};
const state = new WorkerState((file, reason) => endpoint.notify('badFile', { file, reason }), { run: runInBackground });
let active = 0;
let idleTimer: NodeJS.Timeout | undefined;

function serve<K extends Exclude<WorkerRequestKind, 'memory'>>(kind: K, handler: WorkerHandler<K>): void {
  const scheduled = scheduler.handler<ParamsOf<ProfileWorkerVocabulary, K>, ResultOf<ProfileWorkerVocabulary, K>>((params, job) => handler(params, job, state), BACKGROUND_KINDS.has(kind) ? 'background' : undefined);
  endpoint.handle(kind, async (params, request) => {
    clearTimeout(idleTimer);
    active++;
    try {
      return await scheduled(params, request);
    } finally {
      if (--active === 0) {
        idleTimer = setTimeout(() => state.release(), IDLE_RELEASE_MS);
        idleTimer.unref();
      }
    }
  });
}

for (const kind of Object.keys(HANDLERS) as (keyof typeof HANDLERS)[]) serve(kind, HANDLERS[kind] as WorkerHandler<typeof kind>);
// Not scheduled: answered as soon as the worker is free, with what it holds then.
endpoint.handle('memory', () => memoryFigures());
process.on('message', (m: unknown) => endpoint.receive(m));
