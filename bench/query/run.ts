/**
 * Query benchmark: what changing a filter costs the profile worker on the large generated profile (the one
 * bench/profile makes: 80 MB uncompressed, 60k functions, 30% of samples labelled http.route with 50 values):
 * select() with the filter, then flat/cum per function and per line (what `perflens top`, the functions table and
 * the heat read), and the flame graph's call tree. The model is built once, as the worker keeps it. Figures are CPU
 * time, median of --reps runs, in a fresh process running the bundled code (measure.ts).
 *
 *   node --import tsx bench/query/run.ts [--size 80] [--reps 5] [--seed 1]
 *
 * Prints a Markdown table and writes it with the raw figures to bench/results/query.{md,json}.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';
import { benchProfile } from './benchProfile';

const { values: args } = parseArgs({ options: { size: { type: 'string', default: '80' }, reps: { type: 'string', default: '5' }, seed: { type: 'string', default: '1' } } });
const file = benchProfile(Number(args.size), Number(args.seed));
const work = dirname(file);

const measure = join(work, 'measure.cjs');
esbuild.buildSync({ entryPoints: [fileURLToPath(new URL('measure.ts', import.meta.url))], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: measure, logLevel: 'warning' });
const out = JSON.parse(execFileSync(process.execPath, [measure, file, args.reps], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 }));

const ms = (x: number) => `${x < 10 ? x.toFixed(1) : x.toFixed(0)} ms`;
const n = (x: number) => x.toLocaleString('en-US');
const md = [
  `Model of a ${(out.bytes / 1e6).toFixed(1)} MB generated profile (${n(out.counts.rows)} rows, ${n(out.counts.stacks)} stacks, ${n(out.counts.functions)} functions, ${n(out.counts.labelSets)} label sets), built in ${ms(out.buildMs)}; CPU time, median of ${out.reps}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}).`,
  '',
  `The model's stacks sorted for the flame graph's trees (once per model, kept): ${ms(out.orderMs)}.`,
  '',
  '| filter | select | flat/cum by function | by line | together | select again (other time range) | select and flat/cum by function after the unfiltered view (the worker\'s memo) | flame graph tree (2^18 nodes) | stacks | share kept |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...out.rows.map((r: { name: string; selectMs: number; functionsMs: number; linesMs: number; totalMs: number; againMs: number; memoMs: number; treeMs: number; stacks: number; share: number }) =>
    `| ${r.name} | ${ms(r.selectMs)} | ${ms(r.functionsMs)} | ${ms(r.linesMs)} | ${ms(r.totalMs)} | ${ms(r.againMs)} | ${ms(r.memoMs)} | ${ms(r.treeMs)} | ${n(r.stacks)} | ${(100 * r.share).toFixed(1)}% |`),
  '',
  `Label summary (keys and their top values, for the picker): ${ms(out.labelsMs)}. Hotspots grouped by http.route (select with group-by, then each group's top 20 functions): ${ms(out.hotspotGroupsMs)}.`,
].join('\n');
process.stdout.write(`${md}\n`);
const results = fileURLToPath(new URL('../results', import.meta.url));
mkdirSync(results, { recursive: true });
writeFileSync(join(results, 'query.md'), `${md}\n`);
writeFileSync(join(results, 'query.json'), `${JSON.stringify(out, null, 2)}\n`);
