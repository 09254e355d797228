// The Parca client against a fake server that follows the published gRPC-web API and checks every request
// strictly (helpers/fake-parca.ts). Not run against a real Parca.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { createSource } from '../../../src/sources/create-source';
import { SourceError } from '../../../src/sources/errors';
import { grpcWebHeaderError, grpcWebReply, startFakeParca, typeId, type FakeParcaData, type FakeParcaType } from './helpers/fake-parca';
import { decode, fixtureRaw, cumulativeByFunction } from './helpers/profiles';
import { startServer } from './helpers/test-server';

const NOW = Date.UTC(2026, 7, 1, 12, 0, 0);
const HOUR = 3_600_000;
const AGENT_CPU: FakeParcaType = { name: 'parca_agent', sampleType: 'samples', sampleUnit: 'count', periodType: 'cpu', periodUnit: 'nanoseconds', delta: true };
const ALLOC: FakeParcaType = { name: 'memory', sampleType: 'alloc_space', sampleUnit: 'bytes', periodType: 'space', periodUnit: 'bytes', delta: true };
const CPU_ID = typeId(AGENT_CPU);

const heap = fixtureRaw('go/heap.pb.gz');
const cpu = fixtureRaw('go/cpu.pb.gz');

const data: FakeParcaData = {
  types: [AGENT_CPU, ALLOC],
  labelNames: ['comm', 'job', 'version'],
  values: { job: ['api', 'worker'], comm: ['api-server'] },
  seen: { api: { 'v1.4.0': [NOW - 10 * HOUR, NOW - 8 * HOUR], 'v1.5.0': [NOW - 7 * HOUR, NOW - 2 * HOUR] } },
  profiles: {
    [`${CPU_ID}${JSON.stringify({ job: 'api', version: 'v1.5.0' })}`]: cpu,
    [`${typeId(ALLOC)}${JSON.stringify({ job: 'api' })}`]: heap,
  },
};

const deps = { now: () => NOW, retry: { retries: 0 } };

