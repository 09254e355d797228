/**
 * Filters in the editor, as the profile worker serves them: on the 90 MB generated Go CPU profile (bench/load's:
 * 30,000 functions, 30% of samples labelled http.route with 50 values) mapped onto a Go workspace of its first
 * functions' files, what a filter change costs until the editor has new heat and a new flame graph — the session's
 * analyze request with the filter, then the flame graph panel's request — and what grouping the graph by a label
 * costs (the flame graph's, and Hotspots'). The bundled worker (dist/profile-worker.js, `node scripts/build.mjs` first) runs in a worker thread, as in
 * VS Code; the model is loaded and mapped once beforehand (the editor showed the profile before it was filtered).
 * Wall time and the process's CPU time (worker and this thread), median of --reps; each case follows the one before
 * (a filter changed to another), runs after the first follow the unfiltered view and apply a filter not seen before
 * (another route, or the same pattern written otherwise: the worker keeps its answers per request, so the same one
 * again is answered from there — the "toggled back" case measures that). --worker runs another build's bundled worker
 * (main's, for a side-by-side run).
 *
 *   node --import tsx bench/query/editorFilters.ts [--mb 90] [--reps 3] [--worker dist/profile-worker.js] [--only <part of a case's name>]
 *
 * Prints a Markdown table and writes it with the raw figures to bench/results/editor-filters.{md,json}.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cpuMsOf } from '../load/flamegraphsProcesses';
import { forkWorker } from '../../src/rpc/forkWorker';
import { WorkerClient } from '../../src/rpc/workerClient';
import type { FrameFilter } from '../../src/core/query/filters';
import { parseLabelFilter, type LabelMatcher } from '../../src/core/query/labels';
import type { AnalyzeRequest } from '../../src/shared/analyzeProtocol';
import type { ProfileWorkerVocabulary, WorkerHostVocabulary } from '../../src/shared/workerProtocol';
import { editorFiltersProfile } from './benchProfile';

const { values: args } = parseArgs({ options: { mb: { type: 'string', default: '90' }, reps: { type: 'string', default: '3' }, worker: { type: 'string' }, only: { type: 'string' } } });
const mb = Number(args.mb);
const reps = Number(args.reps);
const root = fileURLToPath(new URL('../..', import.meta.url));
const workerPath = args.worker ? resolve(args.worker) : join(root, 'dist', 'profile-worker.js');
if (!existsSync(workerPath)) throw new Error('dist/profile-worker.js is missing: run node scripts/build.mjs first');

const { file, workspace } = editorFiltersProfile(mb);

const limits = { maxDecompressedBytes: 1 << 30, maxSamples: 1e8, maxStrings: 1e7 };
const analysis = (labels?: readonly LabelMatcher[], frames?: FrameFilter): AnalyzeRequest => ({
  sources: [file], typeName: 'cpu', roots: [{ name: 'service', path: workspace }], pathMappings: [], allowGit: false, limits, labels, frames,
});

/** Wall and CPU ms of `fn` (CPU: every thread of this process and of the worker process). */
async function timed(fn: () => Promise<unknown>): Promise<{ wallMs: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const workerCpu = client.pid ? cpuMsOf(client.pid) : 0;
  const start = performance.now();
  await fn();
  const used = process.cpuUsage(cpu);
  const workerUsed = client.pid ? cpuMsOf(client.pid) - workerCpu : 0;
  return { wallMs: performance.now() - start, cpuMs: (used.user + used.system) / 1000 + workerUsed };
}

const client = newClient();

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface Timing { wallMs: number; cpuMs: number; heatCpuMs: number; heatWallMs: number }

/**
 * What the editor asks after the filter changes: the session's analysis (the heat, hovers, lenses, Hotspots), then
 * the flame graph panel's tree — or, grouped, the panel's grouped tree or Hotspots' groups alone.
 */
const change = (labels?: readonly LabelMatcher[], frames?: FrameFilter, groupBy?: string, view: 'flameGraph' | 'hotspotGroups' = 'flameGraph') => async (): Promise<Timing> => {
  const request = analysis(labels, frames);
  const heat = groupBy ? { wallMs: 0, cpuMs: 0 } : await timed(() => client.request('analyze', request));
  const graph = await timed(() => (view === 'flameGraph'
    ? client.request('flameGraph', { sources: [file], typeName: 'cpu', limits, analysis: request, labels, frames, groupBy })
    : client.request('hotspotGroups', { sources: [file], typeName: 'cpu', limits, analysis: request, labels, frames, groupBy: groupBy!, top: 20 })));
  return { wallMs: heat.wallMs + graph.wallMs, cpuMs: heat.cpuMs + graph.cpuMs, heatCpuMs: heat.cpuMs, heatWallMs: heat.wallMs };
};

/** The same pattern written another way per run (a filter not seen before, the same work). */
const spelled = (pattern: string, r: number) => ['', '(', '(?:'][r % 3] + pattern + ['', ')', ')'][r % 3] + '|^$'.repeat(Math.floor(r / 3));
const route = (r: number) => `/api/v1/resource${3 + r}/{id}`;

