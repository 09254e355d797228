// The Pyroscope client against a fake server that follows the published Connect API schema and checks every
// request strictly (helpers/fake-pyroscope.ts), for what a real server will not do on demand (errors, limits,
// hostile replies). test/peers/pyroscope.test.ts runs the client against the real Grafana Pyroscope.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createSource } from '../../../src/sources/create-source';
import { SourceError } from '../../../src/sources/errors';
import type { ProgressEvent } from '../../../src/sources/types';
import { connectError, startFakePyroscope, type FakePyroscopeData } from './helpers/fake-pyroscope';
import { decode, fixtureRaw, flatByFunction } from './helpers/profiles';
import { startServer } from './helpers/test-server';
import { fields, num } from './helpers/wire';

const NOW = Date.UTC(2026, 7, 1, 12, 0, 0);
const HOUR = 3_600_000;
const CPU = 'process_cpu:cpu:nanoseconds:cpu:nanoseconds';
const EBPF = 'process_cpu:samples:count:cpu:nanoseconds';
const ALLOC = 'memory:alloc_space:bytes:space:bytes';
const OLD = '3f2c1ab';
const NEW = '9e8d7c6';

const cpuOld = fixtureRaw('go/cpu.pb.gz');
const cpuNew = fixtureRaw('go/cpu-trimpath.pb.gz');
const heap = fixtureRaw('go/heap.pb.gz');

const data: FakePyroscopeData = {
  types: { checkout: [EBPF, CPU, ALLOC], 'cart "v2"': [CPU] },
  labels: { checkout: { service_git_ref: [OLD, NEW] }, 'cart "v2"': { version: ['1.0'] } },
  seen: { checkout: { [OLD]: [NOW - 5 * HOUR, NOW - 3 * HOUR], [NEW]: [NOW - 2 * HOUR, NOW - HOUR] } },
  profiles: {
    [`checkout|${CPU}|${OLD}`]: cpuOld,
    [`checkout|${CPU}|${NEW}`]: cpuNew,
    [`checkout|${CPU}|`]: cpuOld,
    [`checkout|${ALLOC}|`]: heap,
    [`cart "v2"|${CPU}|`]: cpuNew,
  },
};

const deps = { now: () => NOW, retry: { retries: 0 } };

