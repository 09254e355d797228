/**
 * Where a filter change's time goes, stage by stage, as the profile worker serves it (the analyze handler's heat,
 * then the flameGraph handler's tree): on bench/query/editorFilters.ts's 90 MB generated Go CPU profile, mapped onto
 * its 2,000-file workspace, in one process. Each change follows the unfiltered view (its analysis and its flame
 * graph, the model's stack order made beforehand, as the worker's idle time makes it). CPU time of this thread's
 * work per stage, median of --reps.
 *
 *   node --import tsx bench/query/filterStages.ts [--mb 90] [--reps 3] [--only <substring of a case>]
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { callTree } from '../../src/core/aggregate/callTree';
import { encodeAnnotations } from '../../src/core/aggregate/flameAnnotations';
import { FlatCumMemo, selectionFlatCum } from '../../src/core/aggregate/flatCumMemo';
import { serializeCallTree } from '../../src/core/aggregate/serialize';
import { stackOrderOf } from '../../src/core/aggregate/stackOrders';
import { buildModel } from '../../src/core/model/buildModel';
import { readProfileFile } from '../../src/core/profile/parse';
import type { ProfileModel } from '../../src/core/model/types';
import type { FrameFilter } from '../../src/core/query/filters';
import { parseLabelFilter, type LabelMatcher } from '../../src/core/query/labels';
import type { Selection } from '../../src/core/query/types';
import { analyzeSelection } from '../../src/core/workspace/analyzeWorkspace';
import { selectionOf, workspaceOptionsOf, workspaceProfile } from '../../src/core/workspace/buildWorkspaceProfile';
import { mapToWorkspace, type WorkspaceMapping } from '../../src/core/symbolicate/workspaceMapping';
import { FRAME_CLASSES } from '../../src/core/symbolicate/types';
import { groupedTotals, MAX_FLAME_GRAPH_NODES, todaysLines } from '../../src/worker/flameGraphData';
import { functionTotals } from '../../src/worker/modelCache';
import { packWorkspaceProfile } from '../../src/worker/packProfile';
import { editorFiltersProfile } from './benchProfile';

const { values: args } = parseArgs({ options: { mb: { type: 'string', default: '90' }, reps: { type: 'string', default: '3' }, only: { type: 'string' } } });
const mb = Number(args.mb);
const reps = Number(args.reps);
const { file, workspace } = editorFiltersProfile(mb);

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const model = buildModel([readProfileFile(file)]);
const request = { sources: [file], typeName: 'cpu', roots: [{ name: 'service', path: workspace }], pathMappings: [], allowGit: false, limits: { maxDecompressedBytes: 1 << 30, maxSamples: 1e8, maxStrings: 1e7 } };
const { options } = workspaceOptionsOf(request, model);
let mapping!: WorkspaceMapping;
const flatCums = new FlatCumMemo();
let samplesType: number;
let unfilteredTotals: { flat: Float64Array; cum: Float64Array } | undefined;

type Stages = Record<string, number>;

/** The worker's path for one change, each stage timed. */
function change(model: ProfileModel, labels?: readonly LabelMatcher[], frames?: FrameFilter, groupBy?: string): Stages {
  const t: Stages = {};
  let at = cpuMs();
  const lap = (name: string) => {
    const now = cpuMs();
    t[name] = (t[name] ?? 0) + now - at;
    at = now;
  };
  const query = { typeName: 'cpu', labels, frames };
  // As the worker selects (handlers/flameSelection.ts): the count type summed in the same pass.
  const context = { frameClass: mapping.frames.classCode, flatCums, companionType: samplesType };
  let totals;
  let analysed: Selection | undefined;
  if (!groupBy) {
    // analyze
    analysed = selectionOf(model, query, context);
    lap('heat: select');
    const analysis = analyzeSelection(analysed, mapping, true, false);
    lap('heat: analysis');
    totals = functionTotals(analysis.functions, analysis.functionRowOf);
    if (!labels && !frames) unfilteredTotals = totals;
    packWorkspaceProfile(workspaceProfile(analysed, mapping, request, [], analysis));
    lap('heat: pack');
  }
  // flameGraph: the analysis's selection (grouped: the grouped one, selected at once)
  const selection = analysed ?? selectionOf(model, { ...query, groupBy }, { ...context, companionType: undefined });
  lap('graph: select');
  const counts = selection.companion;
  stackOrderOf(selection.stacks, selection.frames.function, selection.functions.count);
  lap('graph: order');
  const tree = callTree(selection, { maxNodes: MAX_FLAME_GRAPH_NODES, currentLine: todaysLines(selection, mapping), extra: counts?.value });
  lap('graph: tree');
  // As the worker does: the analysis's totals (grouped: the unfiltered analysis's, plus each group's root frames).
  const table = (totals ?? (groupBy ? groupedTotals(selection, unfilteredTotals!) : undefined)) ?? selectionFlatCum(selection, selection.frames.function, selection.functions.count, 'function');
  lap('graph: flat/cum');
  annotate(selection, tree.functions.count, table, tree.nodeCount);
  lap('graph: annotations');
  serializeCallTree(tree);
  lap('graph: serialize');
  return t;
}

