/**
 * Trends and memory growth, timed (`node --import tsx bench/trends/run.ts`, results in bench/results/trends.json):
 * - a 14-day trend over hourly buckets from a 2,000-profile local store: `perflens trend` cold (no summary cache:
 *   every profile read), then warm (summaries from the disk cache), then another function's series from summaries
 *   in memory (what the profile worker answers a second hover with);
 * - memory growth over 200 Go heap snapshots: `perflens growth`;
 * - beside them, the tool users would otherwise use: `go tool pprof -top` on one hour's profiles (a trend by hand
 *   is one such call per bucket: 336 for 14 days), measured here on three hours and multiplied.
 * Each figure is the median of 3 runs in this process (the CLI's code paths, in-process), as wall time and as this
 * process's CPU time (the steadier figure on a shared machine; the load average is recorded beside them).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGrowth } from '../../src/cli/commands/growth';
import { runTrend } from '../../src/cli/commands/trend';
import { storeHistory } from '../../src/sources/history';
import { DAY_MS, HOUR_MS } from '../../src/core/trends/buckets';
import { keyTrends, trendTable } from '../../src/core/trends/rising';
import { SummaryCache } from '../../src/core/trends/summaryCache';
import { LocalStore } from '../../src/sources/store/local-store';
import { generateCpuStore, generateHeapStore } from './generate';

const END = Date.UTC(2026, 2, 15);
const work = mkdtempSync(join(tmpdir(), 'perflens-bench-trends-'));
const quiet = { stdout: { write: () => undefined }, stderr: { write: () => undefined } };
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
interface Timing { wallMs: number; cpuMs: number }
const time = async (f: () => Promise<unknown> | unknown): Promise<Timing> => {
  const cpu = process.cpuUsage();
  const t = performance.now();
  await f();
  const used = process.cpuUsage(cpu);
  return { wallMs: performance.now() - t, cpuMs: (used.user + used.system) / 1000 };
};
/** Medians of wall and CPU time, rounded to `digits` decimals. */
const medians = (runs: Timing[], digits = 0) => {
  const round = (x: number) => Math.round(x * 10 ** digits) / 10 ** digits;
  return { wallMs: round(median(runs.map((r) => r.wallMs))), cpuMs: round(median(runs.map((r) => r.cpuMs))) };
};

async function main() {
  const store = join(work, 'store');
  let t = performance.now();
  const { rising } = generateCpuStore(store, { profiles: 2000, days: 14, endMs: END, seed: 1 });
  const { leak } = generateHeapStore(store, { snapshots: 200, endMs: END, seed: 2 });
  console.log(`generated in ${Math.round(performance.now() - t)} ms`);
  const loadAtStart = loadavg()[0];
  const until = ['--until', new Date(END).toISOString(), '--since', '14d'];

  const cold: Timing[] = [];
  const warm: Timing[] = [];
  for (let run = 0; run < 3; run++) {
    const cache = join(work, `cache-${run}`);
    cold.push(await time(() => runTrend([store, '--service', 'shop', ...until], quiet, { XDG_CACHE_HOME: cache })));
    warm.push(await time(() => runTrend([store, '--service', 'shop', ...until], quiet, { XDG_CACHE_HOME: cache })));
  }
  let out = '';
  await runTrend([store, '--service', 'shop', ...until, '--json'], { stdout: { write: (s: string) => void (out += s) }, stderr: quiet.stderr }, { XDG_CACHE_HOME: join(work, 'cache-0') });
  const first = JSON.parse(out).functions[0];

  // The worker's case: summaries already in memory, another function asked for.
  const cache = new SummaryCache(undefined);
  const range = { fromMs: END - 14 * DAY_MS, toMs: END };
  const history = await storeHistory(new LocalStore(store, { maxProfilesPerFetch: Number.MAX_SAFE_INTEGER }), { service: 'shop', type: 'cpu', sampleType: 'cpu', range, by: { kind: 'time', widthMs: HOUR_MS, sinceMs: range.fromMs, untilMs: range.toMs }, maxProfiles: 4000 }, cache, () => undefined);
  const another: Timing[] = [];
  for (let run = 0; run < 3; run++) {
    another.push(await time(() => {
      const table = trendTable(history.summaries.map((s) => s?.functions), history.buckets, history.functionKeys.size);
      return keyTrends(table).trends.find((x) => history.functionKeys.keys[x.key].startsWith('shop/pkg3.f3\u0000'));
    }));
  }

  const growth: Timing[] = [];
  let growthOut = '';
  for (let run = 0; run < 3; run++) growth.push(await time(() => runGrowth([store, '--service', 'api', '--until', new Date(END).toISOString(), '--since', '1d', '--json'], { stdout: { write: (s: string) => void (growthOut = s) }, stderr: quiet.stderr }, {})));
  const topSite = JSON.parse(growthOut).sites[0];

  // By hand: go tool pprof -top on one hour's profiles, for three hours.
  const files = readdirSync(join(store, 'shop'), { recursive: true }).map(String).filter((f) => f.endsWith('.pb.gz')).map((f) => join(store, 'shop', f));
  const byHour = new Map<number, string[]>();
  for (const f of files) {
    const h = Math.floor(Number(/(\d+)\.pb\.gz$/.exec(f)![1]) / HOUR_MS);
    byHour.set(h, [...(byHour.get(h) ?? []), f]);
  }
  const hours = [...byHour.values()].slice(0, 3);
  const pprof: Timing[] = [];
  for (const h of hours) pprof.push(await time(() => execFileSync('go', ['tool', 'pprof', '-top', ...h], { stdio: 'ignore' })));
  // go tool pprof runs in a child process: its CPU time is not this process's, so only wall time is compared.
  const perBucket = median(pprof.map((r) => r.wallMs));

  const results = {
    machine: `${process.platform} ${process.arch}, node ${process.version}`,
    loadAverage: { start: loadAtStart, end: loadavg()[0] },
    store: { profiles: files.length, days: 14, buckets: byHour.size },
    trendCold: medians(cold),
    trendWarm: medians(warm),
    anotherFunctionInMemory: medians(another, 1),
    firstRising: { function: first.function, rise: first.rise, expected: rising },
    growth200Snapshots: medians(growth),
    growthFirst: { function: topSite.function, leak: topSite.leak, expected: leak },
    goToolPprofTopPerHourMs: Math.round(perBucket),
    goToolPprofTop336HoursMs: Math.round(perBucket * 336),
  };
  console.log(JSON.stringify(results, null, 2));
  mkdirSync(join(__dirname, '..', 'results'), { recursive: true });
  writeFileSync(join(__dirname, '..', 'results', 'trends.json'), `${JSON.stringify(results, null, 2)}\n`);
}

main().finally(() => rmSync(work, { recursive: true, force: true }));
