// The worker's scheduling: the user's requests before background work, background work giving way between its
// steps, cancellation before and during a request. Order of completion is asserted, never durations: "slow" is a
// gate the test holds shut.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { isCancelled } from '../../../src/rpc/cancelled';
import { Urgency } from '../../../src/rpc/endpoint';
import { WorkerClient } from '../../../src/rpc/workerClient';
import { Scheduler } from '../../../src/worker/scheduler';
import type { GatedHostVocabulary, GatedVocabulary } from './helpers/gatedWorker';
import { startTsWorker } from './helpers/startWorker';
import { until } from '../../harness/wait';

const entry = join(__dirname, 'helpers', 'gatedWorker.ts');

/** A gate the test opens by hand. */
function gate() {
  let open = () => {};
  const opened = new Promise<void>((r) => { open = r; });
  return { opened, open };
}

describe('the worker\'s scheduler', () => {
  it('the next job starts only once what the last one sent is written: its answer does not wait behind the next job\'s work', async () => {
    const written = gate();
    let unwritten = false;
    let asked = 0;
    const s = new Scheduler({ whenSent: () => { asked++; return unwritten ? written.opened : undefined; } });
    const events: string[] = [];
    const never = new AbortController().signal;
    const answered = s.run('user', never, () => {}, async () => {
      unwritten = true; // a 5 MB answer, handed to the IPC channel and written a socket buffer at a time
      events.push('heat answered');
    });
    const next = s.run('background', never, () => {}, async () => {
      events.push('stack order started');
    });
    await answered;
    const askedBefore = asked;
    await until(() => asked > askedBefore, 'the scheduler to look for the next job');
    assert.deepEqual(events, ['heat answered'], 'the next job waits while the answer is being written');
    unwritten = false;
    written.open();
    await next;
    assert.deepEqual(events, ['heat answered', 'stack order started']);
  });

  it('a user request that arrives while background work runs completes first; the background work resumes after it', async () => {
    const s = new Scheduler();
    const done: string[] = [];
    const slowStep = gate();
    let backgroundStarted = false;
    const background = s.run('background', new AbortController().signal, () => {}, async (job) => {
      backgroundStarted = true;
      await slowStep.opened; // a long step of work, still holding the thread
      await job.step();
      await job.step();
      done.push('timeline totals');
    });
    await until(() => backgroundStarted, 'the background work to start', { everyMs: 1 });
    const user = s.run('user', new AbortController().signal, () => {}, async (job) => {
      await job.step();
      done.push('heat of the open file');
    });
    slowStep.open();
    await Promise.all([background, user]);
    assert.deepEqual(done, ['heat of the open file', 'timeline totals']);
  });

  it('requests of the same priority complete in the order they came, even when they give way at steps', async () => {
    const s = new Scheduler();
    const done: string[] = [];
    const job = (name: string) => s.run('user', new AbortController().signal, () => {}, async (j) => {
      for (let i = 0; i < 3; i++) await j.step();
      done.push(name);
    });
    await Promise.all([job('a'), job('b'), job('c')]);
    assert.deepEqual(done, ['a', 'b', 'c']);
  });

  it('a request cancelled while it waits ends at once; one cancelled while it runs ends at its next step; the next one runs', async () => {
    const s = new Scheduler();
    const holding = gate();
    let steps = 0;
    let started = false;
    const runningAbort = new AbortController();
    const running = s.run('user', runningAbort.signal, () => {}, async (job) => {
      started = true;
      await holding.opened;
      steps++;
      await job.step();
      steps++;
    });
    await until(() => started, 'the first request to run', { everyMs: 1 });
    const waitingAbort = new AbortController();
    const waiting = s.run('background', waitingAbort.signal, () => {}, async () => 'never runs');
    waitingAbort.abort();
    await assert.rejects(waiting, (e) => isCancelled(e));
    runningAbort.abort();
    holding.open();
    await assert.rejects(running, (e) => isCancelled(e));
    assert.equal(steps, 1, 'the step after the cancel did not run');
    assert.equal(await s.run('user', new AbortController().signal, () => {}, async () => 'next'), 'next');
  });
});

describe('a worker thread with the scheduler behind the rpc endpoint', () => {
  const log: string[] = [];
  const client = new WorkerClient<GatedHostVocabulary, GatedVocabulary>(() => startTsWorker(entry), { name: 'test worker', log: (l) => log.push(l), cancelDeadlineMs: 200 });
  after(() => client.dispose());

  it('a background request in flight does not delay a user request: the user\'s completes first', async () => {
    const done: string[] = [];
    const progress: string[] = [];
    // The first step of the background request is slow: its gate stays shut until the user's request is in.
    await client.request('work', { name: 'warm-up', steps: 1 });
    client.notify('open', { gate: '!timeline:0' });
    const background = client.request('work', { name: 'timeline', steps: 3 }, { priority: 'background', onProgress: (m) => progress.push(m) })
      .then((n) => { done.push(n); });
    await until(() => progress.includes('timeline at step 0'), 'the background request to be in its first step', { everyMs: 1 });
    const user = client.request('work', { name: 'flame graph', steps: 2 }).then((n) => { done.push(n); });
    client.notify('open', { gate: 'timeline:0' });
    await Promise.all([background, user]);
    assert.deepEqual(done, ['flame graph', 'timeline']);
  });

  it('a background request raised by its sender (a hover now waits on it) goes before the background work that waited longer', async () => {
    const done: string[] = [];
    const progress: string[] = [];
    client.notify('open', { gate: '!totals:0' });
    // The timeline's totals hold the thread; the companion's analysis waits; then the hover's details are asked for.
    const timeline = client.request('work', { name: 'totals', steps: 2 }, { priority: 'background', onProgress: (m) => progress.push(m) }).then((n) => { done.push(n); });
    await until(() => progress.includes('totals at step 0'), 'the timeline to be in its first step', { everyMs: 1 });
    const companion = client.request('work', { name: 'companion', steps: 2 }, { priority: 'background' }).then((n) => { done.push(n); });
    const urgency = new Urgency();
    const details = client.request('work', { name: 'details', steps: 2 }, { priority: 'background', urgency }).then((n) => { done.push(n); });
    urgency.raise();
    // Messages arrive in order: the raise is in before the gate opens.
    client.notify('open', { gate: 'totals:0' });
    await Promise.all([timeline, companion, details]);
    assert.ok(done.indexOf('details') < done.indexOf('companion'), `the raised request first: ${done.join(', ')}`);
    assert.ok(done.indexOf('details') < done.indexOf('totals'), `and before the rest of the running background work: ${done.join(', ')}`);
  });

  it('a request still running past the deadline after its cancel gets the worker replaced; the request waiting behind it is answered by the new one', async () => {
    const abort = new AbortController();
    const progress: string[] = [];
    const spinning = client.request('spin', {}, { signal: abort.signal, onProgress: (m) => progress.push(m) });
    await until(() => progress.includes('spinning'), 'the spin to start', { everyMs: 1 });
    const behind = client.request('work', { name: 'waiting behind', steps: 1 });
    abort.abort();
    await assert.rejects(spinning, (e) => isCancelled(e));
    assert.equal(await behind, 'waiting behind');
    assert.ok(log.some((l) => /cancelled spin request was still running .* replaced/.test(l)), log.join('\n'));
  });
});
