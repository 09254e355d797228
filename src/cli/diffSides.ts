/**
 * The two sides of `perflens diff` / `perflens check` as selections: each side is a set of profiles (files, or a
 * source's service with versions) narrowed by a time range and a label filter — so any two selections compare:
 * two releases, last hour vs the same hour yesterday, one endpoint vs the others, canary vs baseline. A side with
 * no files of its own takes the other side's (one model, two queries). Each side is the engine's query (time range,
 * label filter, and the frame filter both sides share) on its model; Pyroscope and Parca apply the label filter in
 * their own query instead.
 */
import type { SideQuery } from '../core/diff/releaseDiff';
import { checkSideSelected, EmptySideError } from '../core/diff/sideSelection';
import { buildModel } from '../core/model/buildModel';
import { readModel } from '../core/model/readModel';
import type { ProfileModel } from '../core/model/types';
import { FilterError } from '../core/query/filtersError';
import { formatFrameFilter, isFrameFilterActive, type FrameFilter } from '../core/query/filters';
import { formatLabelFilter, parseLabelFilter, type LabelMatcher } from '../core/query/labels';
import type { Selection } from '../core/query/types';
import { readProfiles } from '../core/readers';
import { profilesOfType } from '../core/readers/groups';
import { parseRange } from '../sources/cli-options';
import type { ProfileSource, TimeRange } from '../sources/types';
import { FILTER_OPTIONS, queryFromFlags } from './filterArgs';

const { focus, ignore, hide, show, 'show-from': showFrom, preset } = FILTER_OPTIONS;

export const SIDE_OPTIONS = {
  labels: { type: 'string', multiple: true },
  'base-labels': { type: 'string', multiple: true },
  'head-labels': { type: 'string', multiple: true },
  'base-from': { type: 'string' },
  'base-to': { type: 'string' },
  'head-from': { type: 'string' },
  'head-to': { type: 'string' },
  source: { type: 'string' },
  'base-source': { type: 'string' },
  'head-source': { type: 'string' },
  service: { type: 'string' },
  'base-version': { type: 'string', multiple: true },
  'head-version': { type: 'string', multiple: true },
  focus, ignore, hide, show, 'show-from': showFrom, preset,
} as const;

/** The options above that take a value (so that the value is not read as a profile file). */
export const SIDE_VALUE_OPTIONS = Object.keys(SIDE_OPTIONS).map((name) => `--${name}`);

export const SIDE_HELP = `Selections (each side is a set of profiles narrowed by time and labels; any two compare):
  --labels SEL          Both sides: only samples whose labels match ('{region="eu"}'; =, !=, =~, !~). Repeatable.
  --base-labels SEL     The base side only (with the same files on both sides: one endpoint vs the others,
  --head-labels SEL     canary vs baseline). Repeatable; all must hold.
  --base-from T, --base-to T, --head-from T, --head-to T
                        Only profiles taken in that period (now-1h, now-25h, 2026-08-01T10:00:00Z, unix s or ms):
                        last hour vs the same hour yesterday, peak vs normal. With files, the profiles' time stamps.
  --source SRC --service S
                        Fetch both sides from a source (a store folder, pyroscope+https://…, parca+https://…) instead
                        of files; --type is required; Pyroscope and Parca apply the label filters in their query.
  --base-source SRC, --head-source SRC
                        One side from its own source: the local store against a Pyroscope server, staging against
                        prod (the other side from --source, or from its files). Both take --service and --type.
                        Two different servers get credentials of their own, never each other's: PERFLENS_BASE_TOKEN,
                        PERFLENS_HEAD_TOKEN (…_BASIC_AUTH, …_TENANT); PERFLENS_TOKEN and the like are then refused.
                        One Pyroscope server on both sides as two tenants: PERFLENS_BASE_TENANT, PERFLENS_HEAD_TENANT
                        (its credentials, PERFLENS_TOKEN or PERFLENS_BASIC_AUTH, go to both).
  --base-version V, --head-version V
                        With a source: the side's versions (repeatable; default: every version in the period).
  --focus, --ignore, --hide, --show, --show-from RE, --preset NAME
                        Both sides: the frame filters of 'perflens top' (go tool pprof's), e.g. one handler's stacks.
  --preset app-only     With --root: my code only, as the editor's "My Code Only": every run of dependency, runtime
                        or unmapped frames becomes one frame of its kind ([dependency code], [runtime]…) on both sides.
A side without files of its own (no --base or no --head) uses the other side's files.`;

