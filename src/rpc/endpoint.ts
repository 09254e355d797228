// One typed request/response endpoint over any postMessage-like channel (a worker thread's port, a webview and its
// page). Each side sends the other side's requests and events and handles its own, all checked against the two
// vocabularies (src/rpc/protocol.ts), so a request's params and its reply's type are known at compile time.
//
// A request can be cancelled by its sender (an AbortSignal) or superseded by a newer request in the same lane (a
// newer load of the same view); its promise then rejects with Cancelled at once, and the other side is told, so
// its work stops at its next step. A background request can be raised to a user's once someone waits on it (a hover
// that needs what it brings): the other side then serves it before other background work. A message that is not part of the vocabulary (no kind, an unknown kind, a
// request without an id) is ignored with a log line: pages and workers are separate programs, and a bad message
// must never take the extension host down.
import { Cancelled, isCancelled } from './cancelled';
import type {
  Envelope, EventKind, ParamsOf, PayloadOf, Priority, RequestKind, ResultOf, Vocabulary,
} from './protocol';

/** Where messages go: a worker process's IPC channel, a MessagePort, a webview, a page's VS Code API. */
export interface Channel {
  /** `transfer` lists ArrayBuffers the channel may move rather than copy (a MessagePort does; a webview and a process's IPC channel copy). */
  post(message: Envelope, transfer: readonly ArrayBuffer[]): void;
}

export interface EndpointOptions {
  /** Names the other side in log lines, e.g. "flame graph page". */
  readonly name: string;
  readonly log?: (line: string) => void;
  /** After cancelling a request, how long the other side has to end it before onCancelOverdue is called. */
  readonly cancelDeadlineMs?: number;
  /** The other side did not end a cancelled request in time (a step that runs on and on). */
  readonly onCancelOverdue?: (kind: string, id: number) => void;
}

export interface RequestOptions {
  /** Cancels the request: its promise rejects with Cancelled and the other side is told to stop. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (message: string) => void;
  /** Default `user`. */
  readonly priority?: Priority;
  /** Raises the request to a user's when it fires (someone came to wait on what it brings). */
  readonly urgency?: Urgency;
  /** A newer request in the same lane cancels this one (a newer load of the same view). */
  readonly lane?: string;
  /** ArrayBuffers among the params to move rather than copy. */
  readonly transfer?: readonly ArrayBuffer[];
}

/**
 * Raised once, by whoever comes to wait on a background request: the request becomes a user's. One urgency may stand
 * for several requests (e.g. a profile's follow-up requests).
 */
export class Urgency {
  private listeners: (() => void)[] | undefined = [];

  get raised(): boolean {
    return this.listeners === undefined;
  }

  raise(): void {
    const listeners = this.listeners;
    if (!listeners) return;
    this.listeners = undefined;
    for (const l of listeners) l();
  }

  /** Calls `listener` when raised (at once when it was); the returned function stops listening. */
  onRaise(listener: () => void): () => void {
    if (!this.listeners) {
      listener();
      return () => {};
    }
    this.listeners.push(listener);
    return () => { this.listeners = this.listeners?.filter((l) => l !== listener); };
  }
}

/** What a handler knows about the request it serves. */
export interface IncomingRequest {
  readonly id: number;
  readonly kind: string;
  /** As sent; a background request the sender raises later tells `onRaise`. */
  readonly priority: Priority;
  /** Calls `listener` if the sender raises the request to a user's (someone waits on it now). */
  onRaise?(listener: () => void): void;
  /** Aborted when the sender cancels the request, or the channel is abandoned. */
  readonly signal: AbortSignal;
  progress(message: string): void;
}

/** A result with the ArrayBuffers in it that move to the other side (where the channel can move them). */
export class Reply<T> {
  constructor(readonly result: T, readonly transfer: readonly ArrayBuffer[]) {}
}

export function replyWith<T>(result: T, transfer: readonly ArrayBuffer[]): Reply<T> {
  return new Reply(result, transfer);
}

export type Handler<P, R> = (params: P, request: IncomingRequest) => R | Reply<R> | Promise<R | Reply<R>>;

/** The channel went away (a worker exited, was restarted, or the endpoint was closed) before the answer came. */
export class ChannelClosed extends Error {
  constructor(message: string, readonly restarted = false) {
    super(message);
    this.name = 'ChannelClosed';
  }
}

interface Outgoing {
  readonly kind: string;
  readonly resolve: (result: unknown) => void;
  readonly reject: (e: Error) => void;
  readonly onProgress?: (message: string) => void;
  readonly lane?: string;
  readonly detach: () => void;
}

interface Serving {
  readonly controller: AbortController;
  /** Told when the sender raises the request. */
  readonly raised: Urgency;
}

type Timer = ReturnType<typeof setTimeout>;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isId = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));
const quoted = (s: string) => JSON.stringify(s.length > 60 ? `${s.slice(0, 60)}…` : s);

