// The profile worker's handlers in this thread, as the worker runs them (one scheduler, one state): each answer's
// columns are moved away (transferred) as they are to the extension host, so nothing kept can alias them.
import { Reply, type IncomingRequest } from '../../../../src/rpc/endpoint';
import type { ParamsOf, ResultOf } from '../../../../src/rpc/protocol';
import type { ProfileWorkerVocabulary } from '../../../../src/shared/workerProtocol';
import { HANDLERS, type Scheduled } from '../../../../src/worker/handlers';
import type { WorkerHandler } from '../../../../src/worker/handlers/handler';
import { Scheduler } from '../../../../src/worker/scheduler';
import { WorkerState } from '../../../../src/worker/workerState';

export function inProcessWorker() {
  const state = new WorkerState(() => {});
  const scheduler = new Scheduler();
  let nextId = 0;
  async function send<K extends Scheduled>(kind: K, params: ParamsOf<ProfileWorkerVocabulary, K>): Promise<ResultOf<ProfileWorkerVocabulary, K>> {
    const body = HANDLERS[kind] as WorkerHandler<K>;
    const handler = scheduler.handler((p: ParamsOf<ProfileWorkerVocabulary, K>, job) => body(p, job, state));
    const incoming: IncomingRequest = { id: nextId++, kind, priority: 'user', signal: new AbortController().signal, progress: () => {} };
    const answer = await handler(params, incoming);
    return answer instanceof Reply ? structuredClone(answer.result, { transfer: [...answer.transfer] }) : answer;
  }
  return { state, send };
}
