// Failures a user meets with remote sources: each ends within its timeout with a message naming the source, the
// request (without credentials) and what to do, and nothing lands in the cache.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { createSource, type SourceDeps } from '../../../src/sources/create-source';
import { SourceError, type SourceErrorKind } from '../../../src/sources/errors';
import type { FetchQuery } from '../../../src/sources/types';
import { closedPort, startServer, type TestServer } from './helpers/test-server';
import { DEADLINE_MS } from '../../harness/wait';

const NOW = Date.UTC(2026, 7, 1, 12, 0, 0);
const PAST: FetchQuery = { service: 'checkout', type: 'cpu', range: { fromMs: NOW - 5 * 3_600_000, toMs: NOW - 3_600_000 } };

let cacheDir: string;
const deps = (extra: Partial<SourceDeps> = {}): SourceDeps => ({ now: () => NOW, cacheDir, retry: { retries: 0 }, requestTimeoutMs: 5_000, ...extra });

function cachedEntries(): string[] {
  return readdirSync(cacheDir, { recursive: true }).map(String).filter((n) => n.endsWith('manifest.json'));
}

async function expectFailure(promise: Promise<unknown>, kind: SourceErrorKind, ...patterns: RegExp[]): Promise<SourceError> {
  let caught: unknown;
  await assert.rejects(promise, (e: unknown) => {
    caught = e;
    return true;
  });
  assert.ok(caught instanceof SourceError, `a SourceError, got ${String(caught)}`);
  assert.equal(caught.kind, kind, caught.message);
  for (const p of patterns) assert.match(caught.message, p);
  return caught;
}

