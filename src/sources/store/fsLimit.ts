// At most n file-system calls of a listing at once: a store of thousands of files is stat'ed in parallel (libuv's
// thread pool does the waiting) without queueing thousands of calls ahead of everything else the extension host
// asks of that pool (reading a document, VS Code's own file watching).

/** Store listings run this many readdir/stat calls at once (libuv's pool has 4 threads by default). */
export const STORE_FS_CONCURRENCY = 8;

export type Limit = <T>(call: () => Promise<T>) => Promise<T>;

export function fsLimit(n = STORE_FS_CONCURRENCY): Limit {
  let running = 0;
  const waiting: (() => void)[] = [];
  const next = () => {
    running--;
    waiting.shift()?.();
  };
  return async <T>(call: () => Promise<T>): Promise<T> => {
    if (running >= n) await new Promise<void>((start) => waiting.push(start));
    running++;
    try {
      return await call();
    } finally {
      next();
    }
  };
}
