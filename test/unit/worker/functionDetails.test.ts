// The hovers' function details (call edges, span names) are background work in the worker: counted in chunks of stacks, a user's request that comes
// meanwhile is answered between two chunks (before the edges), a cancel is honoured there, and the edges of a
// selection are counted once per model. Order of events is asserted, never durations.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Reply, type IncomingRequest } from '../../../src/rpc/endpoint';
import type { ParamsOf, ResultOf } from '../../../src/rpc/protocol';
import { isCancelled } from '../../../src/rpc/cancelled';
import type { AnalyzeRequest } from '../../../src/shared/analyzeProtocol';
import type { ProfileWorkerVocabulary } from '../../../src/shared/workerProtocol';
import { BACKGROUND_KINDS, HANDLERS, type Scheduled } from '../../../src/worker/handlers';
import { EDGE_CHUNK_STACKS } from '../../../src/worker/handlers/functionDetails';
import type { WorkerHandler } from '../../../src/worker/handlers/handler';
import { Scheduler } from '../../../src/worker/scheduler';
import { WorkerState } from '../../../src/worker/workerState';
import { writeBigProfile } from './helpers/bigProfile';

const limits = { maxDecompressedBytes: 256 << 20, maxSamples: 1e7, maxStrings: 1e6 };
const COUNTING = /^counting call edges: (\d+) of (\d+) stacks$/;

describe('call edges in the worker', () => {
  const dir = mkdtempSync(join(tmpdir(), 'perflens-call-edges-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'big.collapsed');
  const stacks = writeBigProfile(file);
  const request: AnalyzeRequest = { sources: [file], roots: [{ name: 'app', path: dir }], pathMappings: [], allowGit: false, limits };

  // The worker's own wiring (profileWorker.ts): one scheduler, its handlers at the priority BACKGROUND_KINDS says.
  const state = new WorkerState(() => {});
  const scheduler = new Scheduler();
  let nextId = 0;
  async function send<K extends Scheduled>(kind: K, params: ParamsOf<ProfileWorkerVocabulary, K>, progress: (m: string) => void = () => {}, signal = new AbortController().signal): Promise<ResultOf<ProfileWorkerVocabulary, K>> {
    const body = HANDLERS[kind] as WorkerHandler<K>;
    const handler = scheduler.handler((p: ParamsOf<ProfileWorkerVocabulary, K>, job) => body(p, job, state), BACKGROUND_KINDS.has(kind) ? 'background' : undefined);
    // As the extension host sends it: at the default priority (user).
    const incoming: IncomingRequest = { id: nextId++, kind, priority: 'user', signal, progress };
    const answer = await handler(params, incoming);
    return answer instanceof Reply ? answer.result : answer;
  }

  it('a user\'s request that comes while the edges are counted is answered between two chunks, before the edges', async () => {
    assert.ok(stacks > 2 * EDGE_CHUNK_STACKS, 'a profile of several chunks');
    await send('analyze', request); // the model and its analysis, as a load has them before it asks for edges
    const events: string[] = [];
    let analysis: Promise<unknown> | undefined;
    const edges = send('functionDetails', request, (message) => {
      const counted = COUNTING.exec(message);
      if (!counted || counted[1] === '0') return;
      events.push(`edges: ${counted[1]} stacks counted`);
      // A flame graph's analysis asked for while the edges are half counted.
      analysis ??= send('analyze', request).then(() => events.push('analysis answered'));
    }).then(() => events.push('edges answered'));
    await Promise.all([edges, analysis]);
    assert.ok(analysis, 'the edges were counted in chunks');
    const answered = events.indexOf('analysis answered');
    assert.ok(answered > 0 && answered < events.indexOf('edges answered'), `the user's request first: ${events.join(', ')}`);
    assert.ok(events.slice(answered).some((e) => e.startsWith('edges:')), `answered while the edges were still being counted: ${events.join(', ')}`);
  });

  it('a cancel is honoured between two chunks; the edges of a selection are counted once, then kept beside the model', async () => {
    const other: AnalyzeRequest = { ...request, frames: { hide: '^syscall_' } };
    await send('analyze', other);
    const abort = new AbortController();
    const chunksCounted: string[] = [];
    const cancelled = send('functionDetails', other, (message) => {
      const counted = COUNTING.exec(message);
      if (!counted || counted[1] === '0') return;
      chunksCounted.push(counted[1]);
      abort.abort();
    }, abort.signal);
    await assert.rejects(cancelled, (e) => isCancelled(e));
    assert.deepEqual(chunksCounted, [String(EDGE_CHUNK_STACKS)], 'no chunk counted after the cancel');

    const counting = (log: string[]) => (message: string) => { if (COUNTING.test(message)) log.push(message); };
    const first: string[] = [];
    const counted = await send('functionDetails', other, counting(first));
    assert.ok(first.length > 2, 'the cancelled count kept nothing: counted again, in chunks');
    assert.ok(counted.callers.fn.length > 0 && counted.callees.fn.length > 0, 'functions with callers and callees');
    const second: string[] = [];
    const again = await send('functionDetails', other, counting(second));
    assert.deepEqual(second, [], 'the same selection reloaded: no edge counted again');
    assert.deepEqual(again, counted, 'the same edges');
    // The analysis of a reload numbers the same rows: its edges are still the kept ones.
    await send('analyze', other);
    const third: string[] = [];
    assert.deepEqual(await send('functionDetails', other, counting(third)), counted);
    assert.deepEqual(third, []);
  });
});
