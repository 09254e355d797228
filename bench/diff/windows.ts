/**
 * Comparing two time windows of a 2,000-file local store, as "PerfLens: Compare..." does it: the store's files of
 * each window listed (by their names' times), then the shipped profile worker's releaseDiff request (read, gunzip,
 * decode, model per side, select, the core's diff with its absolute figures, the diff flame graph's union tree) —
 * in a fresh worker (cold: every file decoded) and again in the same worker (warm: the models cached, as a second
 * comparison of the same windows or a toggle back finds them). Beside it, `perflens diff --source <store>
 * --base-from … --head-from …` in a fresh process (what a terminal or CI job runs). Target (issue 15): ≤ 3 s.
 *
 * The store: 2,000 generated Go-like CPU profiles (bench/profile's seeded generator, ~190 kB each uncompressed,
 * ~600 samples over 1,000 functions; four seeds written in turn), a minute apart. Two cases: an hour against the hour before
 * (60 files a side) and the store's first half against its second (1,000 files a side).
 *
 *   node scripts/build.mjs && node --import tsx bench/diff/windows.ts [--files 2000] [--reps 3]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { DEFAULT_PROFILE_LIMITS } from '../../src/core/profile/limits';
import { cpuMsOf } from '../load/flamegraphsProcesses';
import { forkWorker } from '../../src/rpc/forkWorker';
import { WorkerClient } from '../../src/rpc/workerClient';
import type { ProfileWorkerVocabulary, WorkerHostVocabulary } from '../../src/shared/workerProtocol';
import { createSource } from '../../src/sources/create-source';
import type { StoreSource } from '../../src/sources';
import { generateProfile } from '../profile/generate';

const { values: args } = parseArgs({ options: { files: { type: 'string', default: '2000' }, reps: { type: 'string', default: '3' } } });
const files = Number(args.files);
const reps = Number(args.reps);
const repoRoot = resolve(__dirname, '../..');
const SERVICE = 'benchsvc';
const FIRST = Date.UTC(2026, 10, 24, 0, 0, 0);
const MINUTE = 60_000;

const root = join(tmpdir(), `perflens-bench-diff-windows-${files}-190k`, 'store');
const folder = join(root, SERVICE, 'v1', 'cpu');
if (!existsSync(folder) || readdirSync(folder).length !== files) {
  mkdirSync(folder, { recursive: true });
  const bytes = [1, 2, 3, 4].map((seed) => gzipSync(generateProfile({ seed, targetBytes: 200_000, functions: 1_000 }).bytes));
  for (let i = 0; i < files; i++) writeFileSync(join(folder, `${FIRST + i * MINUTE}.pb.gz`), bytes[i % bytes.length]);
}

type Window = { fromMs: number; toMs: number };
const end = FIRST + files * MINUTE;
const cases: { name: string; base: Window; head: Window }[] = [
  { name: 'an hour vs the hour before (60 files a side)', base: { fromMs: end - 120 * MINUTE, toMs: end - 60 * MINUTE }, head: { fromMs: end - 60 * MINUTE, toMs: end } },
  { name: `first half vs second half (${files / 2} files a side)`, base: { fromMs: FIRST, toMs: FIRST + (files / 2) * MINUTE }, head: { fromMs: FIRST + (files / 2) * MINUTE, toMs: end } },
];

const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

async function editorComparison(c: (typeof cases)[number]) {
  const worker = new WorkerClient<WorkerHostVocabulary, ProfileWorkerVocabulary>(() => forkWorker(join(repoRoot, 'dist/profile-worker.js')), {
    name: 'profile worker', log: () => {}, cancelDeadlineMs: 60_000,
  });
  try {
    // The worker loaded before the clock starts (as in the editor, where it runs from start-up).
    await worker.request('memory', {});
    const store = createSource({ kind: 'store', root }) as StoreSource;
    const run = async () => {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      // The worker is a process of its own: its CPU time is added.
      const w0 = cpuMsOf(worker.pid!);
      const list = (w: Window) => store.listFiles({ service: SERVICE, type: 'cpu', range: w }).then((f) => f.map((x) => x.path));
      const [base, head] = [await list(c.base), await list(c.head)];
      const listMs = performance.now() - t0;
      const view = await worker.request('releaseDiff', {
        base: { label: 'before', sources: base }, head: { label: 'after', sources: head },
        typeName: 'cpu', roots: [], pathMappings: [], allowGit: false, limits: DEFAULT_PROFILE_LIMITS, skipUnreadable: true,
      });
      return { wallMs: performance.now() - t0, listMs, cpuMs: cpuMs(process.cpuUsage(c0)) + cpuMsOf(worker.pid!) - w0, functions: view.functions.length, files: base.length + head.length };
    };
    const cold = await run();
    const warm = await run();
    return { cold, warm };
  } finally {
    worker.dispose();
  }
}

function cliComparison(c: (typeof cases)[number]) {
  const iso = (ms: number) => new Date(ms).toISOString();
  const t0 = performance.now();
  const out = execFileSync(process.execPath, [join(repoRoot, 'dist/cli.js'), 'diff', '--source', root, '--service', SERVICE, '--type', 'cpu', '--base-from', iso(c.base.fromMs), '--base-to', iso(c.base.toMs),
  '--head-from', iso(c.head.fromMs), '--head-to', iso(c.head.toMs), '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
  return { wallMs: performance.now() - t0, rows: (JSON.parse(out) as { functions: unknown[] }).functions.length };
}

async function main(): Promise<void> {
  if (!existsSync(join(repoRoot, 'dist/profile-worker.js'))) throw new Error('run node scripts/build.mjs first');
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  console.log(`Two time windows of a ${files}-file store (${root}), median of ${reps}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on this machine`);
  const results: Record<string, unknown>[] = [];
  for (const c of cases) {
    const runs = [];
    for (let i = 0; i < reps; i++) runs.push(await editorComparison(c));
    const cli = Array.from({ length: reps }, () => cliComparison(c));
    const row = {
      case: c.name,
      files: runs[0].cold.files,
      functions: runs[0].cold.functions,
      coldWallMs: median(runs.map((r) => r.cold.wallMs)),
      coldCpuMs: median(runs.map((r) => r.cold.cpuMs)),
      listMs: median(runs.map((r) => r.cold.listMs)),
      warmWallMs: median(runs.map((r) => r.warm.wallMs)),
      cliWallMs: median(cli.map((r) => r.wallMs)),
    };
    results.push(row);
    console.log(`  ${c.name}: editor cold ${s(row.coldWallMs)} wall (${s(row.coldCpuMs)} CPU, listing ${s(row.listMs)}), warm ${s(row.warmWallMs)}; perflens diff --source ${s(row.cliWallMs)} wall (fresh process); ${row.functions} functions`);
  }
  writeFileSync(join(repoRoot, 'bench/diff/windows-results.json'), `${JSON.stringify({ files, reps, loadavg: loadavg(), results }, null, 2)}\n`);
}

void main();
