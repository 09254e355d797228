// Tests wait for conditions, never for durations. A deadline only says when to give up on something that is
// broken, so it is generous: a loaded 2-core machine (two test runs at once, a Go build alongside) must never
// reach it when nothing is wrong.

/** How long to wait for a condition before calling it broken. */
export const DEADLINE_MS = 180_000;
/** How long a build or an install step (go build, npm, pip) may take before calling it stuck. */
export const BUILD_DEADLINE_MS = 900_000;

export interface WaitOptions {
  /** Give up after this long (default DEADLINE_MS): only something broken gets there. */
  readonly deadlineMs?: number;
  /** Pause between checks (default 100 ms): how soon the condition is seen, not how long to wait. */
  readonly everyMs?: number;
  /** Stops the wait early with this reason (e.g. the server process exited). */
  readonly abortIf?: () => string | undefined | false;
}

/**
 * Polls `check` until it returns something other than undefined/false/null (which is returned; a thrown error
 * counts as "not yet"), failing with `what` (built when it fails, so it can show the last state seen) at the
 * deadline, or at once when `abortIf` gives a reason.
 */
export async function until<T>(check: () => T | undefined | null | false | Promise<T | undefined | null | false>, what: string | (() => string), options: number | WaitOptions = {}): Promise<T> {
  const { deadlineMs = DEADLINE_MS, everyMs = 100, abortIf } = typeof options === 'number' ? { deadlineMs: options } : options;
  const describe = () => (typeof what === 'string' ? what : what());
  const end = Date.now() + deadlineMs;
  let lastError: unknown;
  for (;;) {
    const abort = abortIf?.();
    if (abort) throw new Error(`stopped waiting for ${describe()}: ${abort}`);
    try {
      const value = await check();
      if (value !== undefined && value !== null && value !== false) return value;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > end) {
      throw new Error(`gave up after ${Math.round(deadlineMs / 1000)} s waiting for ${describe()}${lastError ? ` (last error: ${(lastError as Error).message})` : ''}`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
