/** Cancellation helpers shared by the sources: abortable sleep and "signal A or signal B or a deadline". */

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Reason used when a request runs past its own deadline (as opposed to the caller cancelling). */
export class DeadlineExceeded extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no complete reply within ${timeoutMs} ms`);
  }
}

/**
 * A signal that aborts when the caller's signal aborts or after `timeoutMs` (with a DeadlineExceeded reason).
 * `dispose` clears the timer; call it when the work is done.
 */
export function deadlineSignal(parent: AbortSignal | undefined, timeoutMs: number): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const onParentAbort = () => controller.abort(parent?.reason);
  if (parent?.aborted) controller.abort(parent.reason);
  else parent?.addEventListener('abort', onParentAbort, { once: true });
  const timer = setTimeout(() => controller.abort(new DeadlineExceeded(timeoutMs)), timeoutMs);
  return {
    signal: controller.signal,
    dispose: () => {
      clearTimeout(timer);
      parent?.removeEventListener('abort', onParentAbort);
    },
  };
}
