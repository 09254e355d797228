// Waiting on conditions, never on durations: `waitFor` polls a check until it returns a value, and fails only at
// a generous deadline that matters when something is broken, with the last reason the check gave.
import { setTimeout as delay } from 'node:timers/promises';

export interface WaitOptions {
  /** Give up after this long (default 120 s): only a broken server or client gets there. */
  readonly deadlineMs?: number;
  /** Pause between checks (default 250 ms): how often to look, not how long to wait. */
  readonly pollMs?: number;
  /** Stops the wait early (e.g. the server process exited). Returns a reason to fail with. */
  readonly abortIf?: () => string | undefined;
}

/** Retries `check` until it returns something other than undefined (a thrown error counts as "not yet"). */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined> | T | undefined, options: WaitOptions = {}): Promise<T> {
  const deadline = Date.now() + (options.deadlineMs ?? 120_000);
  let last = 'never checked';
  for (;;) {
    const abort = options.abortIf?.();
    if (abort) throw new Error(`${what}: ${abort}`);
    try {
      const value = await check();
      if (value !== undefined) return value;
      last = 'not yet';
    } catch (e) {
      last = (e as Error).message ?? String(e);
    }
    if (Date.now() > deadline) throw new Error(`${what}: still not true after ${Math.round((options.deadlineMs ?? 120_000) / 1000)} s (last: ${last})`);
    await delay(options.pollMs ?? 250);
  }
}
