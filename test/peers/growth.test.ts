// Memory growth of a remote source, on the real servers: the Go service of test/fixtures/growth (-leak: every
// request keeps its session in a map, the line marked LEAK; without it: churn only; every process holding a working
// set from its start) — on Grafana Pyroscope, its real heap snapshots pushed through Pyroscope's own ingest as they
// are taken (the leaking service as one process, the steady one as two processes, labelled by instance); on Parca,
// scraped by the server (the same two services). The editor's path — the extension host's per-bucket merges over
// 14 days narrowed to the minutes with profiles and the server's snapshot counts (sources/remoteGrowth.ts), ranked
// by the real profile worker — ranks the planted leak first and flags nothing in the steady service, as
// `perflens growth` of the server does. Against what is known: Pyroscope's counts are the snapshots pushed in each
// bucket, and a bucket's averaged in-use total is the mean of its snapshots' totals (every process together); on
// both servers every bucket holds the processes' working sets.
import * as assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { DEFAULT_PROFILE_LIMITS } from '../../src/core/profile/limits';
import { parseProfile } from '../../src/core/profile/parse';
import { snapshotSites } from '../../src/core/trends/snapshotSites';
import { KeyIndex } from '../../src/core/trends/summary';
import { createSource } from '../../src/sources/create-source';
import { remoteSnapshots, type RemoteSnapshots } from '../../src/sources/remoteGrowth';
import { MAX_ADAPTIVE_MERGES } from '../../src/sources/remoteBuckets';
import { bucketStartOf } from '../../src/sources/snapshotTally';
import type { ProfileSource } from '../../src/sources/types';
import type { GrowthView } from '../../src/shared/growthProtocol';
import { until } from '../harness/wait';
import { goBuild, startListening, type RunningService } from '../unit/sources/helpers/services';
import { profileWorkerClient } from '../unit/worker/helpers/startWorker';
import { startParca, type RunningParca } from './harness/parca';
import { startPyroscope, type RunningPyroscope } from './harness/pyroscope';
import { pushProfile } from './harness/pyroscope-push';
import { perflens, perflensJson } from './harness/cli';

const fixtures = resolve(__dirname, '../fixtures/growth');
const LEAK_LINE = readFileSync(join(fixtures, 'go-service', 'main.go'), 'utf8').split('\n').findIndex((l) => l.includes('// LEAK')) + 1;
const DAY = 24 * 3_600_000;
/** Long enough that the 14 days narrow to buckets of seconds with a dozen of them holding snapshots. */
const HISTORY_MS = 100_000;
/** The working set each process keeps from its start. */
const WORKING_SET_MIB = 256;
/** Between two snapshots a process pushes: a pace, not a wait. */
const PUSH_EVERY_MS = 500;

interface Pushed { readonly service: string; readonly instance: string; readonly timeMs: number; readonly total: number }

/** The Memory growth view of the service from the source, as the editor asks it (buffers transferred). */
async function growthOf(
  worker: ReturnType<typeof profileWorkerClient>, source: ProfileSource, service: string, untilMs: number, say: (m: string) => void,
): Promise<{ view: GrowthView; found: RemoteSnapshots }> {
  const started = performance.now();
  const warnings: string[] = [];
  const found = await remoteSnapshots(source, { service, type: 'inuse_space', untilMs, spanMs: 14 * DAY, buckets: 14 }, (m) => warnings.push(m));
  assert.ok(found, `${source.displayName} counts snapshots`);
  assert.deepEqual(warnings, []);
  const buckets = found.buckets.map((b) => ({ ...b, bytes: Uint8Array.prototype.slice.call(b.bytes).buffer as ArrayBuffer }));
  const view = await worker.client.request('growth', {
    remote: { service, buckets, widthMs: found.widthMs, notes: [...found.notes, found.provenance] }, type: 'inuse_space',
    roots: [], pathMappings: [], allowGit: false, limits: DEFAULT_PROFILE_LIMITS,
  }, { priority: 'background', transfer: buckets.map((b) => b.bytes) });
  say(`${service}: first answer in ${Math.round(performance.now() - started)} ms; ${found.merges} merges, ${view.times.length} buckets of ${found.widthMs / 1000} s; ${found.provenance}; ${found.notes.join('; ')}; top ${view.sites[0]?.function}:${view.sites[0]?.line} leak=${view.sites[0]?.leak} tau=${view.sites[0]?.tau.toFixed(2)}`);
  return { view, found };
}