export class Endpoint<Local extends Vocabulary, Remote extends Vocabulary> {
  private nextId = 1;
  private readonly outgoing = new Map<number, Outgoing>();
  private readonly lanes = new Map<string, number>();
  /** Requests this side cancelled, until the other side ends them (their late answers are dropped quietly). */
  private readonly cancelledOut = new Map<number, Timer | undefined>();
  private readonly incoming = new Map<number, Serving>();
  private readonly handlers = new Map<string, Handler<unknown, unknown>>();
  private readonly listeners = new Map<string, (payload: unknown) => void>();
  private closedBecause: string | undefined;

  constructor(private readonly channel: Channel, private readonly options: EndpointOptions) {}

  /** Answers requests of `kind` from the other side. */
  handle<K extends RequestKind<Local>>(kind: K, handler: Handler<ParamsOf<Local, K>, ResultOf<Local, K>>): this {
    this.handlers.set(kind, handler as Handler<unknown, unknown>);
    return this;
  }

  /** Listens to events of `kind` from the other side. */
  on<K extends EventKind<Local>>(kind: K, listener: (payload: PayloadOf<Local, K>) => void): this {
    this.listeners.set(kind, listener as (payload: unknown) => void);
    return this;
  }

  /** Asks the other side; resolves with its reply, rejects with its error, Cancelled, or ChannelClosed. */
  request<K extends RequestKind<Remote>>(kind: K, params: ParamsOf<Remote, K>, options: RequestOptions = {}): Promise<ResultOf<Remote, K>> {
    if (this.closedBecause !== undefined) return Promise.reject(new ChannelClosed(this.closedBecause));
    if (options.signal?.aborted) return Promise.reject(new Cancelled());
    const id = this.nextId++;
    return new Promise<ResultOf<Remote, K>>((resolve, reject) => {
      const signal = options.signal;
      const onAbort = () => this.cancel(id, 'cancelled');
      signal?.addEventListener('abort', onAbort, { once: true });
      let unraise = () => {};
      this.outgoing.set(id, {
        kind, resolve: resolve as (result: unknown) => void, reject, onProgress: options.onProgress, lane: options.lane,
        detach: () => { signal?.removeEventListener('abort', onAbort); unraise(); },
      });
      if (options.lane !== undefined) {
        const older = this.lanes.get(options.lane);
        this.lanes.set(options.lane, id);
        if (older !== undefined) this.cancel(older, 'superseded by a newer request');
      }
      const priority = options.priority ?? 'user';
      if (!this.post({ kind, id, params, priority: priority === 'background' && options.urgency?.raised ? 'user' : priority }, options.transfer ?? [])) {
        this.settle(id);
        reject(new ChannelClosed(`could not send the ${kind} request to the ${this.options.name}`));
        return;
      }
      if (priority === 'background' && options.urgency && !options.urgency.raised) {
        unraise = options.urgency.onRaise(() => { if (this.outgoing.has(id)) this.post({ kind: 'raise', id }, []); });
      }
    });
  }

  /** Tells the other side something that needs no answer. */
  notify<K extends EventKind<Remote>>(kind: K, payload: PayloadOf<Remote, K>, transfer: readonly ArrayBuffer[] = []): void {
    this.post({ kind, params: payload }, transfer);
  }

  /** Requests sent and not yet answered. */
  get pending(): number {
    return this.outgoing.size;
  }

  /** Every message from the other side comes in here. */
  receive(message: unknown): void {
    if (!isRecord(message) || typeof message.kind !== 'string') {
      this.ignore('a message without a kind');
      return;
    }
    const kind = message.kind;
    if (kind === 'reply' || kind === 'error' || kind === 'progress') {
      this.receiveAnswer(kind, message);
      return;
    }
    if (kind === 'cancel' || kind === 'raise') {
      if (!isId(message.id)) this.ignore(`a ${kind} without an id`);
      else if (kind === 'cancel') this.incoming.get(message.id)?.controller.abort(new Cancelled());
      else this.incoming.get(message.id)?.raised.raise();
      return;
    }
    const handler = this.handlers.get(kind);
    if (handler) {
      if (!isId(message.id)) this.ignore(`a ${quoted(kind)} request without an id`);
      else this.serve(kind, message.id, message.params, message.priority === 'background' ? 'background' : 'user', handler);
      return;
    }
    const listener = this.listeners.get(kind);
    if (!listener) {
      this.ignore(`a message of unknown kind ${quoted(kind)}`);
      return;
    }
    try {
      listener(message.params);
    } catch (e) {
      this.options.log?.(`${this.options.name}: the ${quoted(kind)} event failed: ${messageOf(e)}`);
    }
  }

