// How a cancelled request ends on both sides of a channel: the sender's promise rejects with Cancelled at once, and
// the receiver's work stops at its next step with the same error.

export class Cancelled extends Error {
  constructor(readonly reason = 'cancelled') {
    super(reason);
    this.name = 'Cancelled';
  }
}

export function isCancelled(e: unknown): e is Cancelled {
  return e instanceof Cancelled;
}

/** Throws Cancelled when the signal was aborted. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason instanceof Cancelled ? signal.reason : new Cancelled();
}