interface CliGrowth { snapshots: number; notes: string[]; sites: { function: string; line: number | null; leak: boolean; series: number[] }[] }

/** `perflens growth` of the same server and span gives the editor's buckets, ranking and series. */
async function assertCliAgrees(url: string, service: string, untilMs: number, view: GrowthView, say: (m: string) => void): Promise<void> {
  const args = ['growth', url, '--service', service, '--since', new Date(untilMs - 14 * DAY).toISOString(), '--until', new Date(untilMs).toISOString()];
  say((await perflens([...args, '--limit', '3'])).stdout);
  const cli = await perflensJson<CliGrowth>([...args, '--limit', '0', '--json']);
  assert.equal(cli.snapshots, view.times.length, cli.notes.join('; '));
  assert.deepEqual(cli.sites.map((s) => [s.function, s.line, s.leak]), view.sites.map((s) => [s.function, s.line, s.leak]));
  cli.sites[0]?.series.forEach((x, i) => assert.ok(Math.abs(x - view.sites[0].series[i]) <= 1e-9 * Math.abs(x), `bucket ${i}: CLI ${x}, editor ${view.sites[0].series[i]}`));
  assert.ok(cli.notes.some((n) => n.startsWith('in-use memory averaged per')), cli.notes.join('; '));
}

/**
 * Known truth on either server: every process holds WORKING_SET_MIB from its start, so each bucket's averaged in-use
 * total is at least that per process, and the steady service's is that within 3% (its churn is a few MB) — the last
 * bucket too, cut by the span's end, and the first, where profiling began partway through, unless `skipFirst`.
 */
function assertWorkingSetHeld(view: GrowthView, processes: number, leaking: boolean, skipFirst: boolean): void {
  const held = processes * WORKING_SET_MIB * 2 ** 20;
  view.totals.forEach((total, i) => {
    if (i === 0 && skipFirst) return;
    const at = `bucket ${i} of ${view.totals.length}: averaged in-use ${(total / 2 ** 20).toFixed(1)} MiB, ${processes} process(es) holding ${WORKING_SET_MIB} MiB each`;
    assert.ok(total >= 0.99 * held, at);
    if (!leaking) assert.ok(total <= 1.03 * held, at);
  });
}

function assertRanking(view: GrowthView, leaking: boolean, found: RemoteSnapshots): void {
  const detail = () => `${found.provenance}; ${view.notes.join('; ')}; top: ${JSON.stringify(view.sites.slice(0, 3).map((s) => [s.function, s.line, s.leak, s.tau]))}`;
  assert.ok(view.times.length >= 8, `buckets with snapshots: ${view.times.length}; ${detail()}`);
  assert.ok(found.merges <= MAX_ADAPTIVE_MERGES, `${found.merges} merges`);
  assert.ok(!found.notes.some((n) => /no snapshot count/.test(n)), `every bucket with a merge is counted: ${found.notes.join('; ')}`);
  if (leaking) {
    const top = view.sites[0];
    assert.deepEqual([top?.function, top?.line, top?.leak], ['main.handle', LEAK_LINE, true], detail());
    assert.equal(view.sites.filter((s) => s.leak).length, 1, `only the planted leak is flagged: ${detail()}`);
  } else {
    assert.deepEqual(view.sites.filter((s) => s.leak).map((s) => `${s.function}:${s.line}`), [], detail());
  }
}

