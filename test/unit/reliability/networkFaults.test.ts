// Network faults beyond test/unit/sources/faults.test.ts: a reply that drips, one cut short, a reset connection,
// a storm of 5xx that then clears, a redirect to another origin while credentials are set, secrets in the URL —
// each ends with a clear SourceError, credentials never leave their origin or reach a message, and the cache only
// ever holds a real profile. On the collector side: an upload that stalls or is cut off is dropped without
// blocking the endpoint for others.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { startIngestServer } from '../../../src/collector/ingest/ingest-server';
import { parseProfile } from '../../../src/core/profile/parse';
import { createSource, type SourceDeps } from '../../../src/sources/create-source';
import { SourceError } from '../../../src/sources/errors';
import { DEADLINE_MS } from '../../harness/wait';
import { allFiles } from '../collector/helpers/shop';
import { startServer, type TestServer } from '../sources/helpers/test-server';
import { cpuProfile } from './helpers/storeProfiles';

let cacheDir: string;
const deps = (extra: Partial<SourceDeps> = {}): SourceDeps => ({ cacheDir, retry: { retries: 0 }, requestTimeoutMs: 5_000, ...extra });
const cached = () => readdirSync(cacheDir, { recursive: true }).map(String).filter((n) => n.endsWith('manifest.json'));
const HEAP = { service: 'x', type: 'heap' };

async function sourceError(promise: Promise<unknown>): Promise<SourceError> {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof SourceError, `a SourceError, got ${String(e)}`);
    assert.ok(!e.message.includes('\n') || e.message.split('\n').length < 4, 'a short message');
    return e;
  }
  assert.fail('expected a failure');
}

describe('network faults against remote sources', () => {
  const servers: TestServer[] = [];
  const serve = async (handler: Parameters<typeof startServer>[0]) => {
    const s = await startServer(handler);
    servers.push(s);
    return s;
  };
  before(() => {
    cacheDir = mkdtempSync(join(tmpdir(), 'perflens-netfault-'));
  });
  after(async () => {
    for (const s of servers) await s.close().catch(() => {});
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('a reply that drips one byte at a time ends at the request timeout, not never', async () => {
    const drip = await serve(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      // Until the client gives up: the reply never completes, however slow the machine.
      while (!res.destroyed) {
        res.write(Buffer.from([0x1f]));
        await new Promise((r) => setTimeout(r, 50));
      }
    });
    const e = await sourceError(createSource(`pprof+${drip.url}`, deps({ requestTimeoutMs: 400 })).fetchProfiles(HEAP));
    assert.equal(e.kind, 'timeout', e.message);
    assert.match(e.message, /no complete reply within 0\.4 s/);
    assert.deepEqual(cached(), []);
  });

  it('a reply cut short of its Content-Length, and a reset connection: clear errors, nothing cached', async () => {
    const profile = gzipSync(cpuProfile(1));
    const cut = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(profile.length) });
      // Cut once the first half is out (flushed to the socket), so the client has seen a reply start.
      res.write(profile.subarray(0, profile.length >> 1), () => res.socket?.destroy());
    });
    const a = await sourceError(createSource(`pprof+${cut.url}`, deps()).fetchProfiles(HEAP));
    assert.match(a.message, new RegExp(`^pprof endpoint ${cut.url.replace(/[./]/g, '\\$&')}`), a.message);
    const reset = await serve((_req, res) => {
      res.socket?.resetAndDestroy();
    });
    const b = await sourceError(createSource(`pprof+${reset.url}`, deps()).fetchProfiles(HEAP));
    assert.match(b.message, /reset|closed|connection/i, b.message);
    assert.deepEqual(cached(), []);
  });

  it('a storm of 503s: retried with backoff up to the limit; nothing cached from the failures; once the server recovers, the real profile comes through', async () => {
    let failing = true;
    let hits = 0;
    const profile = gzipSync(cpuProfile(2));
    const flaky = await serve((_req, res) => {
      hits++;
      if (failing) {
        res.writeHead(503, { 'content-type': 'text/plain' });
        res.end('overloaded');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(profile);
    });
    const source = createSource(`pprof+${flaky.url}`, deps({ retry: { retries: 4, baseDelayMs: 5, maxDelayMs: 20 } }));
    const CPU = { service: 'x', type: 'cpu', range: { fromMs: Date.now() - 1000, toMs: Date.now() } };
    const e = await sourceError(source.fetchProfiles(CPU));
    assert.equal(e.kind, 'server');
    assert.match(e.message, /HTTP 503 after 5 attempts: overloaded/);
    assert.equal(hits, 5);
    assert.deepEqual(cached(), []);
    failing = false;
    const fetched = await source.fetchProfiles(CPU);
    assert.equal(fetched.length, 1);
    assert.equal(parseProfile(fetched[0].bytes, 'fetched').samples.count, 10);
  });

  it('a redirect to another origin is refused while credentials are set; the other origin receives nothing', async () => {
    const elsewhere = await serve((_req, res) => {
      res.end("should never be asked");
    });
    const redirecting = await serve((req, res) => {
      res.writeHead(302, { location: `${elsewhere.url}${req.path}` });
      res.end();
    });
    const source = createSource(`pyroscope+${redirecting.url}`, deps({ credentials: { token: 'tok_never_cross_origin' } }));
    const e = await sourceError(source.listServices());
    assert.equal(e.kind, 'redirect');
    assert.match(e.message, /redirected to another origin .*credentials are never sent there/);
    assert.doesNotMatch(e.message, /tok_never_cross_origin/);
    assert.equal(elsewhere.requests.length, 0);
  });

  it('user info and token-like query parameters in a source URL never appear in errors', async () => {
    const denied = await serve((_req, res) => {
      res.writeHead(403, { 'content-type': 'text/plain' });
      res.end('forbidden');
    });
    const url = denied.url.replace('http://', 'http://alice:pa55word-xyz@');
    // Refused when the source is made (credentials belong in secret storage), with the URL redacted.
    const e = await sourceError(Promise.resolve().then(() => createSource(`pprof+${url}/?api_key=k3y-secret-123`, deps()).fetchProfiles(HEAP)));
    assert.match(e.message, /credentials in the URL are not accepted/);
    assert.doesNotMatch(e.message, /pa55word|k3y-secret|alice/);
    const f = await sourceError(createSource(`pprof+${denied.url}/?api_key=k3y-secret-123`, deps()).fetchProfiles(HEAP));
    assert.doesNotMatch(f.message, /k3y-secret/);
  });
});

