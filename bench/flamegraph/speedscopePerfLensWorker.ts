// PerfLens's side of the speedscope comparison, before the page: the profile worker the extension ships
// (dist/profile-worker.js) answering one 'flameGraph' request with a cold cache — read, gunzip, decode, merge,
// call tree, serialize — exactly what src/worker/profileWorker.ts runs when a flame graph opens. Runs in its own
// process (started with --expose-gc) so its peak RSS is its own. Writes the two buffers to `outDir` and prints
// one JSON line: { workerMs, workerHeapBytes, workerBuffersBytes, peakRssGrowthBytes, treeBytes, annotationsBytes }.
//   node --expose-gc --import tsx bench/flamegraph/speedscopePerfLensWorker.ts <profile> <sampleType> <outDir> [<worker.js>]
// (<worker.js>: a copy of dist/profile-worker.js, so a rebuild during a long run does not change what is measured.)
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { DEFAULT_PROFILE_LIMITS } from '../../src/core/profile/limits';
import { Endpoint } from '../../src/rpc/endpoint';
import type { ProfileWorkerVocabulary, WorkerHostVocabulary } from '../../src/shared/workerProtocol';

const [profile, typeName, outDir, workerArg] = process.argv.slice(2);
if (!profile || !typeName || !outDir) throw new Error('usage: speedscopePerfLensWorker.ts <profile> <sampleType> <outDir>');
const workerFile = resolve(workerArg ?? resolve(__dirname, '../../dist/profile-worker.js'));

// The shipped worker, with one extra listener in front: 'benchMemory' answers the worker's own heap after a full GC
// (V8 heap used + ArrayBuffer backing stores of this thread only). The worker logs that kind as unknown and ignores it.
const wrapper = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (m) => {
  if (m.kind !== 'benchMemory') return;
  // Twice, a moment apart: ArrayBuffer backing stores are freed by a sweeper that can trail the collection.
  globalThis.gc();
  setTimeout(() => {
    globalThis.gc();
    const u = process.memoryUsage();
    parentPort.postMessage({ kind: 'benchMemory', heapUsed: u.heapUsed, arrayBuffers: u.arrayBuffers, external: u.external });
  }, 100);
});
require(${JSON.stringify(workerFile)});
`;

type Memory = { kind: 'benchMemory'; heapUsed: number; arrayBuffers: number; external: number };

async function main(): Promise<void> {
  const worker = new Worker(wrapper, { eval: true });
  // Both listeners go once settled: a listener left behind would keep the settled promise, and so its value (the
  // flame graph's buffers), alive.
  const next: Next = <T>(accept: (m: Memory) => T | undefined) => new Promise<T>((ok, fail) => {
    const done = () => { worker.off('message', onMessage); worker.off('error', onError); };
    const onError = (e: Error) => { done(); fail(e); };
    const onMessage = (m: Memory) => {
      const v = accept(m);
      if (v !== undefined) { done(); ok(v); }
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
  });
  const memory = () => {
    const answer = next((m) => (m.kind === 'benchMemory' ? m : undefined));
    worker.postMessage({ kind: 'benchMemory' });
    return answer;
  };
  // The answer comes only after the worker's module has loaded: the clock starts with a worker ready to work.
  const idle = await memory();
  globalThis.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const { workerMs, peakRssGrowthBytes, sizes } = await flameGraph(worker, rssBefore);
  // The buffers were moved to this thread but stay on the worker's allocator's books until this thread frees them.
  for (let i = 0; i < 2; i++) {
    globalThis.gc?.();
    await new Promise((ok) => setTimeout(ok, 100));
  }
  const after = await memory();
  await worker.terminate();
  console.log(JSON.stringify({
    workerMs,
    // What the worker keeps after answering (its cache of the decoded file and merged stacks), over its idle self.
    workerHeapBytes: after.heapUsed - idle.heapUsed,
    workerBuffersBytes: after.arrayBuffers - idle.arrayBuffers,
    peakRssGrowthBytes,
    ...sizes,
  }));
}

type Next = <T>(accept: (m: Memory) => T | undefined) => Promise<T>;

/** One flame graph request, timed; its buffers are written to `outDir` and dropped (nothing here keeps them). */
async function flameGraph(worker: Worker, rssBefore: number) {
  const endpoint = new Endpoint<WorkerHostVocabulary, ProfileWorkerVocabulary>({ post: (m, transfer) => worker.postMessage(m, transfer as ArrayBuffer[]) }, { name: 'profile worker' });
  const receive = (m: unknown) => endpoint.receive(m);
  worker.on('message', receive);
  const t0 = performance.now();
  const { tree, annotations } = await endpoint.request('flameGraph', { sources: [resolve(profile)], typeName, limits: { ...DEFAULT_PROFILE_LIMITS }, facts: [] });
  worker.off('message', receive);
  const workerMs = performance.now() - t0;
  // maxRSS (kB) covers the whole life of this process; what the request added is its peak over the idle process.
  const peakRssGrowthBytes = process.resourceUsage().maxRSS * 1024 - rssBefore;
  writeFileSync(join(outDir, 'tree.bin'), new Uint8Array(tree));
  writeFileSync(join(outDir, 'annotations.bin'), new Uint8Array(annotations));
  return { workerMs, peakRssGrowthBytes, sizes: { treeBytes: tree.byteLength, annotationsBytes: annotations.byteLength } };
}

void main().catch((e) => { console.error(e instanceof Error ? e.message : e); process.exit(1); });
