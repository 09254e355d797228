// The editor's Trends view on a real Grafana Pyroscope (scripts/setup-peers/pyroscope.sh): the last two and a half
// hours of a service whose pricing.Fib costs a little more every quarter of an hour (the real Go CPU profile of the
// shop fixture, Fib's samples multiplied by the profile's number: test/harness/growingStore.ts), pushed through Pyroscope's own ingest at their
// times (recent ones: the server answers for older pushes from its storage, once flushed). The editor's path — the
// extension host's per-bucket merges over 14 days (sources/remoteBuckets.ts adaptiveBuckets: day buckets, then the
// one with profiles in narrower ones) summarized by the real profile worker — ranks Fib first, and gives the same
// buckets, shares and rise as `perflens trend` asked of the same server for the same range and bucket width.
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createSource } from '../../src/sources/create-source';
import { adaptiveBuckets, MAX_ADAPTIVE_MERGES, type RemoteBuckets } from '../../src/sources/remoteBuckets';
import type { ProfileSource } from '../../src/sources/types';
import type { TrendsView } from '../../src/shared/trendsProtocol';
import { until } from '../harness/wait';
import { profileWorkerClient } from '../unit/worker/helpers/startWorker';
import { perflensJson } from './harness/cli';
import { startPyroscope, type RunningPyroscope } from './harness/pyroscope';
import { startParca, type RunningParca } from './harness/parca';
import { HOT_FUNCTION, startGoService } from './harness/go-service';
import type { RunningService } from '../unit/sources/helpers/services';
import { pushProfile } from './harness/pyroscope-push';
import { growingProfile } from '../harness/growingStore';

const SERVICE = 'peers-trends';
const GROWS = 'example.com/shop/pricing.Fib';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// The fixture 100 times over: a quarter of an hour of a service busy on a few cores, not the fixture's 2.7 s —
// Pyroscope's merged profiles say period 1 s, so their sample counts are estimated as CPU seconds.
const SCALE = 100;
const STEP = 15 * 60_000;
const COUNT = 10;
// Ten profiles a quarter of an hour apart, the last one a quarter of an hour ago.
const UNTIL = Math.floor(Date.now() / STEP) * STEP;
const FIRST = UNTIL - COUNT * STEP;

/** The profile worker's trends of the buckets, as the editor asks them (the buffers transferred). */
function summarized(worker: ReturnType<typeof profileWorkerClient>, found: RemoteBuckets): Promise<TrendsView> {
  const buckets = found.buckets.map((b) => ({ startMs: b.startMs, origin: b.origin, bytes: b.bytes && (Uint8Array.prototype.slice.call(b.bytes).buffer as ArrayBuffer) }));
  return worker.client.request('trends', {
    remote: { buckets, widthMs: found.widthMs, fromMs: found.range.fromMs, toMs: found.range.toMs, notes: found.notes }, sampleType: 'cpu',
  }, { priority: 'background', transfer: buckets.flatMap((b) => (b.bytes ? [b.bytes] : [])) });
}

interface CliTrend {
  buckets: { label: string; profiles: number }[];
  functions: { function: string; rise: number; shares: number[]; significant: boolean }[];
}

describe('Trends of a Pyroscope source (real server): the editor\'s path gives what perflens trend gives', () => {
  let pyroscope: RunningPyroscope;
  let source: ProfileSource;
  const worker = profileWorkerClient();

  before(async () => {
    pyroscope = await startPyroscope({ acceptOldProfiles: true });
    source = createSource(`pyroscope+${pyroscope.url}`, { retry: { retries: 0 } });
    for (let i = 0; i < COUNT; i++) {
      await pushProfile(pyroscope.url, { __name__: 'process_cpu', service_name: SERVICE, version: `v${i + 1}` }, growingProfile(GROWS, i + 1, FIRST + i * STEP, SCALE));
    }
    // Ingestion is asynchronous: wait until the last profile can be merged.
    await until(async () => {
      try {
        return (await source.fetchProfiles({ service: SERVICE, type: 'cpu', range: { fromMs: UNTIL - STEP, toMs: UNTIL } })).length > 0;
      } catch {
        return false;
      }
    }, 'Pyroscope to serve the last pushed profile');
  });
  after(async () => {
    worker.client.dispose();
    await pyroscope?.stop();
  });

  it('ranks the function that grows at every profile first, with the CLI\'s buckets, shares and rise', async () => {
    const warnings: string[] = [];
    const found = await adaptiveBuckets(source, { service: SERVICE, type: 'cpu', range: { fromMs: UNTIL - 14 * DAY, toMs: UNTIL }, buckets: 14 }, (m) => warnings.push(m));
    assert.deepEqual(warnings, []);
    assert.ok(found.widthMs < DAY, `the day with profiles asked again in narrower buckets: ${found.widthMs} ms`);
    assert.ok(found.calls <= MAX_ADAPTIVE_MERGES, `${found.calls} calls`);
    const view = await summarized(worker, found);
    const when = (t: number) => new Date(t).toISOString();
    assert.ok(view.bucketStarts.length >= 2, `buckets: ${JSON.stringify(found.buckets.map((b) => [when(b.startMs), b.bytes?.length ?? 0]))}; notes: ${view.notes.join('; ')}`);
    const top = view.rising[0];
    assert.ok(top, `a rising function; notes: ${view.notes.join('; ')}; buckets ${JSON.stringify(view.bucketStarts.map(when))}`);
    assert.equal(view.keys[top.key].split('\u0000')[0], GROWS);
    const n = view.bucketStarts.length;
    const shares = Array.from(view.shares.subarray(top.key * n, (top.key + 1) * n));
    for (let b = 1; b < n; b++) assert.ok(shares[b] > shares[b - 1], `its share rises bucket by bucket: ${shares.join(', ')}`);
    assert.ok(view.notes.some((note) => new RegExp(`^${found.calls} merged profiles asked of Pyroscope`).test(note)), view.notes.join('; '));

    const cli = await perflensJson<CliTrend>(['trend', `pyroscope+${pyroscope.url}`, '--service', SERVICE, '--type', 'cpu',
      '--since', when(found.range.fromMs), '--until', when(found.range.toMs), '--by', `${found.widthMs / 1000}s`, '--json']);
    assert.deepEqual(cli.buckets.map((b) => Date.parse(b.label)), view.bucketStarts, 'the same buckets');
    const first = cli.functions[0];
    assert.equal(first.function, GROWS);
    assert.ok(first.significant);
    assert.ok(Math.abs(first.rise - top.rise) < 1e-9, `the same rise: CLI ${first.rise}, editor ${top.rise}`);
    first.shares.forEach((s, b) => assert.ok(Math.abs(s - shares[b]) < 1e-9, `bucket ${b}: CLI ${s}, editor ${shares[b]}`));
  });
});

