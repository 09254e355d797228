/**
 * `perflens labels <source> --service S`: the label names and values a profile source has for a service. Pyroscope
 * and Parca answer from their label index (values ranked by cost of the type, top N of how many), with the label
 * filter applied on the server; other sources (a store, a pprof endpoint) have their profiles fetched and their
 * sample labels summed here, as for files.
 */
import { formatValue } from '../../core/format/units';
import { buildModel } from '../../core/model/buildModel';
import type { ProfileModel } from '../../core/model/types';
import { formatLabelFilter, type LabelMatcher } from '../../core/query/labels';
import { readProfiles } from '../../core/readers';
import { reportFailure, type Env } from '../../sources/cli-options';
import { createSource, parseSourceSpec, type SourceDeps } from '../../sources/create-source';
import { describeRange } from '../../sources/time-range';
import type { LabelValueList, ProfileSource, TimeRange } from '../../sources/types';
import { EXIT_OK, type CliIo, writeUsageError } from '../io';
import { runReporting } from '../loadModel';
import { sourceSetup } from '../sourceFlags';

export interface SourceLabelsFlags {
  readonly service?: string;
  readonly type?: string;
  readonly from?: string;
  readonly to?: string;
  readonly key?: string;
  readonly json?: boolean;
}

/** What the command does with a loaded model (the files' path), given the profiles the source returned. */
export type SummarizeModel = (model: ProfileModel, heading: readonly string[]) => number;

/** A positional is a source, not a file, when it is a URL other than file:// or --service names a service. */
export function isSourceArgument(positional: string, service: string | undefined): boolean {
  return service !== undefined || /^(?!file:)[a-z][a-z0-9+.-]*:\/\//i.test(positional);
}

export async function runSourceLabels(
  spec: string, flags: SourceLabelsFlags, labels: readonly LabelMatcher[], topValues: number, io: CliIo, env: Env, extraDeps: SourceDeps,
  summarize: SummarizeModel, localOnlyFilters: boolean,
): Promise<number> {
  const setup = sourceSetup('labels', flags, env, io, extraDeps);
  if (typeof setup === 'number') return setup;
  try {
    const config = parseSourceSpec(spec, extraDeps.cwd);
    if (!flags.service && config.kind !== 'pprof-http') return writeUsageError(io.stderr, 'labels', '--service is required with a source');
    const source = createSource(config.kind === 'pprof-http' && flags.service ? { ...config, service: flags.service } : config, setup.deps);
    const service = flags.service ?? (await source.listServices())[0];
    if (!source.listLabelNames || !source.listLabelValues) {
      // The store and pprof endpoints: the profiles carry their labels; read them as files are read.
      const type = flags.type ?? (await source.listProfileTypes(service, { range: setup.range }))[0]?.type;
      if (!type) return writeUsageError(io.stderr, 'labels', `${source.displayName} has no profiles of ${JSON.stringify(service)}`);
      const fetched = await source.fetchProfiles({ service, type, range: setup.range });
      const model = runReporting('labels', io, () => buildModel(fetched.flatMap((p) => readProfiles(p.bytes, p.origin))));
      if (typeof model === 'number') return model;
      return summarize(model, [`Source: ${source.displayName}`, `Service: ${service}`, `Profiles: ${fetched.length}`]);
    }
    if (localOnlyFilters) return writeUsageError(io.stderr, 'labels', `${source.displayName} filters by label only (--labels); frame and tag filters apply to fetched profiles: 'perflens fetch' them, then 'perflens labels FILE'`);
    return await listFromServer(source, service, flags, labels, topValues, setup.range, io);
  } catch (e) {
    return reportFailure(io, 'labels', e);
  }
}

interface KeyListing {
  readonly key: string;
  readonly list: LabelValueList;
}

async function listFromServer(
  source: ProfileSource, service: string, flags: SourceLabelsFlags, labels: readonly LabelMatcher[], topValues: number, range: TimeRange | undefined, io: CliIo,
): Promise<number> {
  // Values are ranked by the cost of a type: the one asked for, else the service's first.
  const types = await source.listProfileTypes(service, { range });
  const type = flags.type ? types.find((t) => t.type === flags.type || t.sourceId === flags.type) ?? { type: flags.type, sourceId: flags.type, sampleType: flags.type } : types[0];
  const options = { range, type: type?.type, labels, limit: Number.isFinite(topValues) ? topValues : Number.MAX_SAFE_INTEGER };
  const names = flags.key !== undefined ? [flags.key] : await source.listLabelNames!(service, options);
  const keys: KeyListing[] = [];
  for (const key of names) keys.push({ key, list: await source.listLabelValues!(service, key, options) });
  const unit = type?.unit ?? '';
  if (flags.json) {
    io.stdout.write(`${JSON.stringify({
      source: source.displayName, service, type: type?.type ?? null, unit,
      keys: keys.map(({ key, list }) => ({ key, valueCount: list.count, values: list.values.map((v) => ({ value: v.value, cost: v.cost ?? null })) })),
    })}\n`);
    return EXIT_OK;
  }
  const out = [
    `Source: ${source.displayName}`,
    `Service: ${service}`,
    ...(type ? [`Type: ${type.type}${unit ? ` (${unit})` : ''}`] : []),
    ...(labels.length > 0 ? [`Filters: labels ${formatLabelFilter(labels)}`] : []),
    ...(range ? [`Period: ${describeRange(range)}`] : []),
  ];
  if (keys.length === 0) out.push('', flags.key !== undefined ? `No sample has a label ${JSON.stringify(flags.key)}.` : 'No sample has labels besides the service.');
  for (const { key, list } of keys) {
    const costs = list.values.map((v) => (v.cost === undefined ? '' : formatValue(v.cost, unit)));
    const width = Math.max(0, ...costs.map((c) => c.length));
    out.push('', `${key}: ${list.count.toLocaleString('en-US')} value${list.count === 1 ? '' : 's'}`);
    list.values.forEach((v, i) => out.push(`  ${costs[i] ? `${costs[i].padStart(width)}  ` : ''}${JSON.stringify(v.value)}`));
    const more = list.count - list.values.length;
    if (more > 0) out.push(`  (${more.toLocaleString('en-US')} more value${more === 1 ? '' : 's'})`);
  }
  io.stdout.write(`${out.join('\n')}\n`);
  return EXIT_OK;
}
