/**
 * The measurements of bench/query/run.ts, in a process of their own (run.ts bundles this file with esbuild, as the
 * extension's worker is bundled: no TypeScript loader between the code and the clock). Prints one JSON object.
 *
 *   node measure.cjs <profile.pb> <reps>
 */
import { readFileSync } from 'node:fs';
import { callTree } from '../../src/core/aggregate/callTree';
import { FlatCumMemo } from '../../src/core/aggregate/flatCumMemo';
import { stackOrderOf } from '../../src/core/aggregate/stackOrders';
import { functionTable } from '../../src/core/aggregate/functionTable';
import { sortedRows, topTable } from '../../src/core/aggregate/topTable';
import { buildModel } from '../../src/core/model/buildModel';
import { readProfileFile } from '../../src/core/profile/parse';
import { parseLabelFilter } from '../../src/core/query/labels';
import { summarizeLabels } from '../../src/core/query/labelsSummary';
import { groupedFunctions } from '../../src/core/query/groupedFunctions';
import { select } from '../../src/core/query/select';
import type { ProfileQuery } from '../../src/core/query/types';

const [file, repsArg] = process.argv.slice(2);
const reps = Number(repsArg);
const bytes = readFileSync(file).length;

/**
 * CPU time of `fn` (user + system) in ms: the work is single-threaded, so on an idle machine this is the wall time,
 * and on a shared one (these benches run beside other jobs) it is what the work itself costs.
 */
function timed<T>(fn: () => T): [T, number] {
  const start = process.cpuUsage();
  const result = fn();
  const used = process.cpuUsage(start);
  return [result, (used.user + used.system) / 1000];
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

const unfiltered = select(model);
const whole = unfiltered.total;
// The flame graph's trees come from the stacks' order, made once per stack table (the model's here) and kept.
const [, orderMs] = timed(() => stackOrderOf(model.stacks, unfiltered.frames.function, unfiltered.functions.count));
const TREE_NODES = 1 << 18; // the flame graph's cut (worker/flameGraphData.ts)
const rows = cases.map(([name, query]) => {
  const runs: { s: number; f: number; l: number; again: number; memo: number; tree: number }[] = [];
  let stacks = 0;
  let share = 0;
  for (let r = 0; r < reps; r++) {
    // A new model object per run: the query keeps a frame filter's stacks per model, and this is the first use.
    const fresh = { ...model };
    const [selection, s] = timed(() => select(fresh, query));
    const [, f] = timed(() => sortedRows(selection, topTable(selection, 'function'), 100));
    const [, l] = timed(() => topTable(selection, 'line'));
    // A frame filter's stacks (hide, show_from) and a group-by's are a table of their own: its first tree orders it.
    const [, tree] = timed(() => callTree(selection, { maxNodes: TREE_NODES }));
    // The same frame filter again with another time range: its stacks are reused.
    const [, again] = timed(() => select(fresh, { ...query, timeRange: { startMs: 0, endMs: 8.64e15 } }));
    // As the profile worker does it: flat/cum per function from the unfiltered view's, kept in the memo.
    const flatCums = new FlatCumMemo();
    functionTable(select(fresh, {}, { flatCums }), false);
    const [, memo] = timed(() => functionTable(select(fresh, query, { flatCums }), false));
    runs.push({ s, f, l, again, memo, tree });
    stacks = selection.stacks.count;
    share = selection.total / whole;
  }
  process.stderr.write(`${name}: ${median(runs.map((x) => x.s + x.f + x.l)).toFixed(0)} ms\n`);
  return {
    name, stacks, share,
    selectMs: median(runs.map((x) => x.s)), functionsMs: median(runs.map((x) => x.f)), linesMs: median(runs.map((x) => x.l)),
    totalMs: median(runs.map((x) => x.s + x.f + x.l)), againMs: median(runs.map((x) => x.again)), memoMs: median(runs.map((x) => x.memo)),
    treeMs: median(runs.map((x) => x.tree)),
  };
});
const [, hotspotGroupsMs] = timed(() => groupedFunctions(select(model, { groupBy: 'http.route' }), 20));
const [, labelsMs] = timed(() => summarizeLabels(model.labelSets, model.strings, select(model).labelSetValue, undefined));
const counts = { rows: model.rows.count, stacks: model.stacks.count, functions: model.functions.count, labelSets: model.labelSets.count };
process.stdout.write(`${JSON.stringify({ bytes, buildMs, orderMs, reps, counts, rows, labelsMs, hotspotGroupsMs })}\n`);
