// The Pyroscope-compatible ingest endpoint: the real @pyroscope/nodejs SDK pushing to it from a child process,
// uploads in the forms pyroscope-go and the Java agent send (with Pyroscope's naming of their types), and the
// refusals (token, size cap, bad bodies) a client would see — each only once the client has sent its whole body.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { startIngestServer, type RunningIngestServer } from '../../../src/collector/ingest/ingest-server';
import type { StoredProfileEvent } from '../../../src/collector/scraper';
import { readProfileFile } from '../../../src/core/profile/parse';
import { describeProfile } from '../../../src/core/readers/metadata';
import { LocalStore } from '../../../src/sources/store/local-store';
import { cumulativeByFunction, fixtureBytes } from '../sources/helpers/profiles';
import { allFiles } from './helpers/shop';
import { formBody, post } from './helpers/ingest-client';
import { runPyroscopeApp } from './helpers/pyroscope-app-runner';

const TOKEN = 'test-ingest-token';

describe('ingest: Pyroscope SDKs push into the store', () => {
  let store: string;
  let open: RunningIngestServer;
  let secured: RunningIngestServer;
  const stored: StoredProfileEvent[] = [];

  before(async () => {
    store = mkdtempSync(join(tmpdir(), 'perflens-ingest-'));
    open = await startIngestServer({ store, port: 0, onStored: (e) => stored.push(e), maxBodyBytes: 1024 * 1024 });
    secured = await startIngestServer({ store, port: 0, token: TOKEN, onStored: (e) => stored.push(e) });
  });

  after(async () => {
    await open?.close();
    await secured?.close();
    rmSync(store, { recursive: true, force: true });
  });

  it('binds 127.0.0.1 by default', () => {
    assert.match(open.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('stores what @pyroscope/nodejs pushes, under the app name and the version tag, readable by the store', async () => {
    const checkout = () => stored.filter((e) => e.service === 'checkout');
    await runPyroscopeApp(open.url, { version: 'v7', region: 'eu' }, () => checkout().filter((e) => e.type === 'wall').length >= 2 && checkout().some((e) => e.type === 'inuse_space'));
    const pushed = checkout();
    assert.ok(pushed.filter((e) => e.type === 'wall').length >= 2, JSON.stringify(pushed));
    assert.ok(pushed.some((e) => e.type === 'inuse_space'), JSON.stringify(pushed));
    assert.ok(pushed.every((e) => e.version === 'v7' && e.via === 'push'));

    const local = new LocalStore(store);
    assert.deepEqual((await local.listVersions('checkout')).map((v) => v.version), ['v7']);
    const wall = await local.fetchProfiles({ service: 'checkout', type: 'wall' });
    let priceCart = 0;
    for (const f of wall) {
      const p = readProfileFile(f.origin);
      assert.equal(describeProfile(p).service, 'checkout');
      assert.equal(describeProfile(p).version, 'v7');
      assert.ok(p.comments.includes('region=eu') && p.comments.includes('spy_name=nodespy'), p.comments.join(' | '));
      // The SDK names functions `<file>:<name>:<line>`.
      for (const [name, value] of cumulativeByFunction(p, 'wall')) if (/(^|:)priceCart(:|$)/.test(name)) priceCart += value;
    }
    assert.ok(priceCart > 0, 'the app\'s own function is in the pushed wall profiles');
  });

  it('requires the bearer token when one is set, and stores with it', async () => {
    const before = stored.length;
    const body = fixtureBytes('go/cpu.pb.gz');
    const url = `${secured.url}/ingest?name=orders%7Bversion%3D1.2.0%7D&from=1790000000&until=1790000010&format=pprof`;
    assert.equal((await post(url, body)).status, 401);
    assert.equal((await post(url, body, { authorization: 'Bearer wrong' })).status, 401);
    assert.equal(stored.length, before);
    const ok = await post(url, body, { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/octet-stream' });
    assert.equal(ok.status, 200, ok.text);
    const last = stored[stored.length - 1];
    assert.deepEqual([last.service, last.version, last.type, last.timeMs], ['orders', '1.2.0', 'cpu', 1_790_000_000_000]);
  });

  it('accepts the Go SDK\'s multipart form (profile + sample_type_config), version from service_git_ref', async () => {
    const boundary = 'x-perflens-test-boundary';
    const config = JSON.stringify({ cpu: { units: 'samples', aggregation: 'sum', 'display-name': 'cpu' } });
    const body = formBody(boundary, [['profile', 'profile.pprof', fixtureBytes('go/cpu.pb.gz')], ['sample_type_config', 'sample_type_config.json', config]]);
    const res = await post(`${open.url}/ingest?name=payments.cpu%7Bservice_git_ref%3Dabc123%7D&from=1790000100&spyName=gospy&sampleRate=100`, body, { 'content-type': `multipart/form-data; boundary=${boundary}` });
    assert.equal(res.status, 200, res.text);
    const last = stored[stored.length - 1];
    assert.deepEqual([last.service, last.version, last.type], ['payments', 'abc123', 'cpu']);
    const p = readProfileFile(last.path);
    assert.ok(p.comments.includes('sample_rate=100'));
    assert.deepEqual(readProfileFile(last.path).sampleTypes, readProfileFile(resolve(__dirname, '../../fixtures/go/cpu.pb.gz')).sampleTypes);
  });

  it('answers 413 to a streamed body past the cap without storing it, and 413 at once for a declared one', async () => {
    const before = allFiles(store).length;
    const chunk = Buffer.alloc(256 * 1024, 1);
    const res = await post(`${open.url}/ingest?name=big`, Array.from({ length: 16 }, () => chunk), { 'content-type': 'application/octet-stream' }).catch((e: Error) => ({ status: -1, text: e.message }));
    // The server answers 413 and closes; a client still writing may see the reset instead of the reply.
    assert.ok(res.status === 413 || /ECONNRESET|EPIPE/.test(res.text), `${res.status} ${res.text}`);
    const declared = await post(`${open.url}/ingest?name=big`, Buffer.alloc(10), { 'content-length': String(50 * 1024 * 1024) }).catch((e: Error) => ({ status: -1, text: e.message }));
    assert.ok(declared.status === 413 || /ECONNRESET|EPIPE/.test(declared.text), `${declared.status} ${declared.text}`);
    assert.equal(allFiles(store).length, before);
  });

  it('refuses bad requests with a 4xx that says what is wrong', async () => {
    const good = fixtureBytes('go/cpu.pb.gz');
    const cases: [string, Buffer, Record<string, string>, number, RegExp][] = [
      ['/ingest?from=1', good, {}, 400, /missing query parameter 'name'/],
      ['/ingest?name=a&format=trie', good, {}, 415, /format 'trie' is not supported/],
      ['/ingest?name=a&from=yesterday', good, {}, 400, /'from' must be unix seconds/],
      ['/ingest?name=a%7Bbroken', good, {}, 400, /unclosed label set/],
      ['/ingest?name=a', Buffer.from('this is not a profile'), {}, 400, /uploaded profile/],
      ['/ingest?name=a', gzipSync(Buffer.from('still not a profile')), {}, 400, /uploaded profile/],
      ['/ingest?name=a', Buffer.from('--b\r\nContent-Disposition: form-data; name="other"\r\n\r\nx\r\n--b--\r\n'), { 'content-type': 'multipart/form-data; boundary=b' }, 400, /no 'profile' part/],
      ['/ingest?name=a', Buffer.from('--b\r\nContent-Disposition: form-data; name="profile"\r\n\r\nno end'), { 'content-type': 'multipart/form-data; boundary=b' }, 400, /malformed multipart/],
      ['/other', good, {}, 404, /POST \/ingest .* or POST \/push\.v1\.PusherService\/Push/],
      ['/ingest?name=a', gzipSync(good), { 'content-encoding': 'deflate' }, 415, /Content-Encoding 'deflate' is not supported/],
    ];
    const before = allFiles(store).length;
    for (const [path, body, headers, status, message] of cases) {
      const res = await post(`${open.url}${path}`, body, headers);
      assert.equal(res.status, status, `${path}: ${res.text}`);
      assert.match(res.text, message, path);
    }
    assert.equal(allFiles(store).length, before, 'nothing stored from a refused upload');
  });

  it('answers a refusal only once it has read the whole body, so a client still sending sees the answer, not a reset', async () => {
    // 12 MiB, more than loopback's socket buffers hold: a server that answered without reading would answer before
    // the client finished sending, and then close on it.
    const boundary = 'java-agent-boundary';
    const javaForm = formBody(boundary, [['jfr', 'jfr', gzipSync(Buffer.alloc(12 * 1024 * 1024, 'x'), { level: 0 })], ['labels', 'labels', gzipSync(Buffer.from([0x0a, 0x00]))]]);
    const form = { 'content-type': `multipart/form-data; boundary=${boundary}` };
    const name = encodeURIComponent('billing{version=4.0.0}');
    const cases: [string, Record<string, string>, number, RegExp][] = [
      // The Pyroscope Java agent's form (a `jfr` part, here not a recording, and its labels part): it retries a reset
      // up to 8 times, a 4xx never.
      [`/ingest?name=${name}&from=1790000000&format=jfr&spyName=javaspy`, { ...form, authorization: `Bearer ${TOKEN}` }, 400, /the uploaded JFR recording: not a JFR recording/],
      [`/ingest?name=${name}&format=jfr`, form, 401, /bearer token/],
      ['/nowhere', form, 404, /no route \/nowhere/],
    ];
    const before = allFiles(store).length;
    for (const [path, headers, status, message] of cases) {
      const res = await post(`${secured.url}${path}`, javaForm, headers);
      assert.equal(res.status, status, res.text);
      assert.match(res.text, message);
      assert.ok(res.sentAll, `${path}: the answer came before the client had sent its body`);
    }
    assert.equal(allFiles(store).length, before);
  });
});
