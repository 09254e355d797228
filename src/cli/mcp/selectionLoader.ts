/**
 * What `perflens mcp` (and `perflens` commands taking a selection) fetch for a selection: the profiles of one
 * service and profile type, optionally one version, a time range and a label filter, from the local store or a
 * configured source. Agents name a configured source; they never give a URL or a path of their own.
 *
 * Bounded: at most MAX_PROFILES profiles per selection (the newest), and the core's size limits per profile.
 * Problems become `ToolInputError`s with one line saying what to ask instead.
 */
import { filterByLabels } from '../../core/selection/filterByLabels';
import { FilterError } from '../../core/query/filtersError';
import { parseLabelFilter, type LabelMatcher } from '../../core/query/labels';
import type { ProfileLimits } from '../../core/profile/limits';
import type { Profile } from '../../core/profile/model';
import { readProfiles } from '../../core/readers';
import { profilesOfType } from '../../core/readers/groups';
import type { SelectionFacts } from '../../core/answers/answer';
import type { HistoryProfile } from '../../core/trends/history';
import { canonicalTypeInfo, sampleTypeFor } from '../../sources/profile-types';
import { describeRange, parseTimeSpec } from '../../sources/time-range';
import type { FetchedProfile, ProfileSource, TimeRange } from '../../sources/types';

/** Most profiles read for one selection (the newest are kept). */
export const MAX_PROFILES = 500;

/** The selection arguments of every tool (all optional: defaults are picked and said in the answer). */
export interface SelectionArgs {
  readonly source?: string;
  readonly service?: string;
  readonly type?: string;
  readonly version?: string;
  readonly from?: string;
  readonly to?: string;
  readonly labels?: string;
}

export interface LoadedSelection extends SelectionFacts {
  readonly profiles: readonly Profile[];
  /** The pprof sample type to show for the profile type. */
  readonly sampleType: string;
  /** The profiles with their times and versions, for trends (core/trends). */
  readonly history: readonly HistoryProfile[];
}

/** A tool argument that cannot be used; the message says what to give instead. */
export class ToolInputError extends Error {
  override readonly name = 'ToolInputError';
}

export interface NamedSource {
  readonly name: string;
  readonly source: ProfileSource;
}

export interface SelectionLoaderOptions {
  /** The first is the default. */
  readonly sources: readonly NamedSource[];
  readonly limits?: Partial<ProfileLimits>;
  /** The workspace's own service (go.mod, package.json...), preferred when a source has several. */
  readonly workspaceService?: string;
  readonly now?: () => number;
  readonly signal?: AbortSignal;
}

export class SelectionLoader {
  constructor(private readonly options: SelectionLoaderOptions) {}

  get sourceNames(): string[] {
    return this.options.sources.map((s) => s.name);
  }

  async load(args: SelectionArgs, notes: string[] = []): Promise<LoadedSelection> {
    const named = this.pickSource(args.source);
    const { source } = named;
    const matchers = parseMatchers(args.labels);
    const range = this.range(args.from, args.to);
    const service = await this.service(source, args.service, range);
    const type = args.type ?? (await this.defaultType(source, service, range));
    if (matchers.length > 0 && source.kind !== 'store') {
      throw new ToolInputError(`label filters are applied to the local store's profiles only for now; '${named.name}' (${source.displayName}) merges on the server`);
    }
    const fetched = await source.fetchProfiles({ service, type, versions: args.version ? [args.version] : undefined, range }, { signal: this.options.signal });
    const kept = fetched.length > MAX_PROFILES ? fetched.slice(fetched.length - MAX_PROFILES) : fetched;
    if (kept.length < fetched.length) notes.push(`${fetched.length} profiles match; the newest ${MAX_PROFILES} are used (narrow the time range for others)`);
    const sampleType = canonicalTypeInfo(type)?.sampleType ?? sampleTypeFor(type);
    // Any format a store or server hands over; of a file holding several kinds (JFR), the kind with the sample type.
    let decoded = kept.flatMap((f) => profilesOfType([readProfiles(f.bytes, f.origin, this.options.limits)], sampleType || undefined).map((profile) => ({ fetched: f, profile })));
    if (matchers.length > 0) {
      let keptSamples = 0;
      let allSamples = 0;
      const filtered = decoded.map((d) => {
        const r = filterByLabels(d.profile, matchers);
        keptSamples += r.kept;
        allSamples += r.of;
        return { fetched: d.fetched, profile: r.profile };
      });
      if (keptSamples === 0) throw new ToolInputError(`the label filter ${args.labels} matches none of the ${allSamples} samples of ${service} ${type}`);
      notes.push(`the label filter keeps ${keptSamples} of ${allSamples} samples`);
      decoded = filtered;
    }
    return {
      profiles: decoded.map((d) => d.profile),
      sampleType,
      description: describe(named.name, service, type, args.version, kept, range, args.labels),
      notes,
      history: decoded.map((d) => ({ timeMs: d.fetched.timeMs, version: d.fetched.version, profile: d.profile })),
    };
  }

