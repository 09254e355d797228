/**
 * What the flame graph's functions table split by a label costs the profile worker (handlers/functionGroups.ts) on
 * the large generated profile (bench/profile's: 80 MB, 60k functions, 30% of samples labelled http.route with 50
 * values): the selection grouped with a column per value (the costliest 5, then "other", then none), then each
 * function's flat and cum per column — beside the table it splits (flat/cum per function of the whole selection)
 * and Hotspots' groups (each group's top 20). CPU time, median of --reps, the model built once as the worker keeps it.
 *
 *   node --import tsx bench/query/groupColumns.ts [--size 80] [--reps 3] [--seed 1]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { flatCum } from '../../src/core/aggregate/flatCum';
import { buildModel } from '../../src/core/model/buildModel';
import { readProfileFile } from '../../src/core/profile/parse';
import { groupColumns } from '../../src/core/query/groupColumns';
import { groupedFunctions } from '../../src/core/query/groupedFunctions';
import { select } from '../../src/core/query/select';
import { benchProfile } from './benchProfile';

const { values: args } = parseArgs({ options: { size: { type: 'string', default: '80' }, reps: { type: 'string', default: '3' }, seed: { type: 'string', default: '1' } } });
const file = benchProfile(Number(args.size), Number(args.seed));

function cpuMs(fn: () => unknown): number {
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const model = buildModel([readProfileFile(file)]);
const reps = Number(args.reps);
const runs = Array.from({ length: reps }, () => {
  let grouped = select(model, { groupBy: 'http.route', groupTop: 5 });
  const selectMs = cpuMs(() => { grouped = select(model, { groupBy: 'http.route', groupTop: 5 }); });
  const columnsMs = cpuMs(() => groupColumns(grouped));
  const whole = select(model);
  const tableMs = cpuMs(() => flatCum(whole.stacks, whole.value, whole.frames.function, whole.functions.count));
  const hotspotsMs = cpuMs(() => groupedFunctions(select(model, { groupBy: 'http.route' }), 20));
  return { selectMs, columnsMs, tableMs, hotspotsMs, columns: grouped.groups!.frame.length };
});
const out = {
  bytes: readFileSync(file).length, functions: model.functions.count, stacks: model.stacks.count, reps, columns: runs[0].columns,
  groupedSelectMs: median(runs.map((r) => r.selectMs)), groupColumnsMs: median(runs.map((r) => r.columnsMs)),
  wholeTableMs: median(runs.map((r) => r.tableMs)), hotspotGroupsMs: median(runs.map((r) => r.hotspotsMs)),
};
process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
const results = new URL('../results/', import.meta.url);
mkdirSync(results, { recursive: true });
writeFileSync(new URL('group-columns.json', results), `${JSON.stringify(out, null, 2)}\n`);