/** flameGraphData's annotations, as the worker makes them (package per function, class, workspace file). */
function annotate(selection: Selection, n: number, table: { flat: Float64Array; cum: Float64Array }, nodeCount: Float64Array | undefined): void {
  const strings: string[] = [];
  const ids = new Map<string, number>();
  const intern = (s: string) => {
    let id = ids.get(s);
    if (id === undefined) ids.set(s, (id = strings.push(s) - 1));
    return id;
  };
  const functionClass = new Uint8Array(n);
  const functionPackage = new Int32Array(n);
  const functionLocation = new Int32Array(n).fill(-1);
  const functionSelf = new Float64Array(n);
  const functionTotal = new Float64Array(n);
  functionSelf.set(table.flat);
  functionTotal.set(table.cum);
  for (let f = 0; f < Math.min(n, selection.functions.count); f++) {
    functionPackage[f] = intern(selection.strings.get(selection.functions.name[f]).split('.')[0]);
    functionClass[f] = mapping.functions.classCode[f] ?? 0;
    const id = mapping.functions.fileId[f];
    if (id >= 0 && FRAME_CLASSES[functionClass[f]] === 'app') functionLocation[f] = intern(mapping.files[id].path);
  }
  encodeAnnotations({ functionClass, functionPackage, functionLocation, functionFact: new Int32Array(n).fill(-1), functionSelf, functionTotal, nodeCount, countType: undefined, strings });
}

const cases: [string, (m: ProfileModel) => Stages][] = [
  ['label = (one route of 50)', (m) => change(m, parseLabelFilter('{"http.route"="/api/v1/resource3/{id}"}'))],
  ['label != (every route but one)', (m) => change(m, parseLabelFilter('{"http.route"!="/api/v1/resource3/{id}"}'))],
  ['label =~ (a regex over the routes)', (m) => change(m, parseLabelFilter('{"http.route"=~".*resource1[0-9].*"}'))],
  ['focus (a tenth of the packages)', (m) => change(m, undefined, { focus: 'pkg1[0-9]\\.' })],
  ['ignore (a tenth of the packages)', (m) => change(m, undefined, { ignore: 'pkg1[0-9]\\.' })],
  ['hide (one package)', (m) => change(m, undefined, { hide: '/pkg5\\.' })],
  ['show_from (one package)', (m) => change(m, undefined, { showFrom: 'pkg3\\.' })],
  ['my code only', (m) => change(m, undefined, { presets: ['app-only'] })],
  ['no filter again (cleared)', (m) => change(m)],
  ['group by http.route (20 + other + none)', (m) => change(m, undefined, undefined, 'http.route')],
];

async function main(): Promise<void> {
  mapping = await mapToWorkspace(model, options);
  samplesType = model.sampleTypes.findIndex((t) => t.type === 'samples');
  // The unfiltered view first, its order made (the worker's idle time does it after the first heat).
  change(model);
  process.stderr.write(`model ${model.stacks.count} stacks; unfiltered view made\n`);
  const rows: { name: string; stages: Stages }[] = [];
  for (const [name, run] of cases) {
    if (args.only && !name.includes(args.only)) continue;
    const runs: Stages[] = [];
    for (let r = 0; r < reps; r++) {
      // Each run applies the filter anew from the unfiltered view, its stack tables new (a frame filter's rewrite
      // is kept per model otherwise: the first use is the one measured).
      const fresh = { ...model };
      change(fresh);
      runs.push(run(fresh));
    }
    const names = Object.keys(runs[0]);
    const stages = Object.fromEntries(names.map((k) => [k, median(runs.map((x) => x[k]))]));
    stages.total = median(runs.map((x) => Object.values(x).reduce((a, b) => a + b, 0)));
    process.stderr.write(`${name}: ${names.map((k) => `${k} ${stages[k].toFixed(0)}`).join(', ')}; total ${stages.total.toFixed(0)} ms\n`);
    rows.push({ name, stages });
  }
  const names = [...new Set(rows.flatMap((r) => Object.keys(r.stages)))];
  const md = [
    `Stages of a filter change on the ${mb} MB generated profile (${model.stacks.count.toLocaleString('en-US')} stacks), CPU ms, median of ${reps}, load ${loadavg().map((x) => x.toFixed(1)).join(' ')}:`,
    '',
    `| change | ${names.join(' | ')} |`,
    `| --- | ${names.map(() => '---:').join(' | ')} |`,
    ...rows.map((r) => `| ${r.name} | ${names.map((k) => (r.stages[k] === undefined ? '–' : r.stages[k].toFixed(0))).join(' | ')} |`),
  ].join('\n');
  process.stdout.write(`${md}\n`);
}

void main();