describe('Pyroscope source (fake server following the Connect API)', () => {
  it('lists services, the service\'s profile types (canonical names) and versions with first/last seen', async () => {
    const server = await startFakePyroscope({ data, tenant: 'team-a', authorization: 'Bearer glc_secret' });
    try {
      const source = createSource(`pyroscope+${server.url}`, { ...deps, tenant: 'team-a', credentials: { token: 'glc_secret' } });
      assert.deepEqual(await source.listServices(), ['cart "v2"', 'checkout']);
      assert.deepEqual(server.calls[0].body, { name: 'service_name', matchers: [], start: NOW - 24 * HOUR, end: NOW });

      const types = await source.listProfileTypes('checkout');
      assert.deepEqual(types.map((t) => [t.type, t.sourceId]), [
        ['cpu', CPU],
        ['alloc_space', ALLOC],
        [EBPF, EBPF],
      ]);
      assert.deepEqual((server.calls.at(-1)?.body as { matchers: string[] }).matchers, ['{service_name="checkout"}']);

      const versions = await source.listVersions('checkout', { type: 'cpu' });
      assert.deepEqual(versions, [
        { version: OLD, label: 'service_git_ref', firstSeenMs: NOW - 5 * HOUR, lastSeenMs: NOW - 3 * HOUR },
        { version: NEW, label: 'service_git_ref', firstSeenMs: NOW - 2 * HOUR, lastSeenMs: NOW - HOUR },
      ]);
      const series = server.calls.find((c) => c.method === 'SelectSeries')?.body as Record<string, unknown>;
      assert.equal(series.typeId, CPU);
      assert.deepEqual(series.groupBy, ['service_git_ref']);
      assert.equal(series.selector, '{service_name="checkout"}');
    } finally {
      await server.close();
    }
  });

  it('fetches one merged pprof per version, with the version in the selector', async () => {
    const server = await startFakePyroscope({ data, tenant: 'team-a', authorization: 'Bearer glc_secret' });
    try {
      const source = createSource(`pyroscope+${server.url}`, { ...deps, tenant: 'team-a', credentials: { token: 'glc_secret' } });
      const range = { fromMs: NOW - 6 * HOUR, toMs: NOW };
      const fetched = await source.fetchProfiles({ service: 'checkout', type: 'cpu', versions: [OLD, NEW], range });
      assert.deepEqual(fetched.map((f) => [f.version, f.type, f.service, f.gzipped, f.timeMs]), [
        [OLD, 'cpu', 'checkout', false, range.fromMs],
        [NEW, 'cpu', 'checkout', false, range.fromMs],
      ]);
      assert.deepEqual(Buffer.from(fetched[0].bytes), cpuOld);
      assert.deepEqual(Buffer.from(fetched[1].bytes), cpuNew);
      assert.ok((flatByFunction(decode(fetched[0].bytes), 'cpu').get('example.com/shop/pricing.SumPrices') ?? 0) > 0);
      const merges = server.calls.filter((c) => c.method === 'SelectMergeProfile').map((c) => c.body);
      assert.deepEqual(merges, [
        { typeId: CPU, selector: { service_name: 'checkout', service_git_ref: OLD }, start: range.fromMs, end: range.toMs },
        { typeId: CPU, selector: { service_name: 'checkout', service_git_ref: NEW }, start: range.fromMs, end: range.toMs },
      ]);
    } finally {
      await server.close();
    }
  });

  it('defaults to the last hour, escapes quotes in the service name, and speaks to a Grafana data source proxy path', async () => {
    const prefix = '/api/datasources/proxy/uid/P1809F7CD0C75ACF3';
    const server = await startFakePyroscope({ data, prefix, authorization: `Basic ${Buffer.from('12345:glc_pw').toString('base64')}` });
    try {
      const source = createSource(`pyroscope+${server.url}${prefix}/`, { ...deps, credentials: { username: '12345', password: 'glc_pw' } });
      const [p] = await source.fetchProfiles({ service: 'cart "v2"', type: 'cpu' });
      assert.deepEqual(Buffer.from(p.bytes), cpuNew);
      const merge = server.calls.find((c) => c.method === 'SelectMergeProfile')?.body as Record<string, unknown>;
      assert.deepEqual(merge, { typeId: CPU, selector: { service_name: 'cart "v2"' }, start: NOW - HOUR, end: NOW });
    } finally {
      await server.close();
    }
  });

  it('says there is no data when the merge is empty, and names the version that does not exist', async () => {
    const server = await startFakePyroscope({ data });
    try {
      const source = createSource(`pyroscope+${server.url}`, deps);
      await assert.rejects(source.fetchProfiles({ service: 'checkout', type: 'alloc_space', versions: [OLD] }), (e: unknown) => {
        assert.ok(e instanceof SourceError && e.kind === 'no-data', String(e));
        assert.match(e.message, /no memory:alloc_space:bytes:space:bytes samples for \{service_name="checkout",service_git_ref="3f2c1ab"\}/);
        return true;
      });
      await assert.rejects(source.fetchProfiles({ service: 'checkout', type: 'cpu', versions: ['deadbee'] }), (e: unknown) => {
        assert.ok(e instanceof SourceError && e.kind === 'no-data');
        assert.match(e.message, /has no version deadbee/);
        assert.match(e.message, /Versions it has: 3f2c1ab, 9e8d7c6/);
        return true;
      });
      await assert.rejects(source.fetchProfiles({ service: 'checkout', type: 'goroutine' }), (e: unknown) => {
        assert.ok(e instanceof SourceError && e.kind === 'no-data');
        assert.match(e.message, /Types for that service: cpu, alloc_space/);
        return true;
      });
    } finally {
      await server.close();
    }
  });

  it('maps Connect errors: unauthenticated → auth (token never shown), invalid_argument → config, unavailable retried', async () => {
    let unavailable = 0;
    const server = await startFakePyroscope({
      data,
      authorization: 'Bearer glsa_TOPSECRET',
      override: (method, req, res) => {
        const f = req.body.toString('latin1');
        if (method === 'LabelValues' && f.includes('__profile_type__')) {
          connectError(res, 401, 'unauthenticated', 'token glsa_TOPSECRET is expired');
          return true;
        }
        if (method === 'ProfileTypes') {
          connectError(res, 400, 'invalid_argument', 'query range too long');
          return true;
        }
        if (method === 'LabelValues') {
          unavailable++;
          connectError(res, 503, 'unavailable', 'ingesters restarting');
          return true;
        }
        return false;
      },
    });
    try {
      const source = createSource(`pyroscope+${server.url}`, { now: () => NOW, credentials: { token: 'glsa_TOPSECRET' }, retry: { retries: 2, baseDelayMs: 10, maxDelayMs: 20 } });
      await assert.rejects(source.listProfileTypes('checkout'), (e: unknown) => {
        assert.ok(e instanceof SourceError && e.kind === 'auth', String(e));
        assert.doesNotMatch(e.message, /TOPSECRET/);
        assert.match(e.message, /unauthenticated \(token \*\*\* is expired\)/);
        assert.equal(e.attempts, 1, 'auth failures are not retried');
        return true;
      });
      await assert.rejects(source.listProfileTypes(), (e: unknown) => e instanceof SourceError && e.kind === 'config' && /query range too long/.test(e.message));
      await assert.rejects(source.listServices(), (e: unknown) => {
        assert.ok(e instanceof SourceError && e.kind === 'server');
        assert.match(e.message, /LabelValues failed: unavailable \(ingesters restarting\) after 3 attempts/);
        return true;
      });
      assert.equal(unavailable, 3);
    } finally {
      await server.close();
    }
  });

  it('refuses a reply that is not a Connect reply (a login page)', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<html><body>Grafana login</body></html>');
    });
    try {
      const source = createSource(`pyroscope+${server.url}`, deps);
      await assert.rejects(source.listServices(), (e: unknown) => {
        assert.ok(e instanceof SourceError && e.kind === 'bad-response');
        assert.match(e.message, /LabelValues answered with content type text\/html instead of application\/proto/);
        assert.match(e.message, /login page/);
        return true;
      });
    } finally {
      await server.close();
    }
  });

  it('caches a settled past range on disk, serves it again without the server, and never caches failures', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'perflens-cache-'));
    const server = await startFakePyroscope({ data });
    try {
      const source = createSource(`pyroscope+${server.url}`, { ...deps, cacheDir });
      const range = { fromMs: NOW - 6 * HOUR, toMs: NOW - 2 * HOUR };
      const first = await source.fetchProfiles({ service: 'checkout', type: 'cpu', versions: [OLD], range });
      const requests = server.requests.length;
      const again = await source.fetchProfiles({ service: 'checkout', type: 'cpu', versions: [OLD], range });
      assert.equal(server.requests.length, requests, 'second fetch answered from the cache');
      assert.deepEqual(again.map((p) => Buffer.from(p.bytes)), first.map((p) => Buffer.from(p.bytes)));
      assert.equal(again[0].version, OLD);

      // A range ending now is not settled: not cached, always asked again.
      await source.fetchProfiles({ service: 'checkout', type: 'cpu', versions: [OLD], range: { fromMs: NOW - HOUR, toMs: NOW } });
      const entries = readdirSync(cacheDir, { recursive: true }).filter((n) => String(n).endsWith('manifest.json'));
      assert.equal(entries.length, 1);

      // A failed fetch (no data) leaves the cache as it was.
      await assert.rejects(source.fetchProfiles({ service: 'checkout', type: 'alloc_space', versions: [OLD], range }));
      assert.equal(readdirSync(cacheDir, { recursive: true }).filter((n) => String(n).endsWith('manifest.json')).length, 1);
    } finally {
      await server.close();
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });

  it('never follows a redirect to another origin with the token', async () => {
    const other = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/proto' });
      res.end();
    });
    const redirecting = await startServer((req, res) => {
      res.writeHead(307, { location: `${other.url}${req.path}` });
      res.end();
    });
    try {
      const source = createSource(`pyroscope+${redirecting.url}`, { ...deps, credentials: { token: 'glc_secret' } });
      await assert.rejects(source.listServices(), (e: unknown) => {
        assert.ok(e instanceof SourceError && e.kind === 'redirect');
        assert.match(e.message, new RegExp(`redirected to another origin \\(${other.url.replace(/[.]/g, '\\.')}\\)`));
        return true;
      });
      assert.equal(other.requests.length, 0);
    } finally {
      await other.close();
      await redirecting.close();
    }
  });
  it('asks a range longer than the server allows in windows of at most a day, and returns each window that has samples', async () => {
    // Samples 30 h and 1 h ago: the middle one of three windows is empty.
    const sampled = [NOW - 30 * HOUR, NOW - HOUR];
    const server = await startFakePyroscope({
      data,
      maxQueryMs: 24 * HOUR,
      override: (method, req, res) => {
        if (method !== 'SelectMergeProfile') return false;
        const f = fields(req.body, { 1: 2, 2: 2, 3: 0, 4: 0 });
        const [start, end] = [num(f.get(3)?.[0]), num(f.get(4)?.[0])];
        res.writeHead(200, { 'content-type': 'application/proto' });
        res.end(sampled.some((t) => t >= start && t <= end) ? cpuOld : Buffer.alloc(0));
        return true;
      },
    });
    try {
      const source = createSource(`pyroscope+${server.url}`, deps);
      const range = { fromMs: NOW - 50 * HOUR, toMs: NOW };
      const progress: ProgressEvent[] = [];
      const fetched = await source.fetchProfiles({ service: 'checkout', type: 'cpu', versions: [OLD], range }, { onProgress: (e) => progress.push(e) });
      assert.ok(server.calls.every((c) => !(c.body as { refused?: boolean }).refused), 'no query over the limit was sent');
      const merges = server.requests.filter((r) => r.path.endsWith('/SelectMergeProfile')).map((r) => {
        const f = fields(r.body, { 1: 2, 2: 2, 3: 0, 4: 0 });
        return [num(f.get(3)?.[0]), num(f.get(4)?.[0])];
      });
      assert.deepEqual(merges, [
        [NOW - 50 * HOUR, NOW - 26 * HOUR - 1],
        [NOW - 26 * HOUR, NOW - 2 * HOUR - 1],
        [NOW - 2 * HOUR, NOW],
      ]);
      assert.deepEqual(fetched.map((f) => [f.version, f.timeMs, f.durationMs]), [
        [OLD, NOW - 50 * HOUR, 24 * HOUR],
        [OLD, NOW - 2 * HOUR, 2 * HOUR],
      ]);
      assert.ok(progress.some((e) => e.message === `fetching cpu for checkout ${OLD}: window 2 of 3 (the server answers at most 1d per query; the windows are merged)`), JSON.stringify(progress));
    } finally {
      await server.close();
    }
  });

  it('learns a lower limit from the server\'s refusal and asks again in shorter windows', async () => {
    const server = await startFakePyroscope({ data, maxQueryMs: 6 * HOUR });
    try {
      const source = createSource(`pyroscope+${server.url}`, deps);
      const range = { fromMs: NOW - 20 * HOUR, toMs: NOW };
      const progress: ProgressEvent[] = [];
      assert.deepEqual(await source.listServices({ range }), ['cart "v2"', 'checkout']);
      const refused = server.calls.filter((c) => (c.body as { refused?: boolean }).refused);
      assert.equal(refused.length, 1, 'one refusal, then windows of the limit it named');
      const fetched = await source.fetchProfiles({ service: 'checkout', type: 'cpu', range }, { onProgress: (e) => progress.push(e) });
      assert.equal(fetched.length, 4);
      assert.deepEqual(fetched.map((f) => f.timeMs), [0, 6, 12, 18].map((h) => range.fromMs + h * HOUR));
      assert.equal(server.calls.filter((c) => (c.body as { refused?: boolean }).refused).length, 1, 'the learned limit is kept');
      assert.ok(progress.some((e) => /window 4 of 4 \(the server answers at most 6h per query/.test(e.message)), JSON.stringify(progress));
    } finally {
      await server.close();
    }
  });

  it('says what to do about a missing tenant and about Grafana\'s "Authentication to data source failed"', async () => {
    const server = await startServer((req, res) => {
      if (req.path.startsWith('/grafana/')) {
        res.writeHead(400).end('Authentication to data source failed');
        return;
      }
      connectError(res, 401, 'unauthenticated', 'invalid_argument: no org id');
    });
    try {
      await assert.rejects(createSource(`pyroscope+${server.url}`, deps).listServices(), (e: unknown) => {
        assert.ok(e instanceof SourceError && e.kind === 'auth', String(e));
        assert.match(e.message, /multi-tenant and the request named no tenant \(HTTP 401: invalid_argument: no org id\)/);
        assert.match(e.message, /PERFLENS_TENANT/);
        return true;
      });
      const proxied = createSource(`pyroscope+${server.url}/grafana/api/datasources/proxy/uid/abc`, { ...deps, credentials: { token: 'glsa_x' } });
      await assert.rejects(proxied.listServices(), (e: unknown) => {
        assert.ok(e instanceof SourceError && e.kind === 'auth' && e.status === 400, String(e));
        assert.match(e.message, /Grafana's data source proxy could not sign in to the server behind it \(HTTP 400: Authentication to data source failed\)/);
        assert.match(e.message, /data source's own credentials/);
        return true;
      });
    } finally {
      await server.close();
    }
  });

  it('counts each series\' snapshots per bucket when the server\'s longest query is shorter than a bucket or not a multiple of it', async () => {
    // Two pods scraped every 15 s: a all along, b from 23:00 on the second day; the range ends mid-bucket.
    const INUSE = 'memory:inuse_space:bytes:space:bytes';
    const DAY = 24 * HOUR;
    const t0 = Date.UTC(2026, 6, 28);
    const every = (fromMs: number, toMs: number) => Array.from({ length: Math.ceil((toMs - fromMs) / 15_000) }, (_, i) => fromMs + 7_000 + i * 15_000).filter((t) => t < toMs);
    const until = t0 + 2 * DAY + 17 * HOUR;
    const pods = [
      { labels: { pod: 'a' }, timesMs: every(t0 - HOUR, until), total: 4096 },
      { labels: { pod: 'b' }, timesMs: every(t0 + DAY + 23 * HOUR, until), total: 1000 },
    ];
    const snapshotData: FakePyroscopeData = { types: { api: [INUSE] }, labels: { api: { pod: ['a', 'b'] } }, seen: {}, profiles: {}, snapshots: { api: pods } };
    for (const [maxQueryMs, widthMs] of [[12 * HOUR, DAY], [10 * HOUR, DAY], [20 * HOUR, 6 * HOUR]]) {
      const server = await startFakePyroscope({ data: snapshotData, maxQueryMs });
      try {
        const source = createSource(`pyroscope+${server.url}`, deps);
        const counts = await source.snapshotCounts!({ service: 'api', type: INUSE, range: { fromMs: t0, toMs: until }, widthMs });
        const expected: Record<string, Record<string, number>> = {};
        for (const pod of pods) {
          for (const t of pod.timesMs.filter((x) => x >= t0)) {
            const bucket = new Date(Math.floor(t / widthMs) * widthMs).toISOString();
            (expected[bucket] ??= {})[pod.labels.pod] = (expected[bucket]?.[pod.labels.pod] ?? 0) + 1;
          }
        }
        const got: Record<string, Record<string, number>> = {};
        for (const [start, bySeries] of counts.buckets) {
          got[new Date(start).toISOString()] = Object.fromEntries([...bySeries].map(([key, n]) => [Object.fromEntries(JSON.parse(key) as [string, string][]).pod, n]));
        }
        assert.deepEqual(got, expected, `limit ${maxQueryMs / HOUR} h, ${widthMs / HOUR} h buckets`);
        const series = server.calls.filter((c) => c.method === 'SelectSeries' && !(c.body as { refused?: boolean }).refused).map((c) => c.body as { start: number; end: number });
        assert.ok(series.every((c) => c.end - c.start <= maxQueryMs), 'every SelectSeries within the limit');
      } finally {
        await server.close();
      }
    }
  });
});
