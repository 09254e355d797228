/**
 * Profile-core benchmark: decode + aggregate (`top` by function) of generated production-shaped profiles of
 * 2, 20 and 80 MB (uncompressed), for perflens, pprof-format + a naive aggregation, and `go tool pprof -top`,
 * side by side. Every measurement runs in a fresh child process and reports its peak RSS.
 *
 *   node --import tsx bench/profile/run.ts [--sizes 2,20,80] [--reps 3] [--seed 1] [--no-go] [--no-pprof-format]
 *
 * Prints a Markdown table and writes it (and the raw figures as JSON) to bench/results/.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';
import { generateProfile } from './generate';

/** Bump when generate.ts changes, so cached profiles are regenerated. */
const GENERATOR_VERSION = 1;
const SIZES: Record<number, { functions: number }> = { 2: { functions: 10_000 }, 20: { functions: 30_000 }, 80: { functions: 60_000 } };

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '2,20,80' },
    reps: { type: 'string', default: '3' },
    seed: { type: 'string', default: '1' },
    'no-go': { type: 'boolean', default: false },
    'no-pprof-format': { type: 'boolean', default: false },
  },
});
const sizes = args.sizes.split(',').map(Number);
const reps = Number(args.reps);
const seed = Number(args.seed);
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const work = join(tmpdir(), 'perflens-bench-profile');
mkdirSync(work, { recursive: true });

interface Measurement {
  decodeMs: number;
  aggregateMs: number;
  totalMs: number;
  /** The whole process's CPU time (user + system); NaN where it could not be read. */
  cpuMs: number;
  maxRssKB: number | undefined;
}

interface Row {
  sizeMB: number;
  bytes: number;
  samples: number;
  functions: number;
  tool: string;
  runs: Measurement[];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function profileFile(sizeMB: number) {
  const { functions } = SIZES[sizeMB] ?? { functions: 20_000 };
  const path = join(work, `gen-v${GENERATOR_VERSION}-${sizeMB}mb-f${functions}-s${seed}.pb`);
  const meta = `${path}.json`;
  if (!existsSync(path) || !existsSync(meta)) {
    const g = generateProfile({ seed, targetBytes: sizeMB * 1_000_000, functions });
    writeFileSync(path, g.bytes);
    writeFileSync(meta, JSON.stringify({ bytes: g.bytes.length, samples: g.samples, functions, locations: g.locations, maxDepth: g.maxDepth }));
  }
  return { path, ...(JSON.parse(execFileSync('cat', [meta], { encoding: 'utf8' })) as { bytes: number; samples: number; functions: number }) };
}

/** Files of the workspace `perflens lines` maps the profile onto. */
const WORKSPACE_FILES = 5000;

/**
 * A Go module of WORKSPACE_FILES files: most of them the files the generated profile's functions name (by suffix:
 * the profile has build paths, /home/build/src/github.com/acme/service/pkgN/fileM.go), the rest unrelated. Each file
 * is as long as the profile's highest line, so every profiled line exists in today's text.
 */
function benchWorkspace(functions: number): string {
  const dir = join(work, `ws-f${functions}-${WORKSPACE_FILES}`);
  if (existsSync(join(dir, 'go.mod'))) return dir;
  const profileFiles = Math.max(1, Math.floor(functions / 8));
  const mapped = Math.min(profileFiles, Math.floor(WORKSPACE_FILES * 0.8));
  const body = `package x\n${'\n'.repeat(2100)}`;
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < mapped; i++) {
    mkdirSync(join(dir, `pkg${i % 97}`), { recursive: true });
    writeFileSync(join(dir, `pkg${i % 97}`, `file${i}.go`), body);
  }
  for (let i = mapped; i < WORKSPACE_FILES; i++) {
    mkdirSync(join(dir, 'internal', `other${i % 31}`), { recursive: true });
    writeFileSync(join(dir, 'internal', `other${i % 31}`, `extra${i}.go`), body);
  }
  writeFileSync(join(dir, 'go.mod'), 'module github.com/acme/service\n\ngo 1.22\n');
  return dir;
}

async function bundleMeasure(): Promise<string> {
  const out = join(work, 'measure.cjs');
  await esbuild.build({
    entryPoints: [join(repoRoot, 'bench/profile/measure.ts')],
    bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: out, logLevel: 'warning',
  });
  return out;
}

function runNode(measureScript: string, tool: string, file: string, workspace?: string): Measurement {
  const r = spawnSync(process.execPath, [measureScript, tool, file, ...(workspace ? [workspace] : [])], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`${tool} on ${file} failed: ${r.stderr}`);
  const m = JSON.parse(r.stdout) as { decodeMs: number; aggregateMs: number; cpuMs: number; maxRssKB: number };
  return { decodeMs: m.decodeMs, aggregateMs: m.aggregateMs, totalMs: m.decodeMs + m.aggregateMs, cpuMs: m.cpuMs, maxRssKB: m.maxRssKB };
}

