// PerfLens's flame graph side by side with speedscope 1.25.0 on the same pprof files, in the same headless Chromium:
// time from handing over the file to the first flame chart on screen, and memory. PerfLens: the shipped profile
// worker (read, decode, merge, call tree) + the flame graph page's first render (speedscopePerfLens.ts). speedscope:
// its static build, file picked with its Browse input, in its default Time Order view and in Left Heavy (the
// aggregated view PerfLens's flame graph corresponds to) (speedscopePage.ts). Profiles: the Go CPU fixture and
// generated Go-like CPU profiles (bench/profile's generator and cache). Writes speedscope-results.json and prints
// the README table.
//   node scripts/build.mjs && node --import tsx bench/flamegraph/speedscope.ts [--reps 3] [--sizes 8,20,80] [--timeout 300]
//     [--big-reps 1]   (speedscope runs on profiles of 50 MB and more)
//   node --import tsx bench/flamegraph/speedscope.ts --table   (the README table again, from the results file)
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateProfile } from '../profile/generate';
import { repoRoot } from './standalonePage';
import { runPerfLens, type PerfLensRun } from './speedscopePerfLens';
import { runSpeedscope, type SpeedscopeRun, type SpeedscopeView } from './speedscopePage';
import { perflensSummary, readmeTable, speedscopeSummary, VIEWS, type Row } from './speedscopeTable';

const { values: args } = parseArgs({
  options: {
    reps: { type: 'string', default: '3' },
    sizes: { type: 'string', default: '8,20,80' },
    timeout: { type: 'string', default: '300' },
    /** Runs of speedscope on profiles of 50 MB and more (each may take minutes). */
    'big-reps': { type: 'string', default: '1' },
    /** Only print the README table again, from speedscope-results.json. */
    table: { type: 'boolean', default: false },
  },
});
const REPS = Number(args.reps);
const BIG_REPS = Number(args['big-reps']);
const TIMEOUT_MS = Number(args.timeout) * 1000;

interface Case { readonly name: string; readonly path: string; readonly bytes: number; readonly samples?: number; readonly functions?: number; readonly big: boolean }

// The same files as bench/profile/run.ts (same names, seed and function counts), so the two benches share them.
const GENERATOR_VERSION = 1;
const FUNCTIONS: Record<number, number> = { 2: 10_000, 20: 30_000, 80: 60_000 };

function generated(sizeMB: number): Case {
  const functions = FUNCTIONS[sizeMB] ?? 20_000;
  const dir = join(tmpdir(), 'perflens-bench-profile');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `gen-v${GENERATOR_VERSION}-${sizeMB}mb-f${functions}-s1.pb`);
  if (!existsSync(path) || !existsSync(`${path}.json`)) {
    const g = generateProfile({ seed: 1, targetBytes: sizeMB * 1_000_000, functions });
    writeFileSync(path, g.bytes);
    writeFileSync(`${path}.json`, JSON.stringify({ bytes: g.bytes.length, samples: g.samples, functions, locations: g.locations, maxDepth: g.maxDepth }));
  }
  const meta = JSON.parse(readFileSync(`${path}.json`, 'utf8')) as { bytes: number; samples: number };
  return { name: `generated ${(meta.bytes / 1e6).toFixed(1)} MB`, path, bytes: meta.bytes, samples: meta.samples, functions, big: sizeMB >= 50 };
}

const RESULTS = join(repoRoot, 'bench/flamegraph/speedscope-results.json');

interface StoredRow { profile: string; bytes: number; samples?: number; raw: { perflens: PerfLensRun[]; speedscope: Record<SpeedscopeView, SpeedscopeRun[]> } }

function summarize(r: StoredRow): Row {
  return {
    profile: r.profile, bytes: r.bytes, samples: r.samples,
    perflens: perflensSummary(r.raw.perflens),
    speedscope: { 'time-ordered': speedscopeSummary(r.raw.speedscope['time-ordered']), 'left-heavy': speedscopeSummary(r.raw.speedscope['left-heavy']) },
  };
}

