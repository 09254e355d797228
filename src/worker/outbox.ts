// The worker's messages to the extension host, counted until the IPC channel has written them. A message larger
// than the channel's socket buffer is written a buffer at a time, and only while the worker's event loop polls: a
// worker that went straight on to its next slice of work would hand a 5 MB answer over ~200 kB per slice (seconds,
// behind background work). The scheduler starts the next job only once what was sent is written (whenSent).

/** Writes a message; calls `written` once the channel has written it (or failed to). */
export type ChannelSend = (message: unknown, written: (error: Error | null) => void) => void;

export class Outbox {
  private unwritten = 0;
  private waiters: (() => void)[] = [];

  constructor(private readonly send: ChannelSend) {}

  post(message: unknown): void {
    this.unwritten++;
    try {
      this.send(message, () => this.written());
    } catch (e) {
      this.written();
      throw e;
    }
  }

  /** Resolves once every message posted so far is written; undefined when none is waiting. */
  whenSent(): Promise<void> | undefined {
    return this.unwritten === 0 ? undefined : new Promise((resolve) => this.waiters.push(resolve));
  }

  private written(): void {
    if (--this.unwritten > 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}