describe('network faults against the ingest endpoint', { timeout: DEADLINE_MS }, () => {
  it('stalled and cut-off uploads are dropped without holding the endpoint; a good upload still lands', async () => {
    const store = mkdtempSync(join(tmpdir(), 'perflens-ingestfault-'));
    const rejected: number[] = [];
    const server = await startIngestServer({ store, port: 0, maxInFlight: 4, bodyIdleTimeoutMs: 300, onRejected: (s) => rejected.push(s) });
    try {
      const body = gzipSync(cpuProfile(3));
      const head = (n: number) => `POST /ingest?name=svc&from=${1_767_225_600 + n}&format=pprof HTTP/1.1\r\nhost: x\r\ncontent-type: application/octet-stream\r\ncontent-length: ${body.length}\r\n\r\n`;
      // Four stalled uploads (every slot), then one cut off mid-body.
      const stalled = Array.from({ length: 4 }, (_, n) => {
        const socket = connect(server.port, '127.0.0.1');
        socket.on('error', () => {});
        socket.resume(); // read the 408, so 'close' can come
        socket.write(head(n));
        socket.write(body.subarray(0, 10));
        return new Promise<void>((r) => socket.on('close', () => r()));
      });
      await Promise.all(stalled); // the server closes each after the idle timeout
      const cutOff = connect(server.port, '127.0.0.1');
      cutOff.on('error', () => {});
      cutOff.resume();
      cutOff.write(head(9));
      cutOff.end(body.subarray(0, 20));
      await new Promise((r) => cutOff.on('close', r));
      const res = await fetch(`${server.url}/ingest?name=svc&from=1767225700&format=pprof`, { method: 'POST', body });
      assert.equal(res.status, 200, await res.text());
      assert.deepEqual(allFiles(store).filter((f) => !f.split('/').pop()!.startsWith('.')), ['svc/unknown/cpu/1767225700000.pb.gz']);
      assert.equal(rejected.filter((s) => s === 408).length, 4, `statuses ${rejected.join(',')}`);
    } finally {
      await server.close();
      rmSync(store, { recursive: true, force: true });
    }
  });
});
