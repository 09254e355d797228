// The shape of a profile worker request handler: its params, the job it runs as (steps, cancellation, progress) and
// the worker's state; it returns the result (with the buffers to transfer, via replyWith). One file per request.
import type { Reply } from '../../rpc/endpoint';
import type { ParamsOf, RequestKind, ResultOf } from '../../rpc/protocol';
import type { ProfileWorkerVocabulary } from '../../shared/workerProtocol';
import type { Job } from '../scheduler';
import type { WorkerState } from '../workerState';

export type WorkerRequestKind = RequestKind<ProfileWorkerVocabulary>;

export type WorkerHandler<K extends WorkerRequestKind> = (
  params: ParamsOf<ProfileWorkerVocabulary, K>, job: Job, state: WorkerState,
) => Promise<ResultOf<ProfileWorkerVocabulary, K> | Reply<ResultOf<ProfileWorkerVocabulary, K>>>;
