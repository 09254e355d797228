/**
 * `perflens labels`: the sample labels of one or more merged profiles — per key, the share of the cost that
 * carries it, how many values it has and its costliest values (like `go tool pprof -tags`, bounded: a key with
 * 10^5 values lists the top ones and sums up the rest), under the same filters as `perflens top`; or a profile
 * source's label names and values for a service (labelsFromSource.ts).
 */
import { formatShare, formatValue } from '../../core/format/units';
import type { ProfileModel } from '../../core/model/types';
import { summarizeLabels, type LabelKeySummary } from '../../core/query/labelsSummary';
import { select } from '../../core/query/select';
import type { ProfileQuery } from '../../core/query/types';
import { ENV_HELP, SOURCE_HELP, type Env } from '../../sources/cli-options';
import type { SourceDeps } from '../../sources/create-source';
import { parseCommandArgs } from '../commandArgs';
import { describeFilters, FILTER_HELP, FILTER_OPTIONS, queryFromFlags } from '../filterArgs';
import { EXIT_OK, type CliCommand, type CliIo, writeUsageError } from '../io';
import { loadModel, runReporting } from '../loadModel';
import { SOURCE_QUERY_OPTIONS } from '../sourceFlags';
import { isSourceArgument, runSourceLabels } from './labelsFromSource';

const DEFAULT_VALUES = 10;

const help = `Usage: perflens labels <profile...> [--type NAME] [--key KEY] [--values N] [--json] [filters]
       perflens labels <source> --service S [--type T] [--from T1 --to T2] [--key KEY] [--values N] [--labels SEL] [--json]

Lists the samples' labels (pprof labels such as Go's pprof.Do, OpenTelemetry span attributes, Pyroscope series
labels): per key, the share of the cost that carries it, how many distinct values it has, and its costliest
values with their cost, share and sample count. Use them in --labels filters ('{endpoint="GET /search"}') and
--group-by.

With a source, the labels of a service's samples there: Pyroscope and Parca answer from their label index (each
key's values ranked by their cost of the type, with how many there are; --labels is applied by the server); the
profiles of a store or a pprof endpoint are fetched and read as files are.

Options:
  --type NAME     Sample type (as 'perflens top'). Default: default_sample_type, else the last type. With a
                  Pyroscope or Parca source, the profile type whose cost ranks the values (default: the
                  service's first).
  --key KEY       Only this key.
  --values N      Values listed per key, costliest first (default ${DEFAULT_VALUES}; 0 means all); the rest are summed
                  into one line.
  --service S     With a source: the service.
  --from T1       With a source: start of the period (default: the last 24 hours for Pyroscope/Parca, all for a
                  store): now-7d, 2026-08-01T10:00:00Z, unix seconds or ms.
  --to T2         With a source: end of the period (default now).
  --json          One JSON object: {"type", "unit", "total", "keys": [{"key", "cost", "count", "valueCount",
                  "values": [{"value", "cost", "count"}], "otherCost", "otherCount"}]} (count: samples, 0 when
                  the profile cannot count them). From Pyroscope or Parca: {"source", "service", "type", "unit",
                  "keys": [{"key", "valueCount", "values": [{"value", "cost"}]}]} (cost null without a type).
  -h, --help      Show this help.

${FILTER_HELP}

${SOURCE_HELP}
${ENV_HELP}
Exit status: 0 on success, 1 the source failed, 2 on a usage error, an invalid filter or a file that is not a
usable profile.
`;

export const command: CliCommand = { help, run: (args, io) => runLabels(args, io, process.env) };

