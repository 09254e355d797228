/**
 * JFR reading benchmark: PerfLens's reader next to Grafana Pyroscope's converter (github.com/grafana/jfr-parser,
 * what Pyroscope's ingest runs), on the same recordings in the same run: Pyroscope's own test recordings and
 * generated ones of about 10 and 50 MB. Each tool converts each set `--reps` times (the small test recordings 20×
 * as often) in one fresh process; the table gives MB/s of decompressed recording for the fastest run, by the
 * process's CPU time and by wall time (CPU time is the steadier figure on a shared machine), each process's peak
 * RSS (the recordings it holds included), and checks that both tools found the same CPU total.
 *
 *   node --import tsx bench/jfr/run.ts [--sizes 10,50] [--reps 5] [--no-go]
 *
 * Needs Go for the reference (the module is fetched from the Go module proxy on first run).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';
import { generateJfrOfSize } from './generate';

/** Bump when generate.ts changes, so cached recordings are made again. */
const GENERATOR_VERSION = 1;

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10,50' },
    reps: { type: 'string', default: '5' },
    'no-go': { type: 'boolean', default: false },
  },
});
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const work = join(tmpdir(), 'perflens-bench-jfr');
mkdirSync(work, { recursive: true });

interface Run {
  bytes: number;
  minMs: number;
  medianMs: number;
  minCpuMs: number;
  cpuNanos: number;
  maxRssKB?: number;
}

/** Pyroscope's test recordings (read as one set: each is small) and generated ones of the asked sizes. */
function recordings(): { name: string; paths: string[]; reps: number }[] {
  const out: { name: string; paths: string[]; reps: number }[] = [];
  for (const up of ['..', '../..']) {
    const dir = join(repoRoot, up, 'shared/corpus/grafana+pyroscope/pkg/og/convert/jfr/testdata');
    if (!existsSync(dir)) continue;
    const paths = readdirSync(dir).filter((f) => f.endsWith('.jfr.gz')).sort().map((f) => join(dir, f));
    out.push({ name: `Pyroscope's ${paths.length} test recordings (async-profiler)`, paths, reps: 20 * Number(args.reps) });
    break;
  }
  for (const size of args.sizes.split(',').map(Number)) {
    const path = join(work, `gen-v${GENERATOR_VERSION}-${size}mb.jfr`);
    if (!existsSync(path)) {
      process.stderr.write(`generating a ${size} MB recording…\n`);
      writeFileSync(path, generateJfrOfSize(1, size * 1e6, false).bytes);
    }
    out.push({ name: `generated, ${size} MB`, paths: [path], reps: Number(args.reps) });
  }
  return out;
}

async function main(): Promise<void> {
  const measure = join(work, 'measure.cjs');
  await esbuild.build({ entryPoints: [join(repoRoot, 'bench/jfr/measure.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: measure, logLevel: 'warning' });
  let go: string | undefined;
  if (!args['no-go']) {
    go = join(work, 'jfrparser');
    execFileSync('go', ['build', '-o', go, '.'], { cwd: join(repoRoot, 'bench/jfr/jfrparser'), stdio: 'inherit' });
  }
  const loadBefore = loadavg();
  const rows: string[] = [];
  const raw: Record<string, { perflens: Run; jfrParser?: Run }> = {};
  for (const { name, paths, reps } of recordings()) {
    const perflens = JSON.parse(execFileSync(process.execPath, [measure, String(reps), ...paths], { encoding: 'utf8' })) as Run;
    const jfrParser = go ? (JSON.parse(execFileSync(go, ['-reps', String(reps), ...paths], { encoding: 'utf8' })) as Run) : undefined;
    raw[name] = { perflens, jfrParser };
    const mbps = (r: Run, ms: number) => (r.bytes / 1e6 / (ms / 1000)).toFixed(0);
    const cell = (r: Run | undefined) => (r ? `${mbps(r, r.minCpuMs)} MB/s · ${mbps(r, r.minMs)} MB/s` : '–');
    const same = !jfrParser || Math.abs(jfrParser.cpuNanos - perflens.cpuNanos) < 1 ? 'the same' : `differ: ${perflens.cpuNanos} vs ${jfrParser.cpuNanos}`;
    const rss = (r: Run | undefined) => (r?.maxRssKB === undefined ? '–' : `${(r.maxRssKB / 1024).toFixed(0)} MB`);
    rows.push(`| ${name} | ${(perflens.bytes / 1e6).toFixed(1)} MB | ${cell(perflens)} | ${cell(jfrParser)} | ${rss(perflens)} · ${rss(jfrParser)} | ${same} |`);
  }
  const header = '| recording | decompressed | PerfLens: CPU time · wall | Pyroscope jfr-parser v0.18.0 (Go): CPU time · wall | peak RSS: PerfLens · Go | CPU profile totals |';
  const table = [header, '| --- | ---: | ---: | ---: | ---: | --- |', ...rows].join('\n');
  process.stdout.write(`${table}\n\nload average ${loadBefore.map((x) => x.toFixed(1)).join(' / ')} before, ${loadavg().map((x) => x.toFixed(1)).join(' / ')} after (1 / 5 / 15 min)\n`);
  mkdirSync(join(repoRoot, 'bench/results'), { recursive: true });
  writeFileSync(join(repoRoot, 'bench/results/jfr.json'), `${JSON.stringify(raw, null, 2)}\n`);
}

void main();
