// A worker thread behind an Endpoint, as its parent sees it: started on the first request, replaced on the next
// request after it crashed, and replaced on purpose when a request it was told to cancel is still running past a
// deadline (a step that does not end). The requests that were waiting then go to the new worker, so only the
// cancelled one is lost. Node only (the webview pages use the Endpoint alone).
import { Worker } from 'node:worker_threads';
import { ChannelClosed, Endpoint, type RequestOptions } from './endpoint';
import type { EventKind, ParamsOf, PayloadOf, RequestKind, ResultOf, Vocabulary } from './protocol';

export interface WorkerClientOptions<Local extends Vocabulary> {
  /** For log lines: "profile worker". */
  readonly name: string;
  readonly log: (line: string) => void;
  /** How long a cancelled request may keep the worker busy before the worker is replaced. */
  readonly cancelDeadlineMs: number;
  /** Listeners of the worker's events. */
  readonly events?: { readonly [K in EventKind<Local>]?: (payload: PayloadOf<Local, K>) => void };
}

/** How often a request follows the worker to a replacement before it gives up. */
const MAX_RESENDS = 3;

export class WorkerClient<Local extends Vocabulary, Remote extends Vocabulary> {
  private worker: Worker | undefined;
  private endpoint: Endpoint<Local, Remote> | undefined;
  private disposed = false;

  constructor(private readonly start: () => Worker, private readonly options: WorkerClientOptions<Local>) {}

  /** Sends a request to the worker (starting it when none runs). */
  async request<K extends RequestKind<Remote>>(kind: K, params: ParamsOf<Remote, K>, options: RequestOptions = {}): Promise<ResultOf<Remote, K>> {
    for (let resends = 0; ; resends++) {
      try {
        return await this.ensure().request(kind, params, options);
      } catch (e) {
        // The worker was replaced to stop another, cancelled request: this one goes to the new worker, unless its
        // params moved to the old one (their buffers are gone).
        const again = e instanceof ChannelClosed && e.restarted && !options.transfer?.length && !options.signal?.aborted && resends < MAX_RESENDS;
        if (!again) throw e;
      }
    }
  }

  /** Tells the worker something (starting it when none runs). */
  notify<K extends EventKind<Remote>>(kind: K, payload: PayloadOf<Remote, K>): void {
    this.ensure().notify(kind, payload);
  }

  /** Whether a worker thread runs now. */
  get running(): boolean {
    return this.worker !== undefined;
  }

  private ensure(): Endpoint<Local, Remote> {
    if (this.disposed) throw new ChannelClosed(`the ${this.options.name} is shut down`);
    if (this.endpoint && this.worker) return this.endpoint;
    const worker = this.start();
    const { name, log } = this.options;
    const endpoint = new Endpoint<Local, Remote>({ post: (m, transfer) => worker.postMessage(m, transfer as ArrayBuffer[]) }, {
      name, log,
      cancelDeadlineMs: this.options.cancelDeadlineMs,
      onCancelOverdue: (kind) => this.replace(worker, `a cancelled ${kind} request was still running after ${Math.round(this.options.cancelDeadlineMs / 1000)} s`),
    });
    for (const [kind, listener] of Object.entries(this.options.events ?? {})) {
      if (listener) endpoint.on(kind as EventKind<Local>, listener as (payload: unknown) => void);
    }
    worker.on('message', (m: unknown) => endpoint.receive(m));
    worker.on('error', (e) => this.lost(worker, `the ${name} crashed: ${e.message}`));
    worker.on('exit', (code) => this.lost(worker, `the ${name} exited with code ${code}${code === 0 ? '' : ' (out of memory?)'}`));
    this.worker = worker;
    this.endpoint = endpoint;
    return endpoint;
  }

  /** The worker died on its own: what it was doing fails; the next request starts a new one. */
  private lost(worker: Worker, reason: string): void {
    if (worker !== this.worker) return;
    this.options.log(reason);
    this.endpoint?.close(reason);
    this.worker = undefined;
    this.endpoint = undefined;
  }

  /** Stops the worker on purpose; requests waiting on it go to the next one. */
  private replace(worker: Worker, reason: string): void {
    if (worker !== this.worker) return;
    this.options.log(`${reason}: the ${this.options.name} is replaced`);
    const endpoint = this.endpoint;
    this.worker = undefined;
    this.endpoint = undefined;
    endpoint?.close(reason, true);
    void worker.terminate();
  }

  dispose(): void {
    this.disposed = true;
    const worker = this.worker;
    this.worker = undefined;
    this.endpoint?.close(`the ${this.options.name} is shut down`);
    this.endpoint = undefined;
    void worker?.terminate();
  }
}
