// OpenTelemetry profiles into the local store: a request made by the OpenTelemetry Collector's own marshaller
// (test/fixtures/otlp/tool) becomes one pprof profile per service and type, which the store lists and the core
// decodes with the sent totals and labels, and which `go tool pprof` reads with the same totals as PerfLens.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { parseProfile } from '../../../src/core/profile/parse';
import { checkOtlpHeaders, otlpIngestedProfiles, otlpStatusBody } from '../../../src/collector/ingest/otlp-profiles';
import { IngestRequestError } from '../../../src/collector/ingest/ingest-route';
import { LocalStore } from '../../../src/sources/store/local-store';
import { writeStoreProfile } from '../../../src/sources/store/store-writer';
import { goPprofTop, goPprofUnavailable } from '../core/helpers/goPprof';
import { labelOf } from '../readers/helpers/labels';
import { Collector } from '../../../src/collector/collector';
import { otlpToolUnavailable, postOtlpRequest, produceOtlpRequest, type OtlpGroupSummary } from '../readers/helpers/otlpTool';

describe('OTLP profiles → the local store', { skip: otlpToolUnavailable() }, () => {
  let work: string;
  let request: Uint8Array;
  let sent: OtlpGroupSummary[];
  before(() => {
    work = mkdtempSync(join(tmpdir(), 'perflens-otlp-ingest-'));
    sent = produceOtlpRequest(join(work, 'request.pb'));
    request = readFileSync(join(work, 'request.pb'));
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('stores one profile per service and type, found by the store with the sent totals and labels', async () => {
    const store = join(work, 'store');
    for (const p of otlpIngestedProfiles(request, Date.now())) await writeStoreProfile(store, p);
    const source = new LocalStore(store);
    assert.deepEqual(await source.listServices(), ['checkout', 'search']);
    assert.deepEqual((await source.listVersions('checkout')).map((v) => v.version), ['v2.1.0']);
    assert.deepEqual((await source.listProfileTypes('checkout')).map((t) => t.type).sort(), ['alloc_space', 'cpu']);

    const [cpu] = await source.fetchProfiles({ service: 'checkout', type: 'cpu' });
    const profile = parseProfile(cpu.bytes, cpu.origin);
    const expected = sent.find((g) => g.service === 'checkout' && g.type === 'samples')!;
    const sum = (t: number) => Array.from({ length: profile.samples.count }, (_, s) => profile.samples.values[s * 2 + t]).reduce((a, b) => a + b, 0);
    assert.deepEqual([sum(0), sum(1)], [expected.sum, expected.sum * expected.period]);
    assert.equal(new Date(cpu.timeMs).toISOString(), '2026-01-01T00:00:00.000Z', 'time of the OTLP profile');
    for (const [key, value] of Object.entries(expected.labels)) {
      assert.ok([0, 1].some((s) => labelOf(profile, s, key) === value), `${key}=${value} on a stored sample`);
    }
    assert.ok(profile.comments.includes('service_name=checkout') && profile.comments.includes('version=v2.1.0'), profile.comments.join(' | '));

    const [alloc] = await source.fetchProfiles({ service: 'checkout', type: 'alloc_space' });
    const allocProfile = parseProfile(alloc.bytes, alloc.origin);
    const allocSent = sent.find((g) => g.type === 'alloc_space')!;
    assert.deepEqual(allocProfile.sampleTypes.map((t) => `${t.type}/${t.unit}`), ['samples/count', 'alloc_space/bytes']);
    assert.equal(allocProfile.samples.values[1], allocSent.sum);
  });

  it('writes pprof that go tool pprof reads with the same totals', { skip: goPprofUnavailable() }, () => {
    const cpu = otlpIngestedProfiles(request, Date.now()).find((p) => p.service === 'checkout' && p.type === 'cpu')!;
    const file = join(work, 'checkout-cpu.pb.gz');
    writeFileSync(file, cpu.bytes);
    const expected = sent.find((g) => g.service === 'checkout' && g.type === 'samples')!;
    const top = goPprofTop([file], 'cpu', 'nanoseconds', 'functions');
    assert.equal(top.total, expected.sum * expected.period);
    assert.deepEqual(top.rows.map((r) => r.name).sort(), ['encoding/json.Marshal', 'main.applyTax', 'main.handleCheckout']);
  });

  it('perflens collect --otlp-profiles-alpha: a request POSTed by the producer lands in the store; without the flag there is no such route', async () => {
    const store = join(work, 'collected');
    const stored: string[] = [];
    let listening!: (url: string) => void;
    const url = new Promise<string>((resolve) => (listening = resolve));
    const collector = new Collector({ store, targets: [], ingest: { host: '127.0.0.1', port: 0, otlpProfilesAlpha: true } }, { onIngestListening: listening, onStored: (e) => stored.push(`${e.service}/${e.version}/${e.type}`) });
    const running = collector.run();
    try {
      const summary = await postOtlpRequest(`${await url}/v1development/profiles`, join(work, 'posted.pb'));
      assert.deepEqual(stored.sort(), ['checkout/v2.1.0/alloc_space', 'checkout/v2.1.0/cpu', 'search/unknown/cpu']);
      const source = new LocalStore(store);
      for (const g of summary) {
        const type = g.type === 'samples' ? 'cpu' : g.type;
        const [fetched] = await source.fetchProfiles({ service: g.service, type });
        const p = parseProfile(fetched.bytes, fetched.origin);
        const t = p.sampleTypes.findIndex((x) => x.type === (g.type === 'samples' ? 'samples' : g.type));
        const total = Array.from({ length: p.samples.count }, (_, s) => p.samples.values[s * p.sampleTypes.length + t]).reduce((a, b) => a + b, 0);
        assert.equal(total, g.sum, `${g.service} ${g.type}: the sent total`);
        for (const [key, value] of Object.entries(g.labels)) assert.ok(Array.from({ length: p.samples.count }, (_, s) => labelOf(p, s, key)).includes(value), `${key}=${value}`);
      }
      const bad = await fetch(`${await url}/v1development/profiles`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: new Uint8Array([0x0a, 0x05, 1]) });
      assert.equal(bad.status, 400);
      assert.equal(bad.headers.get('content-type'), 'application/x-protobuf');
      assert.match(Buffer.from(await bad.arrayBuffer()).toString('latin1'), /not an OpenTelemetry profiles message/);
    } finally {
      await collector.stop();
      await running;
    }
    const plain = new Collector({ store, targets: [], ingest: { host: '127.0.0.1', port: 0 } }, { onIngestListening: (u) => listening(u) });
    const second = new Promise<string>((resolve) => (listening = resolve));
    const runningPlain = plain.run();
    try {
      const r = await fetch(`${await second}/v1development/profiles`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: Buffer.from(request) });
      assert.equal(r.status, 404);
    } finally {
      await plain.stop();
      await runningPlain;
    }
  });

  it('refuses what is not OTLP/HTTP protobuf, and bad messages, with one line', () => {
    const refused = (f: () => void, status: number, message: RegExp) => assert.throws(f, (e: unknown) => e instanceof IngestRequestError && e.status === status && message.test(e.message));
    refused(() => checkOtlpHeaders('application/json', undefined), 415, /OTLP\/JSON is not accepted/);
    refused(() => checkOtlpHeaders('text/plain', undefined), 415, /must be sent as application\/x-protobuf/);
    refused(() => checkOtlpHeaders('application/x-protobuf', 'br'), 415, /Content-Encoding 'br'/);
    checkOtlpHeaders('application/x-protobuf; charset=binary', 'gzip');
    refused(() => otlpIngestedProfiles(request.subarray(0, request.length - 7), 0), 400, /^the OTLP request: not an OpenTelemetry profiles message/);
    refused(() => otlpIngestedProfiles(gzipSync(Buffer.alloc(1 << 22)), 0, { maxDecompressedBytes: 1 << 20 }), 400, /larger than the limit/);
    refused(() => otlpIngestedProfiles(request, 0, { maxSamples: 2 }), 400, /maxSamples/);
    const status = otlpStatusBody('bad');
    assert.deepEqual([...status], [0x08, 3, 0x12, 3, 0x62, 0x61, 0x64]);
  });
});
