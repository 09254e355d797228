// The profile worker is one thread, so one piece of work runs at a time — but not one request at a time: requests
// wait by priority (the user's before background work, then in arrival order), and a running request gives way at
// each step of its work (between two files decoded, between decoding and aggregating) to anything more urgent that
// arrived meanwhile. A request cancelled while it waits ends at once; one cancelled while it runs ends at its next
// step. So a user's request waits at most for the step of background work that is running when it arrives. A
// background request its sender raises (someone came to wait on it) is a user's from then on: it moves ahead of the
// background work that waits, and keeps its place among users' requests by arrival.
import { Cancelled } from '../rpc/cancelled';
import type { Handler, Reply } from '../rpc/endpoint';
import type { Priority } from '../rpc/protocol';

export interface Job {
  readonly priority: Priority;
  /** Aborted when the request is cancelled (or superseded by a newer one of the same view). */
  readonly signal: AbortSignal;
  /** Between two steps of work: lets more urgent work (and the messages that bring it) in, then throws Cancelled if the request was cancelled. */
  step(): Promise<void>;
  progress(message: string): void;
}

interface Waiting {
  readonly rank: number;
  readonly seq: number;
  readonly grant: () => void;
}

/** A job's priority as it is now (a background job may be raised to a user's). */
interface Rank {
  value: number;
}

const RANK: Readonly<Record<Priority, number>> = { user: 0, background: 1 };

/** What the worker has sent and not yet written: the next job waits for it (see outbox.ts). */
export interface Outbound {
  whenSent(): Promise<void> | undefined;
}

const NOTHING_OUTBOUND: Outbound = { whenSent: () => undefined };

export class Scheduler {
  /** The seq of the job that holds the thread, if any. */
  private holder: number | undefined;
  private readonly waiting: Waiting[] = [];
  private nextSeq = 0;
  private granting = false;

  constructor(private readonly outbound: Outbound = NOTHING_OUTBOUND) {}

  /**
   * Runs `body` when its turn comes; the job it gets gives way at each step.
   * @param onRaise subscribes to the request being raised to a user's (its sender now waits on it)
   */
  run<T>(priority: Priority, signal: AbortSignal, progress: (message: string) => void, body: (job: Job) => Promise<T>, onRaise?: (listener: () => void) => void): Promise<T> {
    const seq = this.nextSeq++;
    const rank: Rank = { value: RANK[priority] };
    onRaise?.(() => this.raise(rank, seq));
    const job: Job = {
      get priority() {
        return rank.value === RANK.user ? 'user' : 'background';
      },
      signal, progress,
      step: async () => {
        this.release(seq);
        await this.turn(rank, seq, signal);
      },
    };
    return (async () => {
      await this.turn(rank, seq, signal);
      try {
        return await body(job);
      } finally {
        this.release(seq);
      }
    })();
  }

  /**
   * An endpoint handler that runs `body` as a job of the request's priority (or of `priority`, whatever the sender
   * asks: work no user waits on first), cancelled with the request.
   */
  handler<P, R>(body: (params: P, job: Job) => Promise<R | Reply<R>>, priority?: Priority): Handler<P, R> {
    return (params, request) => this.run(priority ?? request.priority, request.signal, request.progress, (job) => body(params, job), request.onRaise);
  }

  /** Requests waiting for their turn (not counting the one running). */
  get queued(): number {
    return this.waiting.length;
  }

  /** The job becomes a user's: a place among them by arrival if it waits now, and at each step from then on. */
  private raise(rank: Rank, seq: number): void {
    if (rank.value === RANK.user) return;
    rank.value = RANK.user;
    const at = this.waiting.findIndex((w) => w.seq === seq);
    if (at < 0) return;
    const [entry] = this.waiting.splice(at, 1);
    this.enqueue({ ...entry, rank: RANK.user });
  }

  /** Resolves when the thread is this job's; rejects with Cancelled as soon as the signal aborts while it waits. */
  private turn(rank: Rank, seq: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(signal.reason instanceof Cancelled ? signal.reason : new Cancelled());
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const at = this.waiting.findIndex((w) => w.seq === seq);
        if (at < 0) return;
        this.waiting.splice(at, 1);
        reject(signal.reason instanceof Cancelled ? signal.reason : new Cancelled());
      };
      const entry: Waiting = {
        rank: rank.value, seq,
        grant: () => {
          signal.removeEventListener('abort', onAbort);
          this.holder = seq;
          resolve();
        },
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.enqueue(entry);
    });
  }

  private enqueue(entry: Waiting): void {
    // Most urgent first; among equals, the one that arrived first (a job that gave way keeps its place).
    let at = this.waiting.findIndex((w) => w.rank > entry.rank || (w.rank === entry.rank && w.seq > entry.seq));
    if (at < 0) at = this.waiting.length;
    this.waiting.splice(at, 0, entry);
    this.pump();
  }

  private release(seq: number): void {
    if (this.holder !== seq) return;
    this.holder = undefined;
    this.pump();
  }

  /**
   * Hands the thread to the most urgent waiting job — after a turn of the event loop, so that messages that came in
   * while the last step ran (a user's request, a cancel) are queued first, and once what was sent is written (an
   * answer the host waits for is not held back by the next job's work).
   */
  private pump(): void {
    if (this.holder !== undefined || this.granting || this.waiting.length === 0) return;
    this.granting = true;
    setImmediate(() => {
      const sending = this.outbound.whenSent();
      if (sending) {
        void sending.then(() => {
          this.granting = false;
          this.pump();
        });
        return;
      }
      this.granting = false;
      if (this.holder !== undefined) return;
      this.waiting.shift()?.grant();
    });
  }
}