describe('remote source failures', () => {
  before(() => {
    cacheDir = mkdtempSync(join(tmpdir(), 'perflens-fault-cache-'));
  });
  after(() => {
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('unreachable host: the name does not resolve', async () => {
    const source = createSource('pyroscope+http://perflens-test-host.invalid:4040', deps());
    await expectFailure(source.fetchProfiles(PAST), 'unreachable',
      /^Pyroscope http:\/\/perflens-test-host\.invalid:4040: the host name 'perflens-test-host\.invalid' does not resolve/,
      /POST http:\/\/perflens-test-host\.invalid:4040\/querier\.v1\.QuerierService\/LabelValues/,
      /Check the host name/);
    assert.deepEqual(cachedEntries(), []);
  });

  it('refused connection: retried with backoff, then a message saying so', async () => {
    const port = await closedPort();
    const source = createSource(`pyroscope+http://127.0.0.1:${port}`, deps({ retry: { retries: 2, baseDelayMs: 20, maxDelayMs: 40 } }));
    const progress: string[] = [];
    const e = await expectFailure(source.fetchProfiles(PAST, { onProgress: (p) => progress.push(p.message) }), 'refused',
      new RegExp(`127\\.0\\.0\\.1:${port} refused the connection \\(3 attempts\\)`), /Check that the server is running/);
    assert.equal(e.attempts, 3);
    assert.equal(progress.filter((m) => m.startsWith('retrying')).length, 2);
    assert.deepEqual(cachedEntries(), []);
  });

  describe('against test servers', () => {
    const servers: TestServer[] = [];
    const serve = async (handler: Parameters<typeof startServer>[0]) => {
      const s = await startServer(handler);
      servers.push(s);
      return s;
    };
    after(async () => {
      for (const s of servers) await s.close().catch(() => {});
    });

    it('a server that never answers: the request times out', async () => {
      const silent = await serve(() => {
        // Never answers.
      });
      const source = createSource(`pyroscope+${silent.url}`, deps({ requestTimeoutMs: 300 }));
      await expectFailure(source.fetchProfiles(PAST), 'timeout', /no complete reply within 0\.3 s/, /try a shorter time range, or raise the request timeout/);
      const pprof = createSource(`pprof+${silent.url}`, deps({ requestTimeoutMs: 300 }));
      await expectFailure(pprof.fetchProfiles({ service: 'x', type: 'goroutine' }), 'timeout', /GET http:\/\/127\.0\.0\.1:\d+\/debug\/pprof\/goroutine/);
      assert.deepEqual(cachedEntries(), []);
    });

    it('HTTP 500: retried a bounded number of times, counted in the message', async () => {
      let hits = 0;
      const failing = await serve((_req, res) => {
        hits++;
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('internal error: out of memory');
      });
      const source = createSource(`pyroscope+${failing.url}`, deps({ retry: { retries: 3, baseDelayMs: 5, maxDelayMs: 10 } }));
      const e = await expectFailure(source.fetchProfiles(PAST), 'server', /answered HTTP 500 after 4 attempts: internal error: out of memory/);
      assert.equal(hits, 4);
      assert.equal(e.attempts, 4);
      assert.deepEqual(cachedEntries(), []);
    });

    it('HTTP 401 from a proxy that echoes the header: an auth error without the token', async () => {
      const proxy = await serve((req, res) => {
        res.writeHead(401, { 'content-type': 'text/plain' });
        res.end(`unauthorized: ${req.headers.authorization}`);
      });
      const source = createSource(`pyroscope+${proxy.url}`, deps({ credentials: { token: 'glc_eyJrIjoiLEAKED' } }));
      const e = await expectFailure(source.fetchProfiles(PAST), 'auth', /refused the credentials \(HTTP 401: unauthorized: \*\*\*\)/, /Check that the token/);
      assert.doesNotMatch(e.message, /LEAKED/);
      const basic = createSource(`pyroscope+${proxy.url}`, deps({ credentials: { username: 'u', password: 'hunter2-pass' } }));
      const b = await expectFailure(basic.listServices(), 'auth');
      assert.doesNotMatch(b.message, /hunter2|dTpodW50ZXIy/);
      assert.deepEqual(cachedEntries(), []);
    });

    it('a reply that is not a profile', async () => {
      const notPprof = await serve((req, res: ServerResponse) => {
        if (req.path.startsWith('/debug/pprof/')) {
          res.writeHead(200, { 'content-type': 'text/html' });
          res.end('<html><body>Welcome to nginx!</body></html>');
          return;
        }
        // Pyroscope path: a well-formed Connect reply whose bytes are not a pprof profile.
        if (req.path.endsWith('/SelectMergeProfile')) {
          res.writeHead(200, { 'content-type': 'application/proto' });
          res.end(Buffer.from('this is not protobuf at all'));
          return;
        }
        res.writeHead(200, { 'content-type': 'application/proto' });
        // LabelValues for __profile_type__: one cpu type id (types.v1.LabelValuesResponse { names = 1 }).
        const id = Buffer.from('process_cpu:cpu:nanoseconds:cpu:nanoseconds');
        res.end(Buffer.concat([Buffer.from([0x0a, id.length]), id]));
      });
      const pprof = createSource(`pprof+${notPprof.url}`, deps());
      await expectFailure(pprof.fetchProfiles({ service: 'x', type: 'heap' }), 'bad-response', /the reply \(text\/html\) is not a pprof profile/, /net\/http\/pprof/);
      const pyro = createSource(`pyroscope+${notPprof.url}`, deps());
      await expectFailure(pyro.fetchProfiles(PAST), 'bad-response', /SelectMergeProfile did not return a pprof profile/);
      assert.deepEqual(cachedEntries(), []);
    });

    it('a 1 GB reply: streamed by the server, abandoned by the client at its cap', async () => {
      const GB = 1024 ** 3;
      const chunk = Buffer.alloc(1024 * 1024, 0x41);
      let written = 0;
      let closed: () => void = () => {};
      const connectionClosed = new Promise<void>((r) => (closed = r));
      const huge = await serve(async (_req, res) => {
        res.on('close', () => closed());
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        while (written < GB && !res.destroyed) {
          written += chunk.length;
          if (!res.write(chunk)) {
            await new Promise<void>((r) => {
              const done = () => {
                res.off('drain', done);
                res.off('close', done);
                r();
              };
              res.on('drain', done);
              res.on('close', done);
            });
          }
        }
        res.end();
      });
      const source = createSource(`pprof+${huge.url}`, deps({ maxResponseBytes: 8 * 1024 * 1024 }));
      await expectFailure(source.fetchProfiles({ service: 'x', type: 'heap' }), 'too-large', /larger than the limit of 8388608 bytes; the download was stopped/, /raise the response size limit/);
      await connectionClosed;
      assert.ok(written < 128 * 1024 * 1024, `the server wrote ${written} bytes before the client hung up`);

      // Declared up front: refused before reading the body at all.
      const declared = await serve((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/proto', 'content-length': String(GB) });
        res.write(chunk);
      });
      const pyro = createSource(`pyroscope+${declared.url}`, deps({ maxResponseBytes: 8 * 1024 * 1024 }));
      await expectFailure(pyro.listServices(), 'too-large', /declares 1073741824 bytes, over the limit of 8388608 bytes/);
      assert.deepEqual(cachedEntries(), []);
    });

    it('a gzip-encoded reply is decompressed, and a gzip bomb stops at the size cap', async () => {
      // types.v1.LabelValuesResponse { repeated string names = 1; } with one name, "checkout".
      const reply = Buffer.concat([Buffer.from([0x0a, 8]), Buffer.from('checkout')]);
      const bomb = gzipSync(Buffer.alloc(16 * 1024 * 1024));
      const gz = await serve((req, res) => {
        assert.equal(req.headers['accept-encoding'], 'gzip');
        res.writeHead(200, { 'content-type': 'application/proto', 'content-encoding': 'gzip' });
        res.end(req.path.startsWith('/bomb') ? bomb : gzipSync(reply));
      });
      assert.deepEqual(await createSource(`pyroscope+${gz.url}`, deps()).listServices(), ['checkout']);
      const bombed = createSource(`pyroscope+${gz.url}/bomb`, deps({ maxResponseBytes: 1024 * 1024 }));
      await expectFailure(bombed.listServices(), 'too-large', /larger than the limit of 1048576 bytes/);
    });

    it('a same-origin redirect is followed with the credentials; the final URL answers', async () => {
      const auth: string[] = [];
      const moved = await serve((req, res) => {
        auth.push(String(req.headers.authorization));
        if (!req.path.startsWith('/new')) {
          res.writeHead(308, { location: `/new${req.path}` });
          res.end();
          return;
        }
        res.writeHead(200, { 'content-type': 'application/proto' });
        res.end(Buffer.concat([Buffer.from([0x0a, 3]), Buffer.from('api')]));
      });
      const source = createSource(`pyroscope+${moved.url}`, deps({ credentials: { token: 'tok_same_origin' } }));
      assert.deepEqual(await source.listServices(), ['api']);
      assert.deepEqual(auth, ['Bearer tok_same_origin', 'Bearer tok_same_origin']);
      assert.deepEqual(moved.requests.map((r) => r.path), ['/querier.v1.QuerierService/LabelValues', '/new/querier.v1.QuerierService/LabelValues']);
    });

    it('cancellation stops a slow download at once', async () => {
      const controller = new AbortController();
      const slow = await serve(async (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/proto' });
        // The download has begun: the user cancels it. Nothing more is ever sent.
        res.write(Buffer.alloc(10), () => controller.abort());
      });
      const source = createSource(`pyroscope+${slow.url}`, deps({ requestTimeoutMs: DEADLINE_MS }));
      await expectFailure(source.fetchProfiles(PAST, { signal: controller.signal }), 'cancelled');
      assert.deepEqual(cachedEntries(), []);
    });
  });
});
