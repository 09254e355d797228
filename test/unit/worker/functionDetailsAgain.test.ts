// A shown profile's function details (the hover's callers, callees and "Spent in (span)") when their request ends
// without them: the real profile worker stops (it crashed, ran out of memory) while the details wait behind a user's
// request that holds its thread. The hover that then finds them missing asks again — once per load: when that fails
// too, the functions stay without them and nothing asks again; a profile no longer shown asks nothing.
// Order is made by conditions (the user's request said it started; the details are background work, so they cannot
// run before it ends), never by durations.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { after, describe, it } from 'node:test';
import { FunctionDetailsRequest } from '../../../src/editor/functionDetailsRequest';
import { holdDetails, unpackWorkspaceProfile, type FunctionDetailsHolder } from '../../../src/editor/unpackProfile';
import { ChannelClosed } from '../../../src/rpc/endpoint';
import { WorkerClient } from '../../../src/rpc/workerClient';
import type { AnalyzeRequest } from '../../../src/shared/analyzeProtocol';
import type { ProfileWorkerVocabulary, WorkerHostVocabulary } from '../../../src/shared/workerProtocol';
import { until } from '../../harness/wait';
import { writeBigProfile } from './helpers/bigProfile';
import { startTsWorker } from './helpers/startWorker';

const limits = { maxDecompressedBytes: 256 << 20, maxSamples: 1e7, maxStrings: 1e6 };
const spans = join(__dirname, '../../fixtures/spans');

describe('function details asked again after their request ended without them', () => {
  const dir = mkdtempSync(join(tmpdir(), 'perflens-details-again-'));
  const big = join(dir, 'big.collapsed');
  writeBigProfile(big);
  const workers: ChildProcess[] = [];
  const log: string[] = [];
  const client = new WorkerClient<WorkerHostVocabulary, ProfileWorkerVocabulary>(() => {
    const worker = startTsWorker(join(__dirname, '../../../src/worker/profileWorker.ts'));
    workers.push(worker);
    return worker;
  }, { name: 'profile worker', log: (l) => log.push(l), cancelDeadlineMs: 60_000 });
  after(() => {
    client.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const request: AnalyzeRequest = { sources: [join(spans, 'cpu.pb.gz')], typeName: 'cpu', roots: [{ name: 'go-service', path: spans }], pathMappings: [], allowGit: false, limits };

  /** The profile as the session shows it (its analysis), before its details are asked for. */
  async function analyzed() {
    const holder = {} as FunctionDetailsHolder;
    const profile = await unpackWorkspaceProfile(await client.request('analyze', request), holder);
    return { holder, spin: () => profile.functions.find((f) => f.name === 'main.spin')! };
  }

  /** Its details, asked for as the session asks them: in its lane, until the profile is no longer shown. */
  function askDetails(holder: FunctionDetailsHolder, shown = new AbortController()) {
    const asked: string[] = [];
    const failures: { error: unknown; again: boolean }[] = [];
    const details = new FunctionDetailsRequest((options) => {
      asked.push(options.priority);
      return client.request('functionDetails', request, { ...options, signal: shown.signal, lane: 'session-details' });
    }, (d) => holdDetails(holder, d), { shownUntil: shown.signal, failed: (error, again) => failures.push({ error, again }) });
    return { details, asked, failures };
  }

  /**
   * A user's request (a big profile's analysis) holds the worker; once it said it started, `ask` asks for
   * details, which wait behind it (as background work, or as a user's request that came later); once `asked` says
   * they were sent, the worker stops, as it does when it crashes or runs out of memory. False when the analysis
   * ended before the worker stopped (a loaded machine held this test's thread for its whole second): the details
   * may have run, so the caller starts over.
   */
  async function workerStopsWhileWaiting(ask: () => void, asked: () => boolean): Promise<boolean> {
    const progress: string[] = [];
    const holding = client.request('analyze', { ...request, sources: [big], roots: [] }, { onProgress: (m) => progress.push(m) });
    await until(() => progress.length > 0, 'the big analysis to start', { everyMs: 1 });
    ask();
    await until(asked, 'the details to be asked for', { everyMs: 1 });
    workers[workers.length - 1].kill('SIGKILL');
    return holding.then(() => false, (e: unknown) => {
      assert.ok(e instanceof ChannelClosed, String(e));
      return true;
    });
  }

  /** Runs `scenario` until the worker stopped while the details waited (it says so), at most five times. */
  async function whileWaiting<T>(scenario: () => Promise<T | undefined>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const found = await scenario();
      if (found !== undefined) return found;
      assert.ok(attempt < 5, 'the big analysis always ended before the worker stopped');
    }
  }

  it('the worker stops while the details wait: the hover that finds them missing asks again, once, and gets the span names', async () => {
    const { shown, d } = await whileWaiting(async () => {
      const shown = await analyzed();
      let d!: ReturnType<typeof askDetails>;
      return (await workerStopsWhileWaiting(() => { d = askDetails(shown.holder); }, () => d.asked.length === 1)) ? { shown, d } : undefined;
    });
    await until(() => d.failures.length === 1, 'the first ask to end');
    assert.ok(d.failures[0].error instanceof ChannelClosed, String(d.failures[0].error));
    assert.equal(d.failures[0].again, true);
    assert.equal(shown.spin().spanNames, undefined, 'no span names yet');

    await d.details.wait(); // the hover
    assert.deepEqual(d.asked, ['background', 'user'], 'asked again, as a user\'s request');
    assert.deepEqual(shown.spin().spanNames?.map((s) => s.name).sort(), ['GET /search', 'POST /checkout']);
    assert.ok(shown.spin().callers.length > 0, 'and its callers');
    await d.details.wait();
    assert.deepEqual(d.asked, ['background', 'user'], 'held: not asked again');
    assert.equal(d.failures.length, 1);
  });

  it('when the ask again ends without them too, the functions stay without them and no later hover asks again', async () => {
    const { shown, d, hover } = await whileWaiting(async () => {
      const shown = await analyzed();
      let d!: ReturnType<typeof askDetails>;
      if (!(await workerStopsWhileWaiting(() => { d = askDetails(shown.holder); }, () => d.asked.length === 1))) return undefined;
      let hover!: Promise<void>;
      return (await workerStopsWhileWaiting(() => { hover = d.details.wait(); }, () => d.asked.length === 2)) ? { shown, d, hover } : undefined;
    });
    await hover;
    assert.deepEqual(d.failures.map((f) => f.again), [true, false]);
    assert.equal(shown.spin().spanNames, undefined);
    await d.details.wait();
    await d.details.wait();
    assert.deepEqual(d.asked, ['background', 'user'], 'once per load, not in a loop');
  });

  it('a profile no longer shown: its details, stopped, are not asked again nor reported', async () => {
    const shown = await analyzed();
    const notShown = new AbortController();
    const d = askDetails(shown.holder, notShown);
    notShown.abort(); // another profile is shown
    await d.details.wait();
    assert.deepEqual(d.asked, ['background']);
    assert.deepEqual(d.failures, []);
    assert.ok(log.every((l) => /was killed|exited/.test(l)), log.join('\n'));
  });
});
