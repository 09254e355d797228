/**
 * Query benchmark: what changing a filter costs the profile worker on the large generated profile (the one
 * bench/profile makes: 80 MB uncompressed, 60k functions, 30% of samples labelled http.route with 50 values):
 * select() with the filter, then flat/cum per function and per line (what `perflens top`, the functions table
 * and the heat read). The model is built once, as the worker keeps it; each figure is the median of --reps runs.
 *
 *   node --import tsx bench/query/run.ts [--size 80] [--reps 5] [--seed 1]
 *
 * Prints a Markdown table and writes it with the raw figures to bench/results/query.{md,json}.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sortedRows, topTable } from '../../src/core/aggregate/topTable';
import { buildModel } from '../../src/core/model/buildModel';
import { readProfileFile } from '../../src/core/profile/parse';
import { parseLabelFilter } from '../../src/core/query/labels';
import { summarizeLabels } from '../../src/core/query/labelsSummary';
import { select } from '../../src/core/query/select';
import type { ProfileQuery } from '../../src/core/query/types';
import { generateProfile } from '../profile/generate';

const { values: args } = parseArgs({ options: { size: { type: 'string', default: '80' }, reps: { type: 'string', default: '5' }, seed: { type: 'string', default: '1' } } });
const sizeMB = Number(args.size);
const reps = Number(args.reps);
const seed = Number(args.seed);
const functions = sizeMB >= 80 ? 60_000 : sizeMB >= 20 ? 30_000 : 10_000;

const work = join(tmpdir(), 'perflens-bench-query');
mkdirSync(work, { recursive: true });
const file = join(work, `gen-${sizeMB}mb-f${functions}-s${seed}.pb`);
if (!existsSync(file)) writeFileSync(file, generateProfile({ seed, targetBytes: sizeMB * 1_000_000, functions }).bytes);
const bytes = readFileSync(file).length;

function timed<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const result = fn();
  return [result, performance.now() - start];
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const [model, buildMs] = timed(() => buildModel([readProfileFile(file)]));

const cases: [string, ProfileQuery][] = [
  ['no filter', {}],
  ['label = (one route of 50)', { labels: parseLabelFilter('{"http.route"="/api/v1/resource3/{id}"}') }],
  ['label =~ (a regex over the routes)', { labels: parseLabelFilter('{"http.route"=~".*resource1[0-9].*"}') }],
  ['focus (a tenth of the packages)', { frames: { focus: 'pkg1[0-9]\\.' } }],
  ['hide (one package)', { frames: { hide: '/pkg5\\.' } }],
  ['show_from', { frames: { showFrom: 'pkg3\\.' } }],
  ['label and focus and hide', { labels: parseLabelFilter('{"http.route"=~".*resource[0-9]/.*"}'), frames: { focus: 'pkg1[0-9]\\.', hide: '/pkg5\\.' } }],
  ['group-by http.route (20 + other + none)', { groupBy: 'http.route' }],
];

interface Row { name: string; selectMs: number; functionsMs: number; linesMs: number; totalMs: number; stacks: number; share: number }
const rows: Row[] = [];
const whole = select(model).total;
for (const [name, query] of cases) {
  const runs: { s: number; f: number; l: number }[] = [];
  let stacks = 0;
  let share = 0;
  for (let r = 0; r < reps; r++) {
    const [selection, s] = timed(() => select(model, query));
    const [, f] = timed(() => sortedRows(selection, topTable(selection, 'function'), 100));
    const [, l] = timed(() => topTable(selection, 'line'));
    runs.push({ s, f, l });
    stacks = selection.stacks.count;
    share = selection.total / whole;
  }
  const row = { name, selectMs: median(runs.map((x) => x.s)), functionsMs: median(runs.map((x) => x.f)), linesMs: median(runs.map((x) => x.l)), totalMs: median(runs.map((x) => x.s + x.f + x.l)), stacks, share };
  rows.push(row);
  process.stderr.write(`${name}: ${row.totalMs.toFixed(0)} ms\n`);
}
const [, labelsMs] = timed(() => summarizeLabels(model.labelSets, model.strings, select(model).labelSetValue, undefined));

const ms = (x: number) => `${x < 10 ? x.toFixed(1) : x.toFixed(0)} ms`;
const md = [
  `Model of a ${(bytes / 1e6).toFixed(1)} MB generated profile (${model.rows.count.toLocaleString('en-US')} rows, ${model.stacks.count.toLocaleString('en-US')} stacks, ${model.functions.count.toLocaleString('en-US')} functions, ${model.labelSets.count.toLocaleString('en-US')} label sets), built in ${ms(buildMs)}; ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), median of ${reps}.`,
  '',
  '| filter | select | flat/cum by function | by line | together | stacks kept | share kept |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...rows.map((r) => `| ${r.name} | ${ms(r.selectMs)} | ${ms(r.functionsMs)} | ${ms(r.linesMs)} | ${ms(r.totalMs)} | ${r.stacks.toLocaleString('en-US')} | ${(100 * r.share).toFixed(1)}% |`),
  '',
  `Label summary (keys and their top values, for the picker): ${ms(labelsMs)}.`,
].join('\n');
process.stdout.write(`${md}\n`);
const results = fileURLToPath(new URL('../results', import.meta.url));
mkdirSync(results, { recursive: true });
writeFileSync(join(results, 'query.md'), `${md}\n`);
writeFileSync(join(results, 'query.json'), `${JSON.stringify({ bytes, buildMs, reps, rows, labelsMs }, null, 2)}\n`);