const cases: [string, (r: number) => Promise<Timing>][] = [
  ['label = (one route of 50)', (r) => change(parseLabelFilter(`{"http.route"="${route(r)}"}`))()],
  ['label != (every route but one)', (r) => change(parseLabelFilter(`{"http.route"!="${route(r)}"}`))()],
  ['label =~ (a regex over the routes)', (r) => change(parseLabelFilter(`{"http.route"=~"${spelled('.*resource1[0-9].*', r)}"}`))()],
  ['focus (a tenth of the packages)', (r) => change(undefined, { focus: spelled('pkg1[0-9]\\.', r) })()],
  ['ignore (a tenth of the packages)', (r) => change(undefined, { ignore: spelled('pkg1[0-9]\\.', r) })()],
  ['hide (one package)', (r) => change(undefined, { hide: spelled('/pkg5\\.', r) })()],
  ['show_from (one package)', (r) => change(undefined, { showFrom: spelled('pkg3\\.', r) })()],
  ['my code only', (r) => change(undefined, { presets: ['app-only'], ...(r > 0 ? { ignore: `^nothing${r}$` } : {}) })()],
  ['no filter again (cleared)', () => change()()],
  ['label = toggled off and on again', async () => {
    // Not timed: the filter on, then off (the unfiltered view again); timed: the filter on again.
    const on = change(parseLabelFilter(`{"http.route"="${route(9)}"}`));
    await on();
    await change()();
    return on();
  }],
  ['group the flame graph by http.route (20 values + other + none)', () => change(undefined, undefined, 'http.route')()],
  ['group Hotspots by http.route (20 values + other + none)', () => change(undefined, undefined, 'http.route', 'hotspotGroups')()],
];

/** A worker as the editor drives it: the heat, then what the editor asks next (the hovers' call edges: background work). */
function newClient() {
  return new WorkerClient<WorkerHostVocabulary, ProfileWorkerVocabulary>(() => forkWorker(workerPath), { name: 'profile worker', log: (l) => process.stderr.write(`${l}\n`), cancelDeadlineMs: 60_000 });
}

async function main(): Promise<void> {
  // The model's first flame graph asked for at once after the heat: its stacks' order, begun in the worker's idle
  // time, is finished on the click (a worker of its own, let go after).
  const atOnce = newClient();
  await atOnce.request('analyze', analysis());
  const firstAtOnce = await timed(() => atOnce.request('flameGraph', { sources: [file], typeName: 'cpu', limits, analysis: analysis() }));
  atOnce.dispose();
  const warm = await timed(() => client.request('analyze', analysis()));
  // The hovers' call edges, as the editor asks for them after the heat: background work, queued after the order.
  await client.request('functionDetails', analysis());
  // The model's first flame graph after the worker's idle time (its stacks' order was made then, and is kept).
  const firstGraph = await timed(() => client.request('flameGraph', { sources: [file], typeName: 'cpu', limits, analysis: analysis() }));
  process.stderr.write(`loaded and mapped: ${warm.wallMs.toFixed(0)} ms; first flame graph ${firstGraph.cpuMs.toFixed(0)} ms of CPU (at once after the heat: ${firstAtOnce.cpuMs.toFixed(0)} ms)\n`);
  const rows = [];
  for (const [name, run] of cases) {
    if (args.only && !name.includes(args.only)) continue;
    const runs: Timing[] = [];
    for (let r = 0; r < reps; r++) {
      // Back to the unfiltered view between runs, as a person toggling the filter would (not timed): each run
      // applies the filter anew. The first run changes from the case before.
      if (r > 0) await change()();
      runs.push(await run(r));
    }
    const row = { name, wallMs: median(runs.map((x) => x.wallMs)), cpuMs: median(runs.map((x) => x.cpuMs)), heatCpuMs: median(runs.map((x) => x.heatCpuMs)), heatWallMs: median(runs.map((x) => x.heatWallMs)) };
    process.stderr.write(`${name}: ${row.wallMs.toFixed(0)} ms\n`);
    rows.push(row);
  }
  client.dispose();
  const ms = (x: number) => `${x.toFixed(0)} ms`;
  const load = loadavg().map((x) => x.toFixed(1)).join(' ');
  const md = [
    `Filter changes in the profile worker on the ${mb} MB generated Go CPU profile (30,000 functions; model loaded and mapped onto a 2,000-file Go workspace beforehand, in ${ms(warm.wallMs)}, then its first flame graph after the worker's idle time, in ${ms(firstGraph.cpuMs)} of CPU, ${ms(firstGraph.wallMs)} wall — asked for at once after the heat, ${ms(firstAtOnce.cpuMs)} of CPU, ${ms(firstAtOnce.wallMs)} wall): the analysis with the filter (heat, hovers, lenses, Hotspots), then the flame graph's tree (grouped: the tree, or Hotspots' groups, alone) — median of ${reps}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), load average ${load}.`,
    '',
    '| change | heat (CPU) | heat and flame graph (CPU) | heat (wall) | heat and flame graph (wall) |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...rows.map((r) => `| ${r.name} | ${r.heatCpuMs ? ms(r.heatCpuMs) : '–'} | ${ms(r.cpuMs)} | ${r.heatWallMs ? ms(r.heatWallMs) : '–'} | ${ms(r.wallMs)} |`),
  ].join('\n');
  process.stdout.write(`${md}\n`);
  const results = join(root, 'bench', 'results');
  mkdirSync(results, { recursive: true });
  writeFileSync(join(results, 'editor-filters.md'), `${md}\n`);
  writeFileSync(join(results, 'editor-filters.json'), `${JSON.stringify({ mb, reps, load, warmMs: warm.wallMs, firstGraphCpuMs: firstGraph.cpuMs, firstGraphWallMs: firstGraph.wallMs, firstGraphAtOnceCpuMs: firstAtOnce.cpuMs, firstGraphAtOnceWallMs: firstAtOnce.wallMs, rows }, null, 2)}\n`);
}

void main();
