/**
 * Readers benchmark: generated collapsed-stacks and speedscope files (bench/readers/generate.ts, seeded) read by
 * PerfLens (readProfiles: bytes → columnar Profiles) and by speedscope 1.25.0's own importer run in node (the
 * devDependency's bundle, bench/readers/speedscopeImporter.ts), each run in a fresh process (measure.ts bundled by
 * esbuild, as the extension and CLI ship, so no loader runs beside it). The figure that counts
 * is the read's CPU time (user + system over all the process's threads, so the garbage collector's too) and the
 * throughput by it, MB per CPU-second: on a shared machine wall time mostly measures the other jobs. Also the wall
 * time, and the peak RSS with its growth over a process that has loaded everything and read nothing. Median of
 * --reps runs; a run that dies (out of memory at V8's default heap limit) is reported as such, with the CPU time
 * and peak RSS it had reached (from /usr/bin/time), and not repeated.
 *
 *   node --import tsx bench/readers/run.ts [--sizes 20,100] [--reps 3] [--formats collapsed,speedscope] [--tools perflens,speedscope]
 *
 * Prints a Markdown table and writes the raw figures to bench/readers/results.json.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';
import { collapsed, speedscopeSampled } from './generate';

const { values: args } = parseArgs({ options: {
  sizes: { type: 'string', default: '20,100' },
  reps: { type: 'string', default: '3' },
  formats: { type: 'string', default: 'collapsed,speedscope' },
  tools: { type: 'string', default: 'perflens,speedscope' },
} });
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const work = join(tmpdir(), 'perflens-bench-readers');
mkdirSync(work, { recursive: true });
const GENERATOR_VERSION = 1;

const measureBundle = join(work, 'measure.mjs');
esbuild.buildSync({
  entryPoints: [join(repoRoot, 'bench/readers/measure.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20',
  outfile: measureBundle, logLevel: 'warning',
  // speedscopeImporter.ts finds speedscope's release beside it in the repository, not beside the bundle.
  define: { 'import.meta.url': JSON.stringify(pathToFileURL(join(repoRoot, 'bench/readers/speedscopeImporter.ts')).href) },
});

interface Run { ms: number; cpuMs: number; samples: number; maxRssKB: number; heapLimitMB?: number; failure?: string }

/** /usr/bin/time's figures for the whole process, for runs that die before they can report their own. */
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

function measure(tool: string, file: string): Run {
  const timeOut = join(work, 'time.txt');
  rmSync(timeOut, { force: true });
  const node = [process.execPath, measureBundle, tool, file];
  const command = TIME ? [TIME, '-o', timeOut, '-f', '%U %S %M', ...node] : node;
  const r = spawnSync(command[0], command.slice(1), { cwd: repoRoot, encoding: 'utf8', maxBuffer: 1 << 20 });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !line.startsWith('{')) {
    const why = /heap out of memory|Allocation failed/i.test(r.stderr) ? 'out of memory' : (r.stderr.trim().split('\n').pop() ?? `exit ${r.status}`);
    // The process's own figures (start-up included), the last line of /usr/bin/time's output.
    const [user, sys, rssKB] = (existsSync(timeOut) ? readFileSync(timeOut, 'utf8').trim().split('\n').pop() ?? '' : '').split(' ').map(Number);
    return { ms: NaN, cpuMs: (user + sys) * 1000, samples: 0, maxRssKB: rssKB, failure: why };
  }
  return JSON.parse(line) as Run;
}

const median = (xs: number[]) => {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function fileFor(format: string, sizeMB: number): string {
  const path = join(work, `${format}-${sizeMB}mb-v${GENERATOR_VERSION}.${format === 'collapsed' ? 'txt' : 'json'}`);
  if (!existsSync(path)) {
    const bytes = format === 'collapsed' ? collapsed(sizeMB << 20, { seed: sizeMB }) : speedscopeSampled(sizeMB << 20, { seed: sizeMB, profiles: 2 });
    writeFileSync(path, bytes);
  }
  return path;
}

const loadBefore = loadavg();
const tools = args.tools.split(',');
/** Per tool, the peak RSS of its process with nothing read: a run's growth is its peak RSS above this. */
const baseline = new Map(tools.map((tool) => [tool, median([0, 1, 2].map(() => measure('baseline', tool).maxRssKB))]));
const heapLimitMB = measure('baseline', 'perflens').heapLimitMB ?? NaN;
const rows: { format: string; sizeMB: number; bytes: number; tool: string; runs: Run[] }[] = [];
for (const format of args.formats.split(',')) {
  for (const sizeMB of args.sizes.split(',').map(Number)) {
    const file = fileFor(format, sizeMB);
    for (const tool of tools) {
      const runs: Run[] = [];
      for (let i = 0; i < Number(args.reps); i++) {
        const run = measure(tool, file);
        runs.push(run);
        if (run.failure) break; // an out-of-memory run is not repeated
      }
      rows.push({ format, sizeMB, bytes: statSync(file).size, tool, runs });
      console.error(`${format} ${sizeMB} MB ${tool}: ${runs.map((r) => r.failure ?? `${r.cpuMs.toFixed(0)} ms CPU, ${r.ms.toFixed(0)} ms wall`).join('; ')} (load ${loadavg()[0].toFixed(1)})`);
    }
  }
}

const loadAfter = loadavg();
const mb = (kb: number) => (kb >= 1024 * 1024 ? `${(kb / 1024 / 1024).toFixed(2)} GB` : `${(kb / 1024).toFixed(0)} MB`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const table = [
  '| file | reader | CPU time | MB per CPU-second | wall time | peak RSS (growth) |',
  '| --- | --- | ---: | ---: | ---: | ---: |',
];
for (const r of rows) {
  const failed = r.runs.find((x) => x.failure);
  const name = `${r.format === 'collapsed' ? 'collapsed stacks' : 'speedscope JSON'}, ${(r.bytes / 1e6).toFixed(0)} MB`;
  if (failed) {
    const limit = failed.failure === 'out of memory' ? ` at V8's ${(heapLimitMB / 1024).toFixed(1)} GB heap limit` : '';
    table.push(`| ${name} | ${r.tool} | ${failed.failure}${limit} after ${seconds(failed.cpuMs)} | — | — | ${mb(failed.maxRssKB)} (${mb(failed.maxRssKB - (baseline.get(r.tool) ?? NaN))}) |`);
    continue;
  }
  const cpuMs = median(r.runs.map((x) => x.cpuMs));
  const rss = median(r.runs.map((x) => x.maxRssKB));
  table.push(`| ${name} | ${r.tool} | ${seconds(cpuMs)} | ${(r.bytes / 1e6 / (cpuMs / 1000)).toFixed(0)} MB/s | ${seconds(median(r.runs.map((x) => x.ms)))} | ${mb(rss)} (${mb(rss - (baseline.get(r.tool) ?? NaN))}) |`);
}
console.log(table.join('\n'));
console.log(`\nbaseline (modules loaded, nothing read): ${tools.map((t) => `${t} ${mb(baseline.get(t) ?? NaN)}`).join(', ')}; V8 heap limit ${heapLimitMB.toFixed(0)} MB; ` +
  `load average ${loadBefore.map((x) => x.toFixed(1)).join(' / ')} before, ${loadAfter.map((x) => x.toFixed(1)).join(' / ')} after (1 / 5 / 15 min)`);
writeFileSync(join(repoRoot, 'bench/readers/results.json'), `${JSON.stringify({ baselineKB: Object.fromEntries(baseline), heapLimitMB, loadBefore, loadAfter, rows }, null, 1)}\n`);