  private pickSource(name: string | undefined): NamedSource {
    const { sources } = this.options;
    if (name === undefined || name === '') return sources[0];
    const found = sources.find((s) => s.name === name);
    if (!found) throw new ToolInputError(`no source named '${clipArg(name)}'; the configured sources are: ${sources.map((s) => s.name).join(', ')}`);
    return found;
  }

  private range(from: string | undefined, to: string | undefined): TimeRange | undefined {
    if (from === undefined && to === undefined) return undefined;
    const now = (this.options.now ?? Date.now)();
    const toMs = to === undefined ? now : parseTimeSpec(to, now);
    if (toMs === undefined) throw new ToolInputError(`'to': cannot read '${clipArg(to!)}' as a time (now, now-1h, 2026-08-01T10:00:00Z, Unix seconds or ms)`);
    const fromMs = from === undefined ? toMs - 3_600_000 : parseTimeSpec(from, now);
    if (fromMs === undefined) throw new ToolInputError(`'from': cannot read '${clipArg(from!)}' as a time (now-1h, 2026-08-01T10:00:00Z, Unix seconds or ms)`);
    if (fromMs >= toMs) throw new ToolInputError("'from' must be before 'to'");
    return { fromMs, toMs };
  }

  private async service(source: ProfileSource, asked: string | undefined, range: TimeRange | undefined): Promise<string> {
    const services = await source.listServices({ range, signal: this.options.signal });
    const some = () => `${services.slice(0, 30).join(', ')}${services.length > 30 ? ', …' : ''}`;
    if (asked !== undefined) {
      if (services.includes(asked)) return asked;
      throw new ToolInputError(`${source.displayName} has no service '${clipArg(asked)}'${range ? ' in that time range' : ''}${services.length > 0 ? `; it has: ${some()}` : ''}`);
    }
    if (services.length === 1) return services[0];
    const mine = this.options.workspaceService;
    if (mine !== undefined && services.includes(mine)) return mine;
    if (services.length === 0) throw new ToolInputError(`${source.displayName} has no profiles${range ? ' in that time range' : ''}`);
    throw new ToolInputError(`give 'service': ${source.displayName} has ${services.length} services: ${some()}`);
  }

  private async defaultType(source: ProfileSource, service: string, range: TimeRange | undefined): Promise<string> {
    const types = (await source.listProfileTypes(service, { range, signal: this.options.signal })).map((t) => t.type);
    if (types.length === 0) throw new ToolInputError(`${source.displayName} has no profile types for service '${clipArg(service)}'`);
    return types.includes('cpu') ? 'cpu' : types[0];
  }
}

function parseMatchers(text: string | undefined): LabelMatcher[] {
  if (text === undefined || text.trim() === '' || text.trim() === '{}') return [];
  try {
    return parseLabelFilter(text);
  } catch (e) {
    if (e instanceof FilterError) throw new ToolInputError(e.message);
    throw e;
  }
}

function describe(source: string, service: string, type: string, version: string | undefined, fetched: readonly FetchedProfile[], range: TimeRange | undefined, labels: string | undefined): string {
  const versions = [...new Set(fetched.map((f) => f.version))];
  const times = fetched.map((f) => f.timeMs);
  const span = range ? describeRange(range) : times.length > 0 ? describeRange({ fromMs: Math.min(...times), toMs: Math.max(...times) }) : '';
  return [
    `source ${source}`,
    `service ${service}`,
    `type ${type}`,
    version ? `version ${version}` : `version${versions.length > 1 ? 's' : ''} ${versions.slice(0, 5).join(', ')}${versions.length > 5 ? ', …' : ''}`,
    `${fetched.length} profile${fetched.length === 1 ? '' : 's'}${span ? ` over ${span}` : ''}`,
    ...(labels ? [`labels ${labels}`] : []),
  ].join(', ');
}

export function clipArg(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
