// A worker process behind an Endpoint, as its parent sees it: started on the first request, replaced on the next
// request after it crashed or exited, and replaced on purpose (killed) when a request it was told to cancel is still
// running past a deadline (a step that does not end). The requests that were waiting then go to the new worker, so
// only the cancelled one is lost. The worker is a child process, not a thread: its memory is not the parent's (every
// `spawn` of the parent, which forks it, would copy the page tables of the worker's hundreds of MB), and a worker out
// of memory does not take the parent down. Node only (the webview pages use the Endpoint alone).
import type { ChildProcess } from 'node:child_process';
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
/** The start of the worker's own warnings on its stderr (its console.warn). */
export const WORKER_SAYS = 'PerfLens ';
/** The worker's last stderr lines kept, to say why it died (a Node crash prints its error, then its stack). */
const STDERR_LINES = 60;

/**
 * Why a worker died, from its last stderr lines: the last error line (Node's uncaught error, V8's fatal error), and
 * the last lines without the stack frames, for the log.
 */
export function lastWords(stderr: readonly string[]): { error: string | undefined; tail: string } {
  const said = stderr.filter((l) => !/^\s+at |^Node\.js v\d/.test(l));
  const error = [...said].reverse().find((l) => /^(\w*Error\b|FATAL ERROR|Uncaught|Fatal|#)/.test(l.trim()));
  return { error: error?.trim(), tail: said.slice(-8).join(' | ') };
}

export class WorkerClient<Local extends Vocabulary, Remote extends Vocabulary> {
  private worker: ChildProcess | undefined;
  private endpoint: Endpoint<Local, Remote> | undefined;
  private disposed = false;

  /** `start` forks the worker with an IPC channel ('advanced' serialization: typed arrays arrive as typed arrays). */
  constructor(private readonly start: () => ChildProcess, private readonly options: WorkerClientOptions<Local>) {}

  /** Sends a request to the worker (starting it when none runs). */
  async request<K extends RequestKind<Remote>>(kind: K, params: ParamsOf<Remote, K>, options: RequestOptions = {}): Promise<ResultOf<Remote, K>> {
    for (let resends = 0; ; resends++) {
      try {
        return await this.ensure().request(kind, params, options);
      } catch (e) {
        // The worker was replaced to stop another, cancelled request: this one goes to the new worker.
        const again = e instanceof ChannelClosed && e.restarted && !options.signal?.aborted && resends < MAX_RESENDS;
        if (!again) throw e;
      }
    }
  }

  /** Tells the worker something (starting it when none runs). */
  notify<K extends EventKind<Remote>>(kind: K, payload: PayloadOf<Remote, K>): void {
    this.ensure().notify(kind, payload);
  }

  /** Whether a worker process runs now. */
  get running(): boolean {
    return this.worker !== undefined;
  }

  /** The worker process's id, when one runs. */
  get pid(): number | undefined {
    return this.worker?.pid;
  }

  private ensure(): Endpoint<Local, Remote> {
    if (this.disposed) throw new ChannelClosed(`the ${this.options.name} is shut down`);
    if (this.endpoint && this.worker) return this.endpoint;
    const { name, log } = this.options;
    let worker: ChildProcess;
    try {
      worker = this.start();
    } catch (e) {
      throw new ChannelClosed(`the ${name} could not start: ${e instanceof Error ? e.message : String(e)}`);
    }
    const stderr: string[] = [];
    worker.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = chunk.split('\n').filter((l) => l.trim() !== '').map((l) => l.slice(0, 500));
      // What the worker says of itself goes to the log at once; the rest (a crash's trace) when it dies.
      for (const line of lines) if (line.startsWith(WORKER_SAYS)) log(line);
      stderr.push(...lines);
      stderr.splice(0, Math.max(0, stderr.length - STDERR_LINES));
    });
    const lost = (what: string) => {
      const said = lastWords(stderr);
      this.lost(worker, `the ${name} ${what}${said.error ? `: ${said.error}` : ''}`, said.tail);
    };
    // The channel copies ArrayBuffers ('advanced' serialization): a transfer list means nothing to it.
    const endpoint = new Endpoint<Local, Remote>({
      post: (m) => {
        if (!worker.connected) throw new Error(`the ${name} is not running`);
        worker.send(m, (e) => { if (e) lost(`could not be reached (${e.message})`); });
      },
    }, {
      name, log,
      cancelDeadlineMs: this.options.cancelDeadlineMs,
      onCancelOverdue: (kind) => this.replace(worker, `a cancelled ${kind} request was still running after ${Math.round(this.options.cancelDeadlineMs / 1000)} s`),
    });
    for (const [kind, listener] of Object.entries(this.options.events ?? {})) {
      if (listener) endpoint.on(kind as EventKind<Local>, listener as (payload: unknown) => void);
    }
    worker.on('message', (m: unknown) => endpoint.receive(m));
    // 'error': the process could not be started (no such executable) or signalled; 'close' follows a process that
    // ran, once its stderr is read to the end (its last words are in).
    worker.on('error', (e) => lost(`could not be started or reached (${e.message})`));
    worker.on('close', (code, signal) => lost(signal ? `was killed (${signal}${signal === 'SIGKILL' || signal === 'SIGABRT' ? ', out of memory?' : ''})` : `exited with code ${code}`));
    this.worker = worker;
    this.endpoint = endpoint;
    return endpoint;
  }

  /** The worker died on its own: what it was doing fails; the next request starts a new one. */
  private lost(worker: ChildProcess, reason: string, output: string): void {
    if (worker !== this.worker) return;
    this.options.log(reason);
    if (output) this.options.log(`the ${this.options.name}'s last output: ${output}`);
    this.worker = undefined;
    const endpoint = this.endpoint;
    this.endpoint = undefined;
    endpoint?.close(reason);
    worker.kill('SIGKILL');
  }

  /** Stops the worker on purpose; requests waiting on it go to the next one. */
  private replace(worker: ChildProcess, reason: string): void {
    if (worker !== this.worker) return;
    this.options.log(`${reason}: the ${this.options.name} is replaced`);
    const endpoint = this.endpoint;
    this.worker = undefined;
    this.endpoint = undefined;
    endpoint?.close(reason, true);
    worker.kill('SIGKILL');
  }

  dispose(): void {
    this.disposed = true;
    const worker = this.worker;
    this.worker = undefined;
    this.endpoint?.close(`the ${this.options.name} is shut down`);
    this.endpoint = undefined;
    worker?.kill();
  }
}
