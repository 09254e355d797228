// JFR uploads, as the Pyroscope Java agent sends them (`/ingest?format=jfr&sampleRate=100`, multipart `jfr` +
// `labels`), of the recordings Grafana Pyroscope tests its own converter with: each kind of sample is stored as
// pprof under the type Pyroscope names it, with the totals of Pyroscope's converter output for that recording
// (../shared/corpus, beside each recording). The real agent pushing is in test/peers/sdk-java.test.ts.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startIngestServer, type RunningIngestServer } from '../../../src/collector/ingest/ingest-server';
import type { StoredProfileEvent } from '../../../src/collector/scraper';
import { parseProfile, readProfileFile } from '../../../src/core/profile/parse';
import { JFR_TESTDATA } from '../readers/jfr/helpers';
import { total } from '../sources/helpers/profiles';
import { formBody, post } from './helpers/ingest-client';

const RECORDING = 'cortex-dev-01__kafka-0__cpu_lock_alloc__0.jfr.gz';

describe('ingest: JFR from the Pyroscope Java agent', () => {
  let store: string;
  let server: RunningIngestServer;
  const stored: StoredProfileEvent[] = [];

  before(async () => {
    store = mkdtempSync(join(tmpdir(), 'perflens-ingest-jfr-'));
    server = await startIngestServer({ store, port: 0, onStored: (e) => stored.push(e) });
  });

  after(async () => {
    await server?.close();
    rmSync(store, { recursive: true, force: true });
  });

  const upload = (jfr: Buffer, labels?: Buffer) => {
    const boundary = 'okhttp-boundary';
    const parts: [string, string, Buffer][] = [['jfr', 'jfr', jfr]];
    if (labels) parts.push(['labels', 'labels', labels]);
    const name = encodeURIComponent('kafka.app{version=3.7.0,otel.scope.name=com.grafana.pyroscope/java}');
    return post(`${server.url}/ingest?name=${name}&units=samples&aggregationType=sum&from=1790000000&until=1790000010&spyName=javaspy&sampleRate=100&format=jfr`,
      formBody(boundary, parts), { 'content-type': `multipart/form-data; boundary=${boundary}` });
  };

  it('stores each kind of sample as pprof under Pyroscope\'s name for it, with the totals of Pyroscope\'s converter', async () => {
    const dir = JFR_TESTDATA();
    const res = await upload(readFileSync(join(dir, RECORDING)), Buffer.alloc(0));
    assert.equal(res.status, 200, res.text);
    assert.ok(stored.every((e) => e.service === 'kafka.app' && e.version === '3.7.0' && e.timeMs === 1_790_000_000_000));
    const byType = (type: string) => stored.filter((e) => e.type === type);
    assert.equal(byType('cpu').length, 1);
    // Each reference is Pyroscope's profile of one kind (named by its metric and sample type): the same total.
    const references = readdirSync(dir).filter((f) => f.startsWith(`${RECORDING}.`) && f.endsWith('.pb.gz'));
    assert.ok(references.length >= 3);
    for (const file of references) {
      const reference = parseProfile(readFileSync(join(dir, file)), file);
      const sampleType = reference.sampleTypes[0].type;
      const type = file.includes('.process_cpu_') ? 'cpu' : sampleType === 'alloc_in_new_tlab_objects' ? 'alloc_in_new_tlab_bytes' : sampleType;
      const ours = byType(type);
      assert.equal(ours.length, 1, `${file}: one stored ${type} profile (stored: ${stored.map((e) => e.type).join(', ')})`);
      const mine = total(readProfileFile(ours[0].path), sampleType);
      assert.ok(Math.abs(mine - total(reference, sampleType)) <= 1e-9 * mine, `${file}: ${mine} stored, Pyroscope ${total(reference, sampleType)}`);
    }
  });

  it('refuses what is not a recording, and stores nothing from it', async () => {
    const before = stored.length;
    const res = await upload(Buffer.from('not a recording'));
    assert.equal(res.status, 400);
    assert.match(res.text, /the uploaded JFR recording: not a JFR recording/);
    assert.equal(stored.length, before);
  });
});
