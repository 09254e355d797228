// The flame graph's stack order is made in the worker's idle time after the heat: background work in slices, counted
// in the model cache's budget. A user's request that comes meanwhile runs between two slices, and a flame graph that
// needs the order finishes the same sort — no slice is sorted again, and the tree is the one made without idle time.
// Order of events is asserted, never durations.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { keptOrderBytes } from '../../../src/core/aggregate/stackOrders';
import { keptFilterTables } from '../../../src/core/query/frameFilter';
import { Reply, type IncomingRequest } from '../../../src/rpc/endpoint';
import type { ParamsOf, ResultOf } from '../../../src/rpc/protocol';
import type { AnalyzeRequest } from '../../../src/shared/analyzeProtocol';
import type { FlameGraphRequest } from '../../../src/shared/flamegraphProtocol';
import type { ProfileWorkerVocabulary } from '../../../src/shared/workerProtocol';
import { BACKGROUND_KINDS, HANDLERS, type Scheduled } from '../../../src/worker/handlers';
import type { WorkerHandler } from '../../../src/worker/handlers/handler';
import { Scheduler, type Job } from '../../../src/worker/scheduler';
import { WorkerState } from '../../../src/worker/workerState';
import { until } from '../../harness/wait';
import { writeBigProfile } from './helpers/bigProfile';

const limits = { maxDecompressedBytes: 256 << 20, maxSamples: 1e7, maxStrings: 1e6 };
const ORDERING = /^ordering \d+ stacks for the flame graph$/;
/** Small slices: the test profile's order takes many. */
const SLICE = 20_000;

describe('the flame graph\'s stack order in the worker\'s idle time', () => {
  const dir = mkdtempSync(join(tmpdir(), 'perflens-idle-orders-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'big.collapsed');
  writeBigProfile(file);
  const request: AnalyzeRequest = { sources: [file], roots: [{ name: 'app', path: dir }], pathMappings: [], allowGit: false, limits };

  /** The worker's wiring (profileWorker.ts): one scheduler for the requests and the background work, logged in `events`. */
  function worker(withIdleTime: boolean, onSlice: () => void = () => {}) {
    const scheduler = new Scheduler();
    const events: string[] = [];
    const background: Promise<void>[] = [];
    const run = (body: (job: Job) => Promise<void>) => {
      const progress = (m: string) => {
        events.push(ORDERING.test(m) ? 'slice' : m);
        if (ORDERING.test(m)) onSlice();
      };
      background.push(scheduler.run('background', new AbortController().signal, progress, body).then(() => { events.push('order made'); }));
    };
    const state = new WorkerState(() => {}, withIdleTime ? { run, sliceUnits: SLICE } : undefined);
    let nextId = 0;
    async function send<K extends Scheduled>(kind: K, params: ParamsOf<ProfileWorkerVocabulary, K>): Promise<ResultOf<ProfileWorkerVocabulary, K>> {
      const body = HANDLERS[kind] as WorkerHandler<K>;
      const handler = scheduler.handler((p: ParamsOf<ProfileWorkerVocabulary, K>, job) => body(p, job, state), BACKGROUND_KINDS.has(kind) ? 'background' : undefined);
      const incoming: IncomingRequest = { id: nextId++, kind, priority: 'user', signal: new AbortController().signal, progress: () => {} };
      const answer = await handler(params, incoming);
      return answer instanceof Reply ? answer.result : answer;
    }
    return { state, events, background, send };
  }

  const graphOf = async (w: ReturnType<typeof worker>) => {
    const type = w.state.models.held()[0].model.sampleTypes[0].type;
    const graph: FlameGraphRequest = { sources: [file], typeName: type, limits, analysis: request };
    return w.send('flameGraph', graph);
  };

  it('is made after the heat is answered, in slices, and counted with the model; the flame graph is the one made without it', async () => {
    const w = worker(true);
    await w.send('analyze', request);
    assert.deepEqual(w.events, [], 'nothing sorted before the heat was answered');
    const before = w.state.models.bytes;
    await Promise.all(w.background);
    const slices = w.events.filter((e) => e === 'slice').length;
    assert.ok(slices > 3, `made in slices: ${w.events.join(', ')}`);
    const { model } = w.state.models.held()[0];
    const orderBytes = keptOrderBytes(model.stacks);
    assert.ok(orderBytes >= 8 * 4 * model.stacks.count, `8 columns per stack: ${orderBytes} bytes for ${model.stacks.count} stacks`);
    assert.equal(w.state.models.bytes - before, orderBytes, 'counted in the model cache\'s budget');
    await w.send('analyze', request);
    assert.equal(w.background.length, 1, 'ordered once per stack table');

    const plain = worker(false);
    await plain.send('analyze', request);
    const [idle, made] = [await graphOf(w), await graphOf(plain)];
    assert.deepEqual(new Uint8Array(idle.tree), new Uint8Array(made.tree));
    assert.deepEqual(new Uint8Array(idle.annotations), new Uint8Array(made.annotations));
    assert.equal(plain.state.models.bytes, w.state.models.bytes, 'the flame graph that sorted counts its order too');
  });

  it('a flame graph asked for while the order is made runs between two slices and finishes that sort: no slice is sorted again', async () => {
    let graph: Promise<unknown> | undefined;
    // At the first slice, the user opens the flame graph.
    const w = worker(true, () => {
      graph ??= graphOf(w).then(() => w.events.push('graph answered'));
    });
    await w.send('analyze', request);
    await Promise.all(w.background);
    await graph;
    assert.deepEqual(w.events, ['slice', 'graph answered', 'order made'], 'answered after one slice; the order was the graph\'s to finish');
  });

  it('stops ordering a frame filter\'s stacks once newer filters pushed them out, and lets go of what it had sorted', async () => {
    let evicting: Promise<unknown> | undefined;
    let armed = false;
    // Each filter hides a frame of every stack, so each rewritten table is sorted whole, in many slices. At the first
    // slice of the first filter's order, the user tries four other filters (the worker keeps four per model).
    const w = worker(true, () => {
      if (!armed || evicting) return;
      evicting = Promise.all(['^main$', '^route_', '^write_', '^syscall_'].map((hide) => w.send('analyze', { ...request, frames: { hide } })));
    });
    await w.send('analyze', request);
    await Promise.all(w.background);
    armed = true;
    await w.send('analyze', { ...request, frames: { hide: '^serve$' } });
    const { model } = w.state.models.held()[0];
    const [first] = keptFilterTables(model);
    await until(() => evicting, 'the other filters tried');
    await evicting;
    await Promise.all(w.background);
    const kept = keptFilterTables(model);
    assert.equal(kept.includes(first), false, 'the first filter is no longer kept');
    assert.equal(keptOrderBytes(first), 0, 'its order was given up unfinished, and what it had sorted let go');
    assert.equal(kept.length, 4);
    for (const t of kept) assert.ok(keptOrderBytes(t) > 0, 'the kept filters are ordered');
  });

  it('gives up when the model is let go meanwhile', async () => {
    const w = worker(true, () => w.state.release());
    await w.send('analyze', request);
    await Promise.all(w.background);
    assert.deepEqual(w.events, ['slice', 'order made']);
    assert.equal(w.state.models.bytes, 0);
  });
});
