// pprof over HTTP against a real Go program serving net/http/pprof (test/fixtures/sources/go-pprof-server),
// built with Debian's Go into a temp folder. Captures are 1 s.
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createSource } from '../../../src/sources/create-source';
import { SourceError } from '../../../src/sources/errors';
import type { ProfileSource, ProgressEvent } from '../../../src/sources/types';
import { cumulativeByFunction, decode, flatByFunction, total } from './helpers/profiles';
import { until } from '../../harness/wait';
import { buildGoServer, startListening, type RunningService } from './helpers/services';

describe('pprof over HTTP: real Go net/http/pprof server', () => {
  let cleanup = () => {};
  let server: RunningService;
  let source: ProfileSource;

  before(async () => {
    const built = await buildGoServer();
    cleanup = built.cleanup;
    server = await startListening(built.binary, []);
    source = createSource(`pprof+http://${server.address}`, { retry: { retries: 0 } });
  });

  after(async () => {
    await server?.stop();
    cleanup();
  });

  it('lists the profile types the server index links to', async () => {
    const types = (await source.listProfileTypes()).map((t) => t.type);
    for (const t of ['cpu', 'alloc_space', 'inuse_space', 'mutex_delay', 'block_delay', 'goroutine']) assert.ok(types.includes(t), `${t} in ${types}`);
    assert.ok(!types.includes('wall'), 'Go serves no wall profile');
    assert.deepEqual(await source.listServices(), [server.address]);
  });

  it('captures a 1 s CPU profile whose hottest function is the program\'s busy loop, reporting progress', async () => {
    const progress: ProgressEvent[] = [];
    const [fetched, ...rest] = await source.fetchProfiles({ service: server.address, type: 'cpu', seconds: 1 }, { onProgress: (e) => progress.push(e) });
    assert.equal(rest.length, 0);
    assert.equal(fetched.type, 'cpu');
    assert.equal(fetched.gzipped, true);
    assert.equal(fetched.origin, `http://${server.address}/debug/pprof/profile?seconds=1`);
    const p = decode(fetched.bytes);
    const flat = flatByFunction(p, 'cpu');
    const spin = flat.get('main.spinChecksum') ?? 0;
    assert.ok(spin > 0.3 * total(p, 'cpu'), `spinChecksum has ${spin} of ${total(p, 'cpu')} ns`);
    assert.ok(progress.some((e) => /capturing a 1 s profile/.test(e.message)), JSON.stringify(progress));
  });

  it('fetches heap (in-use and allocated) with the program\'s allocating function', async () => {
    const [inuse] = await source.fetchProfiles({ service: server.address, type: 'inuse_space' });
    assert.ok((cumulativeByFunction(decode(inuse.bytes), 'inuse_space').get('main.allocateRecords') ?? 0) > 0);
    const [allocs] = await source.fetchProfiles({ service: server.address, type: 'alloc_space' });
    assert.match(allocs.origin, /\/debug\/pprof\/allocs$/);
    assert.ok((cumulativeByFunction(decode(allocs.bytes), 'alloc_space').get('main.allocateRecords') ?? 0) > 0);
  });

  it('fetches mutex, block and goroutine profiles showing the program\'s own functions', async () => {
    const [mutex] = await source.fetchProfiles({ service: server.address, type: 'mutex_delay' });
    assert.ok((cumulativeByFunction(decode(mutex.bytes), 'delay').get('main.(*ledger).contendLedger') ?? 0) > 0);
    const [block] = await source.fetchProfiles({ service: server.address, type: 'block' });
    assert.equal(block.type, 'block_delay');
    assert.ok((cumulativeByFunction(decode(block.bytes), 'delay').get('main.waitForTicks') ?? 0) > 0);
    const [goroutines] = await source.fetchProfiles({ service: server.address, type: 'goroutine' });
    assert.ok((cumulativeByFunction(decode(goroutines.bytes), 'goroutine').get('main.waitForTicks') ?? 0) >= 1);
  });

  it('reports a second concurrent CPU capture as busy, and retries it when asked', async () => {
    // Two long captures at once: whichever reaches the server second is refused as busy, the other holds the
    // profiler until it is cancelled — so the test knows a capture is running without guessing when it started.
    const controllers = [new AbortController(), new AbortController()];
    const captures = controllers.map((c, i) => source.fetchProfiles({ service: server.address, type: 'cpu', seconds: 60 }, { signal: c.signal }).then(
      () => ({ i, error: undefined as unknown }),
      (error: unknown) => ({ i, error })));
    const refused = await Promise.race(captures);
    const e = refused.error;
    assert.ok(e instanceof SourceError, String(e));
    assert.equal(e.kind, 'busy');
    assert.equal(e.status, 500);
    assert.match(e.message, /another CPU profile is already being captured/);
    assert.match(e.message, new RegExp(`GET http://${server.address}/debug/pprof/profile\\?seconds=60`));
    assert.equal(e.attempts, 1, 'a busy profiler is not retried as a plain 500');
    const holder = controllers[1 - refused.i];

    const patient = createSource(`pprof+http://${server.address}`, { retry: { retries: 0 }, busyRetries: 1000, busyRetryDelayMs: 200 });
    const retried: string[] = [];
    const second = patient.fetchProfiles({ service: server.address, type: 'cpu', seconds: 1 }, { onProgress: (m) => retried.push(m.message) });
    await until(() => retried.some((m) => /another CPU profile is running; retrying/.test(m)), 'the patient capture to be told the profiler is busy');
    holder.abort();
    const [b] = await second;
    assert.ok((flatByFunction(decode(b.bytes), 'cpu').get('main.spinChecksum') ?? 0) > 0);
    assert.equal((await captures[1 - refused.i]).error instanceof SourceError, true, 'the held capture ends cancelled');
  });

  it('cancels a capture: the call rejects at once and the server can profile again', async () => {
    const controller = new AbortController();
    const capture = source.fetchProfiles({ service: server.address, type: 'cpu', seconds: 30 }, { signal: controller.signal });
    // The user cancels once the capture runs on the server: its goroutine profile shows pprof's handler at work.
    await until(async () => {
      const [g] = await source.fetchProfiles({ service: server.address, type: 'goroutine' });
      return (cumulativeByFunction(decode(g.bytes), 'goroutine').get('net/http/pprof.Profile') ?? 0) > 0;
    }, 'the server to be capturing the CPU profile');
    controller.abort();
    await assert.rejects(capture, (e: unknown) => e instanceof SourceError && e.kind === 'cancelled');
    // Go stops the capture when the client goes away; until it has, the profiler answers busy: retry until then.
    const again = createSource(`pprof+http://${server.address}`, { retry: { retries: 0 }, busyRetries: 1000, busyRetryDelayMs: 200 });
    const [p] = await again.fetchProfiles({ service: server.address, type: 'cpu', seconds: 1 });
    assert.ok(decode(p.bytes).samples.count > 0);
  });

  it('says when the server has no such profile', async () => {
    const wrong = createSource(`http://${server.address}/nothere/debug/pprof`, { retry: { retries: 0 } });
    await assert.rejects(wrong.fetchProfiles({ service: 'x', type: 'goroutine' }), (e: unknown) => {
      assert.ok(e instanceof SourceError);
      assert.equal(e.kind, 'not-found');
      assert.match(e.message, /does not serve the goroutine profile \(HTTP 404/);
      return true;
    });
  });
});
