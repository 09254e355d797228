/**
 * The flame graph's call tree, the builder from sorted stacks (core/aggregate/treeBuilder.ts) beside the one before it
 * (kept as the unit tests' reference, test/unit/core/helpers/referenceTreeBuilder.ts), on the same selections of the
 * 90 MB generated Go CPU profile (bench/query/editorFilters.ts's), cut to the flame graph's 2^18 nodes: CPU time of
 * each, in one process, and the stacks' order each stack table needs first (once per table, kept).
 *
 *   node --import tsx bench/query/treeBuilders.ts [--mb 90]
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { lineKeys } from '../../src/core/aggregate/lineKeys';
import { stackOrderOf } from '../../src/core/aggregate/stackOrders';
import { buildTree } from '../../src/core/aggregate/treeBuilder';
import { buildModel } from '../../src/core/model/buildModel';
import { readProfileFile } from '../../src/core/profile/parse';
import { parseLabelFilter } from '../../src/core/query/labels';
import { select } from '../../src/core/query/select';
import type { ProfileQuery } from '../../src/core/query/types';
import { referenceBuildTree } from '../../test/unit/core/helpers/referenceTreeBuilder';
import { MAX_FLAME_GRAPH_NODES } from '../../src/worker/flameGraphData';
import { generateProfile } from '../profile/generate';

const { values: args } = parseArgs({ options: { mb: { type: 'string', default: '90' } } });
const mb = Number(args.mb);
const work = join(tmpdir(), 'perflens-bench-editor-filters');
mkdirSync(work, { recursive: true });
const file = join(work, `gen-${mb}mb-f30000-s90.pb`);
if (!existsSync(file)) writeFileSync(file, generateProfile({ seed: 90, targetBytes: mb * 1e6, functions: 30_000 }).bytes);

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const model = buildModel([readProfileFile(file)]);
const limits = { maxNodes: MAX_FLAME_GRAPH_NODES };
const cases: [string, ProfileQuery][] = [
  ['no filter', {}],
  ['label = (one route of 50)', { labels: parseLabelFilter('{"http.route"="/api/v1/resource3/{id}"}') }],
  ['focus (a tenth of the packages)', { frames: { focus: 'pkg1[0-9]\\.' } }],
  ['grouped by http.route', { groupBy: 'http.route' }],
  ['hide (one package)', { frames: { hide: '/pkg5\\.' } }],
];
const rows: string[] = [];
for (const [name, query] of cases) {
  const selection = select(model, query);
  const keys = lineKeys(selection.frames);
  const shape = { functionOfFrame: selection.frames.function, lineKeyOfFrame: keys.keyOfFrame, lineKeyCount: keys.count, otherFunction: selection.functions.count, rootFunction: -1 };
  let t = cpuMs();
  const { sequences, order } = stackOrderOf(selection.stacks, selection.frames.function, selection.functions.count);
  const orderMs = cpuMs() - t;
  t = cpuMs();
  const now = buildTree({ ...sequences, value: selection.value }, shape, limits, order);
  const nowMs = cpuMs() - t;
  const { stacks, value } = selection;
  const kept = Array.from({ length: stacks.count }, (_, s) => s).filter((s) => value[s] !== 0);
  const before = {
    count: kept.length, step: -1 as const, frames: stacks.frames, value: Float64Array.from(kept, (s) => value[s]),
    first: Int32Array.from(kept, (s) => stacks.start[s + 1] - 1), length: Int32Array.from(kept, (s) => stacks.start[s + 1] - stacks.start[s]),
  };
  t = cpuMs();
  const old = referenceBuildTree(before, shape, limits);
  const oldMs = cpuMs() - t;
  if (old.count !== now.count) throw new Error(`${name}: ${now.count} nodes, the reference's ${old.count}`);
  rows.push(`| ${name} | ${(oldMs / 1000).toFixed(2)} s | ${(nowMs / 1000).toFixed(2)} s | ${orderMs < 1 ? 'kept' : `${(orderMs / 1000).toFixed(2)} s`} | ${now.count.toLocaleString('en-US')} |`);
  process.stderr.write(`${rows.at(-1)}\n`);
}
const md = [
  `Call tree cut to ${MAX_FLAME_GRAPH_NODES.toLocaleString('en-US')} nodes on the ${mb} MB generated profile (${model.stacks.count.toLocaleString('en-US')} stacks, ${model.stacks.frames.length.toLocaleString('en-US')} frames), CPU time, one process:`,
  '',
  '| selection | builder before (every kept stack\'s frames) | from sorted stacks | the stack table\'s order first | nodes |',
  '| --- | ---: | ---: | ---: | ---: |',
  ...rows,
].join('\n');
process.stdout.write(`${md}\n`);
