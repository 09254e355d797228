// Pyroscope's Connect push API on the ingest server, `POST /push.v1.PusherService/Push`, sent as pyroscope-rs
// (and so pyroscope-io ≥ 1.0.1) sends it: a gzipped push.v1.PushRequest, `application/proto`, series labels
// `__name__`, `service_name`, the SDK's tags. The real SDK pushing is in test/peers/sdk-python.test.ts.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { startIngestServer, type RunningIngestServer } from '../../../src/collector/ingest/ingest-server';
import type { StoredProfileEvent } from '../../../src/collector/scraper';
import { readProfileFile } from '../../../src/core/profile/parse';
import { describeProfile } from '../../../src/core/readers/metadata';
import { decode, fixtureRaw, total } from '../sources/helpers/profiles';
import { allFiles } from './helpers/shop';
import { post, pushRequest } from './helpers/ingest-client';

const PUSH = '/push.v1.PusherService/Push';
const TOKEN = 'push-token';
const cpu = fixtureRaw('go/cpu.pb.gz');
const cpuTimeMs = Math.floor(decode(cpu).timeNanos / 1e6);
const asRustSends = { 'content-type': 'application/proto', 'content-encoding': 'gzip', 'user-agent': 'pyroscope-rs/pyspy/1.4.0 reqwest' };

