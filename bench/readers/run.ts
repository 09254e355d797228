/**
 * Readers benchmark: generated collapsed-stacks and speedscope files (bench/readers/generate.ts, seeded) read by
 * PerfLens (readProfiles: bytes → columnar Profiles) and by speedscope 1.25.0's own importer run in node (the
 * devDependency's bundle, bench/readers/speedscopeImporter.ts), each run in a fresh process: time, throughput and
 * peak RSS (and the process's RSS with nothing read, subtracted in the growth column). Median of --reps runs.
 *
 *   node --import tsx bench/readers/run.ts [--sizes 20,100] [--reps 3] [--formats collapsed,speedscope]
 *
 * Prints a Markdown table and writes the raw figures to bench/readers/results.json.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { collapsed, speedscopeSampled } from './generate';

const { values: args } = parseArgs({ options: {
  sizes: { type: 'string', default: '20,100' },
  reps: { type: 'string', default: '3' },
  formats: { type: 'string', default: 'collapsed,speedscope' },
} });
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const work = join(tmpdir(), 'perflens-bench-readers');
mkdirSync(work, { recursive: true });
const GENERATOR_VERSION = 1;

interface Run { ms: number; samples: number; maxRssKB: number; failure?: string }

function measure(tool: string, file: string): Run {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'bench/readers/measure.ts'), tool, file], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 1 << 20 });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !line.startsWith('{')) {
    const why = /heap out of memory|Allocation failed/i.test(r.stderr) ? 'out of memory' : (r.stderr.trim().split('\n').pop() ?? `exit ${r.status}`);
    return { ms: NaN, samples: 0, maxRssKB: NaN, failure: why };
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

const baseline = median([0, 1, 2].map(() => measure('baseline', '-').maxRssKB));
const rows: { format: string; sizeMB: number; bytes: number; tool: string; runs: Run[] }[] = [];
for (const format of args.formats.split(',')) {
  for (const sizeMB of args.sizes.split(',').map(Number)) {
    const file = fileFor(format, sizeMB);
    for (const tool of ['perflens', 'speedscope']) {
      const runs: Run[] = [];
      for (let i = 0; i < Number(args.reps); i++) {
        const run = measure(tool, file);
        runs.push(run);
        if (run.failure) break; // an out-of-memory run is not repeated
      }
      rows.push({ format, sizeMB, bytes: statSync(file).size, tool, runs });
      console.error(`${format} ${sizeMB} MB ${tool}: ${runs.map((r) => r.failure ?? `${r.ms.toFixed(0)} ms`).join(', ')}`);
    }
  }
}

const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
const table = ['| file | reader | time | throughput | peak RSS (growth) |', '| --- | --- | ---: | ---: | ---: |'];
for (const r of rows) {
  const failed = r.runs.find((x) => x.failure);
  const ms = median(r.runs.map((x) => x.ms));
  const rss = median(r.runs.map((x) => x.maxRssKB));
  const name = `${r.format === 'collapsed' ? 'collapsed stacks' : 'speedscope JSON'}, ${(r.bytes / 1e6).toFixed(0)} MB`;
  table.push(failed
    ? `| ${name} | ${r.tool} | ${failed.failure} | — | — |`
    : `| ${name} | ${r.tool} | ${(ms / 1000).toFixed(2)} s | ${(r.bytes / 1e6 / (ms / 1000)).toFixed(0)} MB/s | ${mb(rss)} (${mb(rss - baseline)}) |`);
}
console.log(table.join('\n'));
console.log(`\nbaseline (modules loaded, nothing read): ${mb(baseline)}`);
writeFileSync(join(repoRoot, 'bench/readers/results.json'), `${JSON.stringify({ baselineKB: baseline, rows }, null, 1)}\n`);