async function main(): Promise<void> {
  if (args.table) {
    console.log(readmeTable((JSON.parse(readFileSync(RESULTS, 'utf8')) as { rows: StoredRow[] }).rows.map(summarize)));
    return;
  }
  for (const f of ['dist/profile-worker.js', 'dist/webview/flamegraph.js']) {
    if (!existsSync(join(repoRoot, f))) throw new Error(`${f} is missing: run \`node scripts/build.mjs\` first`);
  }
  if (!existsSync(join(repoRoot, 'node_modules/speedscope/dist/release/index.html'))) throw new Error('speedscope is not installed (devDependency speedscope@1.25.0)');
  const fixture = join(repoRoot, 'test/fixtures/go/cpu.pb.gz');
  const cases: Case[] = [
    { name: 'Go CPU fixture (test/fixtures/go/cpu.pb.gz)', path: fixture, bytes: statSync(fixture).size, big: false },
    ...args.sizes.split(',').filter(Boolean).map(Number).map(generated),
  ];
  // Other work may rebuild dist/ during this long run: the worker is run from a copy taken now, and the page's
  // bundle (served from dist/ by standalonePage.ts) is checked at the end.
  const snapshot = mkdtempSync(join(tmpdir(), 'perflens-speedscope-worker-'));
  const workerFile = join(snapshot, 'profile-worker.js');
  copyFileSync(join(repoRoot, 'dist/profile-worker.js'), workerFile);
  const pageBundle = () => createHash('sha256').update(readFileSync(join(repoRoot, 'dist/webview/flamegraph.js'))).digest('hex').slice(0, 16);
  const bundles = { worker: createHash('sha256').update(readFileSync(workerFile)).digest('hex').slice(0, 16), pageAtStart: pageBundle() };
  const rows: (Row & StoredRow)[] = [];
  let chromium = '';
  // The machine is shared: the 1-minute load average at the start and end of the run says how quiet it was.
  const loadAtStart = loadavg()[0];
  for (const c of cases) {
    const perflens: PerfLensRun[] = [];
    const speedscope: Record<SpeedscopeView, SpeedscopeRun[]> = { 'time-ordered': [], 'left-heavy': [] };
    for (let r = 0; r < REPS; r++) {
      // One of each per round, so drift in the machine's load spreads over both.
      const p = await runPerfLens(c.path, 'cpu', workerFile);
      perflens.push(p);
      if (p.ok) chromium = p.chromium;
      console.error(`${c.name} perflens #${r + 1}: ${p.ok ? `${Math.round(p.worker.workerMs)} + ${Math.round(p.pageMs)} ms` : p.failure}`);
      if (c.big && r >= BIG_REPS) continue;
      for (const view of VIEWS) {
        // A view that failed once (crash, timeout) is not run again: the failure is the result.
        if (speedscope[view].some((s) => !s.ok)) continue;
        const s = await runSpeedscope(c.path, view, TIMEOUT_MS);
        speedscope[view].push(s);
        chromium = s.chromium;
        console.error(`${c.name} speedscope ${view} #${r + 1}: ${s.ok ? `${Math.round(s.firstPaintMs)} ms (import ${Math.round(s.importMs ?? NaN)} ms)` : s.failure}`);
      }
    }
    const stored: StoredRow = { profile: c.name, bytes: c.bytes, samples: c.samples, raw: { perflens, speedscope } };
    const row = { ...summarize(stored), functions: c.functions, raw: stored.raw };
    console.error(JSON.stringify({ ...row, raw: undefined }));
    rows.push(row);
  }
  rmSync(snapshot, { recursive: true, force: true });
  const pageAtEnd = pageBundle();
  if (pageAtEnd !== bundles.pageAtStart) console.error('warning: dist/webview/flamegraph.js changed during the run; run again for figures of one build');
  const results = {
    date: new Date().toISOString().slice(0, 10),
    chromium: `Chromium ${chromium} (headless, --disable-gpu: software raster; WebGL through SwiftShader)`,
    speedscope: '1.25.0',
    cpus: cpus().length,
    bundles: { ...bundles, pageAtEnd },
    loadAverage: { start: +loadAtStart.toFixed(2), end: +loadavg()[0].toFixed(2) },
    node: process.versions.node,
    reps: REPS,
    bigReps: BIG_REPS,
    timeoutSeconds: TIMEOUT_MS / 1000,
    rows,
  };
  writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
  console.log(readmeTable(rows));
}

void main().catch((e) => { console.error(e); process.exit(1); });
