// Tests wait for conditions, never for durations. A deadline only says when to give up on something that is
// broken, so it is generous: a loaded 2-core machine (two test runs at once, a Go build alongside) must never
// reach it when nothing is wrong.

/** How long to wait for a condition before calling it broken. */
export const DEADLINE_MS = 180_000;
/** How long a build or an install step (go build, npm, pip) may take before calling it stuck. */
export const BUILD_DEADLINE_MS = 900_000;

/**
 * Polls `check` until it returns something other than undefined/false/null (which is returned), failing with
 * `what` after `deadlineMs`. The poll interval only sets how soon the condition is seen.
 */
export async function until<T>(check: () => T | undefined | null | false | Promise<T | undefined | null | false>, what: string, deadlineMs = DEADLINE_MS, everyMs = 100): Promise<T> {
  const end = Date.now() + deadlineMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== null && value !== false) return value;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > end) {
      throw new Error(`gave up after ${Math.round(deadlineMs / 1000)} s waiting for ${what}${lastError ? ` (last error: ${(lastError as Error).message})` : ''}`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
