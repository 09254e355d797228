// A process's own memory (its V8 heap, the ArrayBuffers it holds, its RSS), for the benches: the profile worker's
// (a process of its own) and the extension host's.
import { getHeapStatistics } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { MemoryFigures } from '../shared/workerProtocol';

const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;

/**
 * This process's figures (in the worker: the worker's; in the extension host: the host's). When the process
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
  return { heapUsedMB: mb(heap.used_heap_size), heapTotalMB: mb(heap.total_heap_size), arrayBuffersMB: mb(process.memoryUsage().arrayBuffers), rssMB: mb(process.memoryUsage().rss) };
}