function goPprofBinary(): string | undefined {
  const r = spawnSync('go', ['tool', '-n', 'pprof'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** Wall time and peak RSS of the whole `pprof -top` process (GNU time when present, else wall time only). */
function runGoPprof(binary: string, file: string): Measurement {
  const pprofArgs = ['-top', '-nodefraction=0', '-symbolize=none', file];
  if (existsSync('/usr/bin/time')) {
    const r = spawnSync('/usr/bin/time', ['-f', 'PERFLENS_TIME %e %M %U %S', binary, ...pprofArgs], { encoding: 'utf8', maxBuffer: 256 << 20 });
    const m = /PERFLENS_TIME (\S+) (\d+) (\S+) (\S+)/.exec(r.stderr);
    if (r.status !== 0 || !m) throw new Error(`go tool pprof failed: ${r.stderr.slice(-2000)}`);
    const ms = Number(m[1]) * 1000;
    return { decodeMs: NaN, aggregateMs: NaN, totalMs: ms, cpuMs: (Number(m[3]) + Number(m[4])) * 1000, maxRssKB: Number(m[2]) };
  }
  const start = performance.now();
  const r = spawnSync(binary, pprofArgs, { encoding: 'utf8', maxBuffer: 256 << 20 });
  if (r.status !== 0) throw new Error(`go tool pprof failed: ${r.stderr.slice(-2000)}`);
  return { decodeMs: NaN, aggregateMs: NaN, totalMs: performance.now() - start, cpuMs: NaN, maxRssKB: undefined };
}

const fmtMs = (ms: number) => (Number.isNaN(ms) ? '—' : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);
const fmtMB = (kb: number | undefined) => (kb === undefined ? 'n/a' : `${Math.round(kb / 1024)} MB`);

async function main() {
  const measureScript = await bundleMeasure();
  const goBinary = args['no-go'] ? undefined : goPprofBinary();
  const baseline = median(Array.from({ length: 3 }, () => runNode(measureScript, 'baseline', '-').maxRssKB!));
  const load = loadavg()[0];
  const rows: Row[] = [];
  for (const sizeMB of sizes) {
    const p = profileFile(sizeMB);
    const workspace = benchWorkspace(p.functions);
    const tools: [string, () => Measurement][] = [
      ['perflens', () => runNode(measureScript, 'perflens', p.path)],
      ['perflens + call tree', () => runNode(measureScript, 'perflens-tree', p.path)],
      [`perflens lines (${WORKSPACE_FILES.toLocaleString('en-US')}-file workspace)`, () => runNode(measureScript, 'perflens-lines', p.path, workspace)],
      [`the profile worker's analysis for the heat (same workspace)`, () => runNode(measureScript, 'perflens-analysis', p.path, workspace)],
    ];
    if (!args['no-pprof-format']) tools.push(['pprof-format + naive', () => runNode(measureScript, 'pprof-format', p.path)]);
    if (goBinary) tools.push(['go tool pprof -top', () => runGoPprof(goBinary, p.path)]);
    for (const [tool, run] of tools) {
      const runs = Array.from({ length: reps }, run);
      rows.push({ sizeMB, bytes: p.bytes, samples: p.samples, functions: p.functions, tool, runs });
      process.stderr.write(`${sizeMB} MB ${tool}: ${fmtMs(median(runs.map((r) => r.totalMs)))}\n`);
    }
  }

  const lines = [
    `Profile core benchmark — ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, seed ${seed}, median of ${reps} runs, each in a fresh process.`,
    `Peak RSS includes Node itself (an idle Node process: ${fmtMB(baseline)}) and the file buffer. Load average at the start: ${load.toFixed(1)} on ${cpus().length} cores.`,
    '',
    '| profile (uncompressed) | samples | functions | tool | decode | aggregate | decode + aggregate | vs perflens | CPU (process) | vs perflens, CPU | peak RSS | peak RSS / size |',
    '| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of rows) {
    const total = median(r.runs.map((m) => m.totalMs));
    const perflensRuns = rows.find((x) => x.sizeMB === r.sizeMB && x.tool === 'perflens')!.runs;
    const ours = median(perflensRuns.map((m) => m.totalMs));
    const cpu = median(r.runs.map((m) => m.cpuMs));
    const oursCpu = median(perflensRuns.map((m) => m.cpuMs));
    const rss = r.runs[0].maxRssKB === undefined ? undefined : median(r.runs.map((m) => m.maxRssKB!));
    const ratio = (x: number, y: number) => (Number.isNaN(x) ? '—' : r.tool === 'perflens' ? '1×' : `${(x / y).toFixed(1)}×`);
    lines.push(`| ${(r.bytes / 1e6).toFixed(1)} MB | ${r.samples.toLocaleString('en-US')} | ${r.functions.toLocaleString('en-US')} | ${r.tool} | ` +
      `${fmtMs(median(r.runs.map((m) => m.decodeMs)))} | ${fmtMs(median(r.runs.map((m) => m.aggregateMs)))} | ${fmtMs(total)} | ${ratio(total, ours)} | ` +
      `${fmtMs(cpu)} | ${ratio(cpu, oursCpu)} | ${fmtMB(rss)} | ${rss === undefined ? 'n/a' : `${((rss * 1024) / r.bytes).toFixed(1)}×`} |`);
  }
  lines.push('',
    'aggregate: perflens = model + flat/cum per function (what `perflens top` computes); "+ call tree" adds the flame',
    'graph\'s call tree (cut to 2^18 nodes, per-node lines); "lines" maps the model onto the workspace and costs every',
    'workspace line (what `perflens lines` computes); "analysis" is what the profile worker computes for the editor\'s',
    'heat (lines, functions, coverage, without call edges); pprof-format + naive = Maps of objects and a Set per sample.',
    'go tool pprof: whole process (read, decode, aggregate, print), so decode/aggregate are not split. CPU (process):',
    'user + system time of the whole process, start-up included, for every tool alike.');
  const table = lines.join('\n');
  process.stdout.write(`${table}\n`);
  const results = join(repoRoot, 'bench/results');
  mkdirSync(results, { recursive: true });
  writeFileSync(join(results, 'profile.md'), `${table}\n`);
  writeFileSync(join(results, 'profile.json'), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: cpus().length, baselineRssKB: baseline, rows }, null, 2)}\n`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
