// The last answer of a remote source (Pyroscope, Parca) for one selection, reused for a while: another load of the
// same selection (a filter, the status bar's type) or a view coming back on screen does not ask the server again
// at once — its merges are the server's work, and its history moves by the minute.

/** How long a remote source's answer is reused for the same selection. */
export const REMOTE_REUSE_MS = 5 * 60_000;

export class RemoteReuse<T> {
  private last: { readonly key: string; readonly atMs: number; readonly answer: T } | undefined;

  /** The answer for `key` when it is fresh enough. */
  get(key: string): T | undefined {
    return this.last?.key === key && Date.now() - this.last.atMs < REMOTE_REUSE_MS ? this.last.answer : undefined;
  }

  set(key: string, answer: T): T {
    this.last = { key, atMs: Date.now(), answer };
    return answer;
  }

  /** Whether `answer` is the last one kept (a view showing anything else asks again when it comes on screen). */
  holds(answer: T | undefined): boolean {
    return answer !== undefined && this.last?.answer === answer;
  }
}