  /**
   * Stops serving every request in flight and answers none of them (the page that sent them is gone; a new page
   * numbers its requests afresh, so an old answer could be taken for a new one).
   */
  abandonIncoming(): void {
    const serving = [...this.incoming.values()];
    this.incoming.clear();
    for (const s of serving) s.controller.abort(new Cancelled('the other side went away'));
  }

  /** The channel is gone: every request in flight rejects with ChannelClosed, and later ones at once. */
  close(reason: string, restarted = false): void {
    this.closedBecause = reason;
    this.abandonIncoming();
    const pending = [...this.outgoing.values()];
    this.outgoing.clear();
    this.lanes.clear();
    for (const t of this.cancelledOut.values()) if (t !== undefined) clearTimeout(t);
    this.cancelledOut.clear();
    for (const p of pending) {
      p.detach();
      p.reject(new ChannelClosed(reason, restarted));
    }
  }

  private serve(kind: string, id: number, params: unknown, priority: Priority, handler: Handler<unknown, unknown>): void {
    // A reloaded page numbers its requests from 1 again: an id in flight belongs to a page that is gone.
    this.incoming.get(id)?.controller.abort(new Cancelled('superseded by a request with the same id'));
    const serving: Serving = { controller: new AbortController(), raised: new Urgency() };
    this.incoming.set(id, serving);
    const mine = () => this.incoming.get(id) === serving;
    const request: IncomingRequest = {
      id, kind, priority, signal: serving.controller.signal,
      onRaise: (listener) => { serving.raised.onRaise(listener); },
      progress: (message) => { if (mine()) this.post({ kind: 'progress', id, message }, []); },
    };
    void (async () => {
      try {
        const out = await handler(params, request);
        if (!mine()) return;
        this.incoming.delete(id);
        if (out instanceof Reply) this.post({ kind: 'reply', id, result: out.result }, out.transfer);
        else this.post({ kind: 'reply', id, result: out }, []);
      } catch (e) {
        if (!mine()) return;
        this.incoming.delete(id);
        this.post({ kind: 'error', id, message: messageOf(e), cancelled: isCancelled(e) || undefined }, []);
      }
    })();
  }

  private receiveAnswer(kind: 'reply' | 'error' | 'progress', message: Record<string, unknown>): void {
    const id = message.id;
    if (!isId(id)) {
      this.ignore(`a${kind === 'error' ? 'n' : ''} ${kind} without an id`);
      return;
    }
    if (this.cancelledOut.has(id)) {
      // The end of a request this side cancelled: nothing waits for it any more.
      if (kind === 'progress') return;
      const timer = this.cancelledOut.get(id);
      if (timer !== undefined) clearTimeout(timer);
      this.cancelledOut.delete(id);
      return;
    }
    const out = this.outgoing.get(id);
    if (!out) {
      this.ignore(`a${kind === 'error' ? 'n' : ''} ${kind} for request ${id}, which is not waiting`);
      return;
    }
    if (kind === 'progress') {
      if (typeof message.message === 'string') out.onProgress?.(message.message);
      return;
    }
    this.settle(id);
    if (kind === 'reply') out.resolve(message.result);
    else if (message.cancelled === true) out.reject(new Cancelled(typeof message.message === 'string' ? message.message : undefined));
    else out.reject(new Error(typeof message.message === 'string' ? message.message : `${out.kind} failed`));
  }

  /** Forgets an outgoing request; the entry for the caller to settle. */
  private settle(id: number): Outgoing | undefined {
    const out = this.outgoing.get(id);
    if (!out) return undefined;
    this.outgoing.delete(id);
    out.detach();
    if (out.lane !== undefined && this.lanes.get(out.lane) === id) this.lanes.delete(out.lane);
    return out;
  }

  private cancel(id: number, reason: string): void {
    const out = this.settle(id);
    if (!out) return;
    const deadline = this.options.cancelDeadlineMs;
    let timer: Timer | undefined;
    if (deadline !== undefined && this.options.onCancelOverdue) {
      timer = setTimeout(() => {
        if (!this.cancelledOut.has(id)) return;
        this.cancelledOut.delete(id);
        this.options.onCancelOverdue?.(out.kind, id);
      }, deadline);
      (timer as { unref?: () => void }).unref?.();
    }
    this.cancelledOut.set(id, timer);
    this.post({ kind: 'cancel', id }, []);
    out.reject(new Cancelled(reason));
  }

  private post(message: Envelope, transfer: readonly ArrayBuffer[]): boolean {
    if (this.closedBecause !== undefined) return false;
    try {
      this.channel.post(message, transfer);
      return true;
    } catch (e) {
      this.options.log?.(`${this.options.name}: could not send a ${quoted(message.kind)} message: ${messageOf(e)}`);
      return false;
    }
  }

  private ignore(what: string): void {
    this.options.log?.(`${this.options.name}: ignored ${what}`);
  }
}