export interface SideFlags {
  labels?: string[];
  'base-labels'?: string[];
  'head-labels'?: string[];
  'base-from'?: string;
  'base-to'?: string;
  'head-from'?: string;
  'head-to'?: string;
  source?: string;
  'base-source'?: string;
  'head-source'?: string;
  service?: string;
  'base-version'?: string[];
  'head-version'?: string[];
  focus?: string;
  ignore?: string;
  hide?: string;
  show?: string;
  'show-from'?: string;
  preset?: string[];
}

export interface SideSelection {
  /** The side's profile files; none when it comes from a source. */
  readonly files: readonly string[];
  /** The source the side is fetched from (a store folder, pyroscope+https://…), with SideSelections.service. */
  readonly source?: string;
  readonly labels: readonly LabelMatcher[];
  readonly range?: TimeRange;
  readonly versions?: readonly string[];
  /** Frame filters (both sides the same). */
  readonly frames?: FrameFilter;
}

export interface SideSelections {
  readonly base: SideSelection;
  readonly head: SideSelection;
  /** The service a side from a source is fetched for (--service). */
  readonly service?: string;
}

/** The selections the flags ask for, or the usage error. */
export function sideSelections(sides: { readonly base: readonly string[]; readonly head: readonly string[] }, flags: SideFlags, type: string | undefined, nowMs: number): SideSelections | { error: string } {
  let labels: { base: LabelMatcher[]; head: LabelMatcher[] };
  try {
    const both = (flags.labels ?? []).flatMap((t) => parseLabelFilter(t));
    labels = {
      base: [...both, ...(flags['base-labels'] ?? []).flatMap((t) => parseLabelFilter(t))],
      head: [...both, ...(flags['head-labels'] ?? []).flatMap((t) => parseLabelFilter(t))],
    };
  } catch (e) {
    if (e instanceof FilterError) return { error: e.message };
    throw e;
  }
  const ranges = { base: parseRange(flags['base-from'], flags['base-to'], nowMs), head: parseRange(flags['head-from'], flags['head-to'], nowMs) };
  for (const side of ['base', 'head'] as const) {
    const r = ranges[side];
    if (r && 'error' in r) return { error: r.error.replace(/^--(from|to)/, `--${side}-$1`) };
  }
  const range = (side: 'base' | 'head') => ranges[side] as TimeRange | undefined;
  const frameQuery = queryFromFlags({ focus: flags.focus, ignore: flags.ignore, hide: flags.hide, show: flags.show, 'show-from': flags['show-from'], preset: flags.preset }, true);
  if ('error' in frameQuery) return frameQuery;
  const frames = isFrameFilterActive(frameQuery.frames)
    ? { frames: Object.fromEntries(Object.entries(frameQuery.frames!).filter(([, v]) => v !== undefined)) as FrameFilter } : {};
  const sourceOf = { base: flags['base-source'] ?? flags.source, head: flags['head-source'] ?? flags.source };
  if (sourceOf.base !== undefined || sourceOf.head !== undefined) {
    if (flags.source !== undefined && flags['base-source'] === undefined && flags['head-source'] === undefined && (sides.base.length > 0 || sides.head.length > 0)) {
      return { error: 'give profile files (--base/--head) or --source, not both' };
    }
    for (const side of ['base', 'head'] as const) {
      if (sourceOf[side] === '') return { error: `--${flags[`${side}-source`] !== undefined ? `${side}-` : ''}source needs a source: a store folder, pyroscope+https://…, parca+https://…` };
      if (sourceOf[side] !== undefined && sides[side].length > 0) return { error: `give the ${side} side's profile files (--${side}) or its source (--${side}-source, --source), not both` };
      if (sourceOf[side] === undefined && sides[side].length === 0) return { error: `the ${side} side needs its profile files (--${side}) or a source (--${side}-source, --source)` };
      if (sourceOf[side] === undefined && flags[`${side}-version`] !== undefined) return { error: `--${side}-version goes with a source for the ${side} side (--${side}-source, --source)` };
    }
    const what = flags.source !== undefined ? '--source' : flags['base-source'] !== undefined ? '--base-source' : '--head-source';
    if (!flags.service) return { error: `${what} needs --service` };
    if (!type) return { error: `${what} needs --type` };
    const side = (name: 'base' | 'head'): SideSelection => (sourceOf[name] !== undefined
      ? { files: [], source: sourceOf[name], labels: labels[name], range: range(name), versions: flags[`${name}-version`], ...frames }
      : { files: sides[name], labels: labels[name], range: range(name), ...frames });
    return { base: side('base'), head: side('head'), service: flags.service };
  }
  for (const flag of ['service', 'base-version', 'head-version'] as const) if (flags[flag] !== undefined) return { error: `--${flag} goes with a source (--source, --base-source, --head-source)` };
  if (sides.base.length === 0 && sides.head.length === 0) return { error: '--base <profile...> is required' };
  const baseFiles = sides.base.length > 0 ? sides.base : sides.head;
  const headFiles = sides.head.length > 0 ? sides.head : sides.base;
  const sameFiles = sides.base.length === 0 || sides.head.length === 0;
  if (sameFiles && formatLabelFilter(labels.base) === formatLabelFilter(labels.head) && JSON.stringify(range('base')) === JSON.stringify(range('head'))) {
    return { error: sides.base.length === 0 ? '--base <profile...> is required (or select the sides apart: --base-labels/--head-labels, --base-from/--head-from)' : '--head <profile...> is required (or select the sides apart: --base-labels/--head-labels, --base-from/--head-from)' };
  }
  return { base: { files: baseFiles, labels: labels.base, range: range('base'), ...frames }, head: { files: headFiles, labels: labels.head, range: range('head'), ...frames } };
}