describe('Parca source (fake server following the gRPC-web API)', () => {
  it('lists services (first known service label), types and versions with first/last seen', async () => {
    const server = await startFakeParca({ data, authorization: 'Bearer ps_token', projectId: '6f1c8e2a-0000-4000-8000-000000000001', prefix: '/api' });
    try {
      const source = createSource({ kind: 'parca', baseUrl: `${server.url}/api`, projectId: '6f1c8e2a-0000-4000-8000-000000000001' }, { ...deps, credentials: { token: 'ps_token' } });
      assert.deepEqual(await source.listServices(), ['api', 'worker']);
      assert.deepEqual(server.calls.find((c) => c.method === 'Values')?.body, { label: 'job', start: NOW - 24 * HOUR, end: NOW });
      assert.deepEqual((await source.listProfileTypes()).map((t) => [t.type, t.sourceId]), [
        ['cpu', CPU_ID],
        ['alloc_space', typeId(ALLOC)],
      ]);
      const versions = await source.listVersions('api', { type: 'cpu' });
      assert.deepEqual(versions, [
        { version: 'v1.4.0', label: 'version', firstSeenMs: NOW - 10 * HOUR, lastSeenMs: NOW - 8 * HOUR },
        { version: 'v1.5.0', label: 'version', firstSeenMs: NOW - 7 * HOUR, lastSeenMs: NOW - 2 * HOUR },
      ]);
      assert.deepEqual(server.calls.find((c) => c.method === 'QueryRange')?.body, { query: `${CPU_ID}{job="api"}`, sumBy: ['version'], start: NOW - 24 * HOUR, end: NOW });
    } finally {
      await server.close();
    }
  });

  it('fetches a merged pprof per version (MODE_MERGE, REPORT_TYPE_PPROF), gzipped as Parca sends it', async () => {
    const server = await startFakeParca({ data });
    try {
      const source = createSource('parca+' + server.url, deps);
      const range = { fromMs: NOW - 6 * HOUR, toMs: NOW - HOUR };
      const [p] = await source.fetchProfiles({ service: 'api', type: 'cpu', versions: ['v1.5.0'], range });
      assert.equal(p.gzipped, true);
      assert.equal(p.version, 'v1.5.0');
      assert.deepEqual(gunzipSync(p.bytes), cpu);
      assert.ok((cumulativeByFunction(decode(p.bytes), 'cpu').get('example.com/shop/pricing.Fib') ?? 0) > 0);
      assert.deepEqual(server.calls.find((c) => c.method === 'Query')?.body, { type: CPU_ID, selector: { job: 'api', version: 'v1.5.0' }, start: range.fromMs, end: range.toMs });

      const [h] = await source.fetchProfiles({ service: 'api', type: 'allocs' });
      assert.equal(h.type, 'alloc_space');
      assert.deepEqual(gunzipSync(h.bytes), heap);
    } finally {
      await server.close();
    }
  });

  it('says there is no data for a version the server has nothing for', async () => {
    const server = await startFakeParca({ data });
    try {
      const source = createSource('parca+' + server.url, deps);
      await assert.rejects(source.fetchProfiles({ service: 'api', type: 'cpu', versions: ['v0.1.0'] }), (e: unknown) => {
        assert.ok(e instanceof SourceError && e.kind === 'no-data', String(e));
        assert.match(e.message, /no profiles for parca_agent:samples:count:cpu:nanoseconds:delta\{job="api",version="v0\.1\.0"\}/);
        return true;
      });
    } finally {
      await server.close();
    }
  });

  it('maps gRPC statuses from trailers and from headers (trailers-only) to clear errors', async () => {
    const server = await startFakeParca({
      data,
      authorization: 'Bearer expired_token_123',
      override: (method, _req, res) => {
        if (method === 'ProfileTypes') {
          grpcWebHeaderError(res, 16, 'invalid token expired_token_123');
          return true;
        }
        if (method === 'Labels') {
          grpcWebReply(res, Buffer.alloc(0), 3, 'bad matcher: {job=~"["}');
          return true;
        }
        return false;
      },
    });
    try {
      const source = createSource('parca+' + server.url, { ...deps, credentials: { token: 'expired_token_123' } });
      await assert.rejects(source.listProfileTypes(), (e: unknown) => {
        assert.ok(e instanceof SourceError && e.kind === 'auth', String(e));
        assert.match(e.message, /ProfileTypes failed: UNAUTHENTICATED \(invalid token \*\*\*\)/);
        assert.doesNotMatch(e.message, /expired_token_123/);
        return true;
      });
      await assert.rejects(source.listServices(), (e: unknown) => {
        assert.ok(e instanceof SourceError && e.kind === 'config', String(e));
        assert.match(e.message, /Labels failed: INVALID_ARGUMENT \(bad matcher: \{job=~"\["\}\)/);
        return true;
      });
    } finally {
      await server.close();
    }
  });

  it('refuses an HTML page (the Parca UI, a wrong path) and a reply cut short before its status', async () => {
    const html = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>Parca</title>');
    });
    const cut = await startServer((_req, res) => {
      const msg = Buffer.from([0x0a, 0x03, 0x61, 0x70, 0x69]);
      const frame = Buffer.alloc(5 + msg.length);
      frame.writeUInt32BE(msg.length, 1);
      msg.copy(frame, 5);
      res.writeHead(200, { 'content-type': 'application/grpc-web+proto' });
      res.end(frame);
    });
    try {
      await assert.rejects(createSource('parca+' + html.url, deps).listProfileTypes(), (e: unknown) =>
        e instanceof SourceError && e.kind === 'bad-response' && /ProfileTypes answered with content type text\/html/.test(e.message));
      await assert.rejects(createSource('parca+' + cut.url, deps).listProfileTypes(), (e: unknown) =>
        e instanceof SourceError && e.kind === 'bad-response' && /has no grpc-status/.test(e.message));
    } finally {
      await html.close();
      await cut.close();
    }
  });

  it('counts in-use snapshots per bucket from QueryRange sample counts, and says it cannot when the server leaves them out', async () => {
    const INUSE: FakeParcaType = { name: 'memory', sampleType: 'inuse_space', sampleUnit: 'bytes', periodType: 'space', periodUnit: 'bytes', delta: false };
    const times = { 'v1.4.0': [NOW - 5 * HOUR, NOW - 4 * HOUR - 1], 'v1.5.0': [NOW - 4 * HOUR, NOW - 3 * HOUR, NOW - 2 * HOUR] };
    const query = { service: 'api', type: 'inuse_space', range: { fromMs: NOW - 6 * HOUR, toMs: NOW }, widthMs: 2 * HOUR };
    for (const sampleCounts of [true, false]) {
      const server = await startFakeParca({ data: { ...data, types: [INUSE], seen: { api: times }, sampleCounts } });
      try {
        const source = createSource({ kind: 'parca', baseUrl: server.url }, deps);
        const counts = await source.snapshotCounts!(query);
        if (!sampleCounts) {
          assert.equal(counts.unavailable, true);
          continue;
        }
        assert.equal(counts.unavailable, undefined);
        const got = [...counts.buckets].map(([start, bySeries]) => [(start - (NOW - 6 * HOUR)) / HOUR, [...bySeries.values()]]);
        // 06:00–08:00: v1.4.0's two (07:00 and 1 ms before 08:00); 08:00–10:00: v1.5.0's 08:00 and 09:00; then its 10:00.
        assert.deepEqual(got, [[0, [2]], [2, [2]], [4, [1]]]);
      } finally {
        await server.close();
      }
    }
  });
});
