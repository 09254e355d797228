// The real Pyroscope Node SDK (@pyroscope/nodejs, a devDependency) pushing wall profiles with CPU time, and heap
// profiles, into `perflens collect --ingest` through a recording proxy. A profile with a wall sample type is named
// `wall` by Pyroscope even when it carries CPU time: it must land under `wall`, and the store must offer both its
// wall and its CPU time, with the totals that were sent.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { multipartBoundary, parseMultipart } from '../../src/collector/ingest/multipart';
import { LocalStore } from '../../src/sources/store/local-store';
import { runPyroscopeApp } from '../unit/collector/helpers/pyroscope-app-runner';
import { startCaptureProxy, type CaptureProxy } from './sdk/capture-proxy';
import { repoRoot, startCollector, type RunningCollector } from './sdk/collector';
import { addTotals, sentTotals, storedTotals } from './sdk/totals';

const VERSION = (JSON.parse(readFileSync(join(repoRoot, 'node_modules/@pyroscope/nodejs/package.json'), 'utf8')) as { version: string }).version;

describe(`@pyroscope/nodejs ${VERSION} pushes into perflens collect --ingest`, () => {
  let collector: RunningCollector;
  let proxy: CaptureProxy;

  before(async () => {
    collector = await startCollector();
    proxy = await startCaptureProxy(collector.url);
    const count = (type: string) => collector.stored.filter((s) => s.type === type).length;
    await runPyroscopeApp(proxy.url, { version: '5.0.0' }, () => count('wall') >= 2 && count('inuse_space') >= 1, { collectCpuTime: true });
  });

  after(async () => {
    await proxy?.close();
    await collector?.stop();
  });

  /** The pprof an upload carries: the body itself (0.6 on npm) or its multipart `profile` part (newer sources). */
  const profileOf = (r: CaptureProxy['captured'][number]): Buffer => {
    const boundary = multipartBoundary(r.headers['content-type']);
    return boundary === undefined ? r.body : parseMultipart(r.body, boundary).find((p) => p.name === 'profile')!.data;
  };

  it('every upload to /ingest is accepted and stored once under checkout and its version', () => {
    assert.ok(proxy.captured.length >= 3);
    for (const r of proxy.captured) {
      assert.equal(r.path.split('?')[0], '/ingest');
      assert.equal(r.status, 200, r.answer);
    }
    assert.deepEqual(collector.refused, []);
    assert.equal(collector.stored.length, proxy.captured.length);
    for (const s of collector.stored) assert.deepEqual([s.service, s.version], ['checkout', '5.0.0']);
  });

  it('stores wall profiles with CPU time under wall, with the sent totals, and offers both types', async () => {
    const walls = proxy.captured.map(profileOf).filter((p) => sentTotals(p).has('wall'));
    assert.ok(walls.every((p) => sentTotals(p).has('cpu')), 'the SDK sent CPU time in its wall profiles');
    const stored = collector.stored.filter((s) => s.type === 'wall');
    assert.equal(stored.length, walls.length);
    const sent = new Map<string, number>();
    for (const p of walls) addTotals(sent, sentTotals(p));
    assert.deepEqual(storedTotals(stored.map((s) => s.path)), sent);
    const local = new LocalStore(collector.store);
    const types = (await local.listProfileTypes('checkout')).map((t) => t.type);
    for (const t of ['cpu', 'wall', 'inuse_space']) assert.ok(types.includes(t), `${t} in ${types.join(', ')}`);
  });

  it('stores heap profiles under inuse_space with the sent totals', () => {
    const heaps = proxy.captured.map(profileOf).filter((p) => sentTotals(p).has('inuse_space'));
    const stored = collector.stored.filter((s) => s.type === 'inuse_space');
    assert.equal(stored.length, heaps.length);
    const sent = new Map<string, number>();
    for (const p of heaps) addTotals(sent, sentTotals(p));
    assert.deepEqual(storedTotals(stored.map((s) => s.path)), sent);
  });
});