/** The command with its environment (and, for tests, extra source dependencies) passed in. */
export function runLabels(args: readonly string[], io: CliIo, env: Env, extraDeps: SourceDeps = {}): number | Promise<number> {
  const parsed = parseCommandArgs('labels', help, args, io, {
    key: { type: 'string' },
    values: { type: 'string' },
    json: { type: 'boolean' },
    ...SOURCE_QUERY_OPTIONS,
    ...FILTER_OPTIONS,
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (positionals.length === 0) return writeUsageError(io.stderr, 'labels', 'no profile given');
  let topValues = DEFAULT_VALUES;
  if (values.values !== undefined) {
    if (!/^\d+$/.test(values.values)) return writeUsageError(io.stderr, 'labels', `--values must be a whole number, not '${values.values}'`);
    topValues = Number(values.values) === 0 ? Infinity : Number(values.values);
  }
  const filters = queryFromFlags(values);
  if ('error' in filters) return writeUsageError(io.stderr, 'labels', filters.error);
  const summarize = (model: ProfileModel, heading: readonly string[]) => printSummary(model, values, filters, topValues, heading, io);
  if (positionals.length === 1 && isSourceArgument(positionals[0], values.service)) {
    const localOnly = describeFilters({ ...filters, labels: [] }) !== '';
    return runSourceLabels(positionals[0], values, filters.labels ?? [], topValues, io, env, extraDeps, summarize, localOnly);
  }
  for (const flag of ['service', 'from', 'to'] as const) if (values[flag] !== undefined) return writeUsageError(io.stderr, 'labels', `--${flag} goes with one source, not profile files`);
  const model = loadModel('labels', positionals, io);
  if (typeof model === 'number') return model;
  return summarize(model, [positionals.length === 1 ? `Profile: ${positionals[0]}` : `Profiles: ${positionals.length} merged`]);
}

type Filters = Pick<ProfileQuery, 'labels' | 'frames' | 'tagFocus' | 'tagIgnore' | 'groupBy'>;

function printSummary(model: ProfileModel, values: { type?: string; key?: string; json?: boolean }, filters: Filters, topValues: number, heading: readonly string[], io: CliIo): number {
  const selection = runReporting('labels', io, () => select(model, { type: values.type, ...filters, groupBy: undefined }));
  if (typeof selection === 'number') return selection;
  for (const note of selection.notes) io.stderr.write(`perflens labels: note: ${note}\n`);
  const summary = summarizeLabels(model.labelSets, model.strings, selection.labelSetValue, selection.labelSetCount, { topValues, key: values.key });
  const { type, unit } = selection.sampleType;
  if (values.json) {
    io.stdout.write(`${JSON.stringify({ type, unit, total: summary.total, keys: summary.keys })}\n`);
    return EXIT_OK;
  }
  const filtering = describeFilters(filters);
  const out = [
    `Type: ${type}${unit ? ` (${unit})` : ''}`,
    ...heading,
    ...(filtering ? [`Filters: ${filtering}`] : []),
    `Total: ${formatValue(summary.total, unit)}`,
  ];
  if (summary.keys.length === 0) out.push(values.key ? `No sample has a label ${JSON.stringify(values.key)}.` : 'No sample has labels.');
  for (const k of summary.keys) out.push('', ...keyLines(k, summary.total, unit));
  io.stdout.write(`${out.join('\n')}\n`);
  return EXIT_OK;
}

function keyLines(k: LabelKeySummary, total: number, unit: string): string[] {
  const cells = k.values.map((v) => [formatValue(v.cost, unit), formatShare(v.cost, total), v.count ? `${v.count.toLocaleString('en-US')} samples` : '']);
  if (k.values.length < k.valueCount) {
    const more = k.valueCount - k.values.length;
    cells.push([formatValue(k.otherCost, unit), formatShare(k.otherCost, total), `${more.toLocaleString('en-US')} more value${more === 1 ? '' : 's'}`]);
  }
  const widths = [0, 1, 2].map((c) => Math.max(0, ...cells.map((row) => row[c].length)));
  const names = [...k.values.map((v) => JSON.stringify(v.value)), '(the rest)'];
  return [
    `${k.key}: ${formatValue(k.cost, unit)} (${formatShare(k.cost, total)} of the total), ${k.valueCount.toLocaleString('en-US')} value${k.valueCount === 1 ? '' : 's'}`,
    ...cells.map((row, i) => `  ${row[0].padStart(widths[0])} ${row[1].padStart(widths[1])}  ${names[i]}${row[2] ? `  (${row[2]})` : ''}`),
  ];
}
