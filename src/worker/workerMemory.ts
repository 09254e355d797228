// The profile worker's own memory (its V8 heap and the ArrayBuffers it holds), for the load bench: the worker is a
// thread of the extension host, so the process's RSS does not tell its share apart.
import { getHeapStatistics } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { MemoryFigures } from '../shared/workerProtocol';

const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;

/**
 * This thread's figures (in the worker: the worker's isolate; in the extension host: the host's). When the process
 * runs with --expose-gc (the load bench turns it on), a full collection first, and another a second later: V8 frees
 * the memory of collected ArrayBuffers after the collection, so the figures are then what is kept.
 */
export async function memoryFigures(): Promise<MemoryFigures> {
  const gc = runInNewContext('typeof gc === "function" ? gc : undefined') as (() => void) | undefined;
  if (gc) {
    gc();
    await new Promise((r) => setTimeout(r, 1000));
    gc();
  }
  const heap = getHeapStatistics();
  return { heapUsedMB: mb(heap.used_heap_size), heapTotalMB: mb(heap.total_heap_size), arrayBuffersMB: mb(process.memoryUsage().arrayBuffers) };
}