describe('Trends of a Parca source (real server): the editor\'s path gives what perflens trend gives', () => {
  let parca: RunningParca;
  let service: RunningService | undefined;
  let source: ProfileSource;
  let until0 = 0;
  const worker = profileWorkerClient();

  before(async () => {
    service = await startGoService();
    parca = await startParca([{ job: 'trends-shop', intervalSeconds: 2, groups: [{ targets: [service.address], labels: {} }] }]);
    source = createSource(`parca+${parca.url}`, { retry: { retries: 0 } });
    const started = Date.now();
    // About a minute of scrapes: the newest 20 s window after the first 40 s has profiles.
    await until(async () => {
      try {
        return (await source.fetchProfiles({ service: 'trends-shop', type: 'cpu', range: { fromMs: started + 40_000, toMs: Date.now() } })).length > 0;
      } catch {
        return false;
      }
    }, 'Parca to have scraped the service for 40 s', { abortIf: () => parca.process.exitReason() && parca.process.output() });
    // The history asked ends before the service stops: nothing is added to it while the two paths read it.
    until0 = Date.now() - 10_000;
    await service.stop();
    service = undefined;
  });
  after(async () => {
    worker.client.dispose();
    await parca?.stop();
    await service?.stop();
  });

  it('narrows 14 days to the minute with profiles and gives the CLI\'s buckets and shares', async () => {
    const warnings: string[] = [];
    const found = await adaptiveBuckets(source, { service: 'trends-shop', type: 'cpu', range: { fromMs: until0 - 14 * DAY, toMs: until0 }, buckets: 14 }, (m) => warnings.push(m));
    assert.deepEqual(warnings, []);
    assert.ok(found.widthMs <= 60_000, `buckets of seconds over the minute with profiles: ${found.widthMs} ms`);
    assert.ok(found.calls <= MAX_ADAPTIVE_MERGES, `${found.calls} calls`);
    const view = await summarized(worker, found);
    const when = (t: number) => new Date(t).toISOString();
    assert.ok(view.bucketStarts.length >= 2, `buckets: ${JSON.stringify(found.buckets.map((b) => [when(b.startMs), b.bytes?.length ?? 0]))}; notes: ${view.notes.join('; ')}`);
    const k = view.keys.findIndex((key) => key.split('\u0000')[0] === HOT_FUNCTION);
    assert.ok(k >= 0, `${HOT_FUNCTION} in the trends`);
    const n = view.bucketStarts.length;
    const shares = Array.from(view.shares.subarray(k * n, (k + 1) * n));
    assert.ok(shares.every((x) => x > 0), `the hot function in every bucket: ${shares.join(', ')}`);

    const cli = await perflensJson<CliTrend>(['trend', `parca+${parca.url}`, '--service', 'trends-shop', '--type', 'cpu', '--function', HOT_FUNCTION,
      '--since', when(found.range.fromMs), '--until', when(found.range.toMs), '--by', `${found.widthMs / 1000}s`, '--json']);
    assert.deepEqual(cli.buckets.map((b) => Date.parse(b.label)), view.bucketStarts, 'the same buckets');
    assert.equal(cli.functions[0].function, HOT_FUNCTION);
    cli.functions[0].shares.forEach((x, b) => assert.ok(Math.abs(x - shares[b]) < 1e-9, `bucket ${b}: CLI ${x}, editor ${shares[b]}`));
  });
});