describe('Memory growth of remote sources (real servers): the planted leak first, the steady service not flagged', () => {
  let work: string;
  let binary: string;
  let pyroscope: RunningPyroscope | undefined;
  let parca: RunningParca | undefined;
  const services: RunningService[] = [];
  const pushed: Pushed[] = [];
  const worker = profileWorkerClient();
  let pushing = true;
  let pushingDone: Promise<void> = Promise.resolve();
  let startedMs = 0;

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'perflens-remote-growth-'));
    cpSync(join(fixtures, 'go-service'), join(work, 'src'), { recursive: true });
    binary = join(work, 'growth-go');
    await goBuild(join(work, 'src'), binary, ['-trimpath']);
    // Each holds a working set as a real service does: in a service of a few MB scraped every second, the
    // profiler's own gzip writers (alive at more or fewer of the collections as the machine gets busier) are a
    // large share of the memory, and their rise passes for growth.
    const start = async (leak: boolean) => {
      const s = await startListening(binary, [...(leak ? ['-leak'] : []), '-hold', String(WORKING_SET_MIB)]);
      services.push(s);
      return s;
    };
    const [leak, steadyA, steadyB] = await Promise.all([start(true), start(false), start(false)]);
    [pyroscope, parca] = await Promise.all([
      startPyroscope(),
      startParca([
        { job: 'growth-leak', intervalSeconds: 1, cpu: false, groups: [{ targets: [leak.address], labels: {} }] },
        { job: 'growth-steady', intervalSeconds: 1, cpu: false, groups: [{ targets: [steadyA.address, steadyB.address], labels: {} }] },
      ]),
    ]);
    startedMs = Date.now();
    const url = pyroscope.url;
    // Each process's heap snapshot, pushed as pyroscope-go pushes it (the whole heap profile: Pyroscope splits its
    // four sample types).
    const push = async (s: RunningService, service: string, instance: string) => {
      while (pushing) {
        const bytes = new Uint8Array(await (await fetch(`http://${s.address}/debug/pprof/heap`)).arrayBuffer());
        const profile = parseProfile(bytes, 'heap');
        const timeMs = Number(profile.timeNanos) / 1e6;
        await pushProfile(url, { __name__: 'memory', service_name: service, instance }, bytes);
        pushed.push({ service, instance, timeMs, total: snapshotSites(profile, 'inuse_space', new KeyIndex()).sites.totals[0] });
        await delay(PUSH_EVERY_MS);
      }
    };
    pushingDone = Promise.all([push(leak, 'growth-leak', 'a'), push(steadyA, 'growth-steady', 'a'), push(steadyB, 'growth-steady', 'b')]).then(() => undefined);
    await until(() => Date.now() - startedMs >= HISTORY_MS && pushed.length > 0, `${HISTORY_MS / 1000} s of snapshots`, { abortIf: () => parca?.process.exitReason() && parca.process.output() });
    pushing = false;
    await pushingDone;
  });

  after(async () => {
    pushing = false;
    await pushingDone.catch(() => undefined);
    worker.client.dispose();
    await Promise.all([pyroscope?.stop(), parca?.stop(), ...services.map((s) => s.stop())]);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('Pyroscope (pushed): counts the snapshots pushed per bucket, averages each merge by them, ranks the leak first', async (t) => {
    const source = createSource(`pyroscope+${pyroscope!.url}`, { retry: { retries: 0 } });
    const untilMs = Math.max(...pushed.map((p) => p.timeMs)) + 1;
    // Ingestion is asynchronous: wait until the last snapshot of each service is counted.
    const last = (service: string) => Math.max(...pushed.filter((p) => p.service === service).map((p) => p.timeMs));
    for (const service of ['growth-leak', 'growth-steady']) {
      await until(async () => {
        const counts = await source.snapshotCounts!({ service, type: 'inuse_space', range: { fromMs: last(service) - 999, toMs: last(service) + 1 }, widthMs: 1000 }).catch(() => undefined);
        return counts && [...counts.buckets.values()].some((c) => c.size > 0);
      }, `Pyroscope to serve ${service}'s last snapshot`);
    }

    for (const [service, leaking] of [['growth-leak', true], ['growth-steady', false]] as const) {
      const { view, found } = await growthOf(worker, source, service, untilMs, (m) => t.diagnostic(m));
      assertRanking(view, leaking, found);
      // Known truth: the snapshots pushed into each bucket, and their totals.
      const mine = pushed.filter((p) => p.service === service);
      // The processes' pushes begin together; one that lagged by more than a snapshot in the first bucket (a slow
      // fetch on a busy machine) counts there for the part it was pushed, as a pod that came up then would.
      const firstCounts = [...new Set(mine.map((p) => p.instance))].map((i) => mine.filter((p) => p.instance === i && bucketStartOf(p.timeMs, found.widthMs) === found.buckets[0].startMs).length);
      const apart = Math.max(...firstCounts) - Math.min(...firstCounts);
      if (apart > 1) t.diagnostic(`${service}: first bucket not checked against the working set, its processes' pushes ${apart} apart there`);
      assertWorkingSetHeld(view, leaking ? 1 : 2, leaking, apart > 1);
      await assertCliAgrees(`pyroscope+${pyroscope!.url}`, service, untilMs, view, (m) => t.diagnostic(m));
      const counts = await source.snapshotCounts!({ service, type: 'inuse_space', range: { fromMs: found.buckets[0].startMs, toMs: untilMs }, widthMs: found.widthMs });
      const inBucketOf = (startMs: number) => mine.filter((p) => bucketStartOf(p.timeMs, found.widthMs) === startMs && p.timeMs <= untilMs);
      const perInstance = (startMs: number) => {
        const n = new Map<string, number>();
        for (const p of inBucketOf(startMs)) n.set(p.instance, (n.get(p.instance) ?? 0) + 1);
        return n;
      };
      // Where every instance has snapshots in the buckets before and after, each was there throughout: the divisor
      // is the bucket's snapshots per series (a bucket where one came or went is core/trends/bucketDivisors' unit test).
      const steady = (startMs: number) => [...perInstance(startMs).keys()].every((i) => perInstance(startMs - found.widthMs).has(i) && perInstance(startMs + found.widthMs).has(i));
      let steadyBuckets = 0;
      for (const b of found.buckets) {
        const inBucket = inBucketOf(b.startMs);
        const expected = perInstance(b.startMs);
        assert.deepEqual([...counts.buckets.get(b.startMs)!.values()].sort(), [...expected.values()].sort(), `bucket ${new Date(b.startMs).toISOString()}`);
        if (!steady(b.startMs)) continue;
        steadyBuckets++;
        assert.equal(b.snapshotsPerSeries, inBucket.length / expected.size);
      }
      assert.ok(steadyBuckets >= found.buckets.length - 2, `${steadyBuckets} of ${found.buckets.length} buckets with every instance there throughout`);
      view.times.forEach((t, i) => {
        const startMs = t - found.widthMs / 2;
        if (!steady(startMs)) return;
        const inBucket = inBucketOf(startMs);
        const perSeries = inBucket.length / perInstance(startMs).size;
        const expected = inBucket.reduce((sum, p) => sum + p.total, 0) / perSeries;
        assert.ok(Math.abs(view.totals[i] - expected) <= 0.01 * expected, `bucket ${i}: averaged in-use ${view.totals[i]}, the snapshots' mean ${expected}`);
      });
      assert.match(found.provenance, /^averaged per \d+ seconds? bucket from \d+ snapshots of Pyroscope/);
    }
  });

  it('Parca (scraping): averages each merge by its QueryRange counts, ranks the leak first, flags nothing in the steady service', async (t) => {
    const source = createSource(`parca+${parca!.url}`, { retry: { retries: 0 } });
    // Parca keeps scraping: a history ending 10 s ago is all in (its last scrapes stored) and the same for every ask.
    const untilMs = Date.now() - 10_000;
    for (const [service, leaking] of [['growth-leak', true], ['growth-steady', false]] as const) {
      const { view, found } = await growthOf(worker, source, service, untilMs, (m) => t.diagnostic(m));
      assertRanking(view, leaking, found);
      // Parca begins scraping its targets at moments of its own choosing (what was scraped is not known here): in the
      // bucket where scraping began, a target first scraped later than the other may count for the part it was
      // scraped (as a pod that came up then would).
      assertWorkingSetHeld(view, leaking ? 1 : 2, leaking, true);
      await assertCliAgrees(`parca+${parca!.url}`, service, untilMs, view, (m) => t.diagnostic(m));
      assert.match(found.provenance, new RegExp(`of Parca .*${leaking ? '1 series' : '2 series'} at most`));
    }
  });
});