describe('ingest: the Connect push API (push.v1.PusherService/Push)', () => {
  let store: string;
  let server: RunningIngestServer;
  let secured: RunningIngestServer;
  const stored: StoredProfileEvent[] = [];
  // The fixture was recorded a while ago: "now" is a minute after it, so its own time is taken as plausible.
  const now = () => cpuTimeMs + 60_000;

  before(async () => {
    store = mkdtempSync(join(tmpdir(), 'perflens-push-'));
    server = await startIngestServer({ store, port: 0, now, onStored: (e) => stored.push(e) });
    secured = await startIngestServer({ store, port: 0, now, token: TOKEN, onStored: (e) => stored.push(e) });
  });

  after(async () => {
    await server?.close();
    await secured?.close();
    rmSync(store, { recursive: true, force: true });
  });

  const cpuSeries = (labels: Record<string, string>) => ({ labels: { __name__: 'process_cpu', ...labels }, profiles: [cpu] });

  it('stores a gzipped push under its service_name, version label and type, with the pushed total and tags', async () => {
    const body = gzipSync(pushRequest([cpuSeries({ service_name: 'billing', version: '2.4.0', region: 'eu', 'otel.scope.name': 'com.grafana.pyroscope/rust', __session_id__: 'abc' })]));
    const res = await post(`${server.url}${PUSH}`, body, asRustSends);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.headers['content-type'], 'application/proto');
    assert.equal(res.text, '', 'an empty PushResponse');
    const last = stored[stored.length - 1];
    assert.deepEqual([last.service, last.version, last.type, last.timeMs], ['billing', '2.4.0', 'cpu', cpuTimeMs]);
    const p = readProfileFile(last.path);
    assert.equal(total(p, 'cpu'), total(decode(cpu), 'cpu'));
    assert.deepEqual([describeProfile(p).service, describeProfile(p).version], ['billing', '2.4.0']);
    assert.ok(p.comments.includes('region=eu') && p.comments.includes('otel.scope.name=com.grafana.pyroscope/rust'), p.comments.join(' | '));
    assert.ok(!p.comments.some((c) => c.startsWith('__')), 'reserved labels are not kept as comments');
  });

  it('ignores the tenant header, as on /ingest: the same push lands in the same place', async () => {
    const body = gzipSync(pushRequest([cpuSeries({ service_name: 'tenanted', version: '1' })]));
    for (const headers of [asRustSends, { ...asRustSends, 'x-scope-orgid': 'team-a' }]) {
      const res = await post(`${server.url}${PUSH}`, body, headers);
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(stored[stored.length - 1].path.split('/').slice(-4, -1), ['tenanted', '1', 'cpu']);
    }
    const ingest = await post(`${server.url}/ingest?name=tenanted%7Bversion%3D1%7D&from=${Math.floor(cpuTimeMs / 1000)}`, cpu, { 'x-scope-orgid': 'team-a' });
    assert.equal(ingest.status, 200, ingest.text);
    assert.deepEqual(stored[stored.length - 1].path.split('/').slice(-4, -1), ['tenanted', '1', 'cpu']);
  });

  it('stores each series of one request under the type its __name__ gives: block is not mutex', async () => {
    const before = stored.length;
    const body = gzipSync(pushRequest([
      cpuSeries({ service_name: 'multi' }),
      { labels: { __name__: 'mutex', service_name: 'multi' }, profiles: [fixtureRaw('go/mutex.pb.gz')] },
      { labels: { __name__: 'block', service_name: 'multi' }, profiles: [fixtureRaw('go/block.pb.gz')] },
      { labels: { __name__: 'memory', service_name: 'multi' }, profiles: [fixtureRaw('go/heap.pb.gz')] },
    ]));
    const res = await post(`${server.url}${PUSH}`, body, asRustSends);
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(stored.slice(before).map((e) => `${e.service}/${e.version}/${e.type}`), ['multi/unknown/cpu', 'multi/unknown/mutex_delay', 'multi/unknown/block_delay', 'multi/unknown/alloc_space']);
    const block = readProfileFile(stored[before + 2].path);
    assert.equal(total(block, 'delay'), total(decode(fixtureRaw('go/block.pb.gz')), 'delay'));
  });

  it('takes Connect\'s JSON codec too, and a series without service_name lands under unknown_service', async () => {
    const json = JSON.stringify({ series: [{ labels: [{ name: '__name__', value: 'process_cpu' }], samples: [{ rawProfile: cpu.toString('base64'), ID: 'x' }] }] });
    const res = await post(`${server.url}${PUSH}`, Buffer.from(json), { 'content-type': 'application/json' });
    assert.equal(res.status, 200, res.text);
    const last = stored[stored.length - 1];
    assert.deepEqual([last.service, last.type], ['unknown_service', 'cpu']);
  });

  it('takes the version from OpenTelemetry\'s service.version or service_git_ref when there is no version label', async () => {
    for (const [labels, version] of [[{ 'service.version': '7.1.0' }, '7.1.0'], [{ service_git_ref: 'abc123' }, 'abc123'], [{ version: '1', service_git_ref: 'abc123' }, '1']] as const) {
      const res = await post(`${server.url}${PUSH}`, pushRequest([cpuSeries({ service_name: 'otel', ...labels })]), { 'content-type': 'application/proto' });
      assert.equal(res.status, 200, res.text);
      assert.equal(stored[stored.length - 1].version, version, JSON.stringify(labels));
    }
  });

  it('dates a profile without a plausible time_nanos at its arrival', async () => {
    const old = { labels: { __name__: 'process_cpu', service_name: 'undated' }, profiles: [cpu] };
    const late = await startIngestServer({ store, port: 0, now: () => cpuTimeMs + 2 * 365 * 24 * 3600 * 1000, onStored: (e) => stored.push(e) });
    try {
      const res = await post(`${late.url}${PUSH}`, pushRequest([old]), { 'content-type': 'application/proto' });
      assert.equal(res.status, 200, res.text);
      assert.equal(stored[stored.length - 1].timeMs, cpuTimeMs + 2 * 365 * 24 * 3600 * 1000);
    } finally {
      await late.close();
    }
  });

  it('refuses with Connect error JSON and stores nothing from a refused request', async () => {
    const good = pushRequest([cpuSeries({ service_name: 'refused' })]);
    const halfBad = pushRequest([cpuSeries({ service_name: 'refused' }), { labels: { __name__: 'process_cpu', service_name: 'refused' }, profiles: [Buffer.from('not a profile')] }]);
    const cases: [string, Buffer, Record<string, string>, number, string, RegExp][] = [
      [server.url, good, { 'content-type': 'text/plain' }, 415, 'invalid_argument', /content type 'text\/plain' is not a Connect codec/],
      [server.url, good, { 'content-type': 'application/proto', 'content-encoding': 'gzip' }, 400, 'invalid_argument', /not valid gzip/],
      [server.url, good, { 'content-type': 'application/proto', 'content-encoding': 'br' }, 415, 'invalid_argument', /Content-Encoding 'br'/],
      [server.url, Buffer.from([0x0a, 0xff, 0xff]), { 'content-type': 'application/proto' }, 400, 'invalid_argument', /not a push\.v1\.PushRequest/],
      [server.url, Buffer.from('{"series": 3}'), { 'content-type': 'application/json' }, 400, 'invalid_argument', /'series' must be an array/],
      [server.url, halfBad, { 'content-type': 'application/proto' }, 400, 'invalid_argument', /series 1 sample 0/],
      [server.url, good, { 'content-type': 'application/proto', 'connect-protocol-version': '2' }, 400, 'invalid_argument', /Connect-Protocol-Version/],
      [secured.url, good, { 'content-type': 'application/proto' }, 401, 'unauthenticated', /bearer token/],
    ];
    const before = allFiles(store).length;
    for (const [base, body, headers, status, code, message] of cases) {
      const res = await post(`${base}${PUSH}`, body, headers);
      assert.equal(res.status, status, `${message}: ${res.text}`);
      assert.equal(res.headers['content-type'], 'application/json');
      const error = JSON.parse(res.text) as { code: string; message: string };
      assert.equal(error.code, code, res.text);
      assert.match(error.message, message);
    }
    assert.equal(allFiles(store).length, before, 'nothing stored from a refused push');
    const authorized = await post(`${secured.url}${PUSH}`, good, { 'content-type': 'application/proto', authorization: `Bearer ${TOKEN}` });
    assert.equal(authorized.status, 200, authorized.text);
  });
});