export { EmptySideError };

export interface SideModel {
  readonly model: ProfileModel;
  /** The side's selection as the engine's query (its label filter left out when the source applied it). */
  readonly query: SideQuery;
}

/**
 * Each side's model and query: files are read once when both sides have the same (two queries on one model);
 * a side from a source is fetched from its own (`sources`) with the side's versions, period and label filter.
 * Throws ProfileError, SourceError or EmptySideError.
 */
export async function loadSideModels(selections: SideSelections, type: string | undefined, sources: { readonly base?: ProfileSource; readonly head?: ProfileSource } = {}): Promise<{ base: SideModel; head: SideModel }> {
  const fetch = async (selection: SideSelection, source: ProfileSource): Promise<SideModel> => {
    const fetched = await source.fetchProfiles({ service: selections.service!, type: type!, versions: selection.versions, range: selection.range, labels: selection.labels });
    const byServer = fetched.every((p) => p.labels !== undefined);
    const model = buildModel(profilesOfType(fetched.map((p) => readProfiles(p.bytes, p.origin)), type));
    // The source answered for the period: the profiles' own time stamps select nothing more.
    return { model, query: { ...(byServer ? {} : { labels: selection.labels }), frames: selection.frames } };
  };
  const models = new Map<string, ProfileModel>();
  const modelOf = (files: readonly string[]) => {
    const key = JSON.stringify(files);
    if (!models.has(key)) models.set(key, readModel(files, {}, type));
    return models.get(key)!;
  };
  const side = async (name: 'base' | 'head', selection: SideSelection): Promise<SideModel> => {
    if (selection.source !== undefined) {
      const source = sources[name];
      if (!source) throw new Error(`no source was made for ${selection.source}`);
      return fetch(selection, source);
    }
    const model = modelOf(selection.files);
    if (selection.range) {
      const undated = model.profiles.timeNanos.findIndex((t) => !(t > 0));
      if (undated >= 0) throw new EmptySideError(`${model.profiles.source[undated]} has no time stamp: --${name}-from/--${name}-to need profiles that say when they were taken`);
    }
    return { model, query: { labels: selection.labels, frames: selection.frames, ...(selection.range ? { timeRange: { startMs: selection.range.fromMs, endMs: selection.range.toMs } } : {}) } };
  };
  return { base: await side('base', selections.base), head: await side('head', selections.head) };
}

/** Refuses a side whose selection kept no profile or no sample. */
export function checkSelected(name: 'base' | 'head', selection: SideSelection, selected: Selection): void {
  checkSideSelected(`the ${name} side`, selection, selected);
}

/**
 * How a side was selected, for the report: "2 profiles merged, {endpoint="x"}, 10:00–11:00"; a side from a source
 * names its service (and, when the sides come from two sources, the source).
 */
export function describeSelection(selection: SideSelection, selections: Pick<SideSelections, 'service' | 'base' | 'head'>): string {
  const twoSources = selections.base.source !== selections.head.source;
  const parts = [
    selection.source !== undefined
      ? `${selections.service}${selection.versions?.length ? ` ${selection.versions.join(', ')}` : ''}${twoSources ? ` from ${selection.source}` : ''}`
      : selection.files.length === 1 ? selection.files[0] : `${selection.files.length} profiles merged`,
  ];
  if (selection.labels.length > 0) parts.push(formatLabelFilter(selection.labels));
  if (isFrameFilterActive(selection.frames)) parts.push(formatFrameFilter(selection.frames!));
  if (selection.range) parts.push(`${new Date(selection.range.fromMs).toISOString()} .. ${new Date(selection.range.toMs).toISOString()}`);
  return parts.join(', ');
}
