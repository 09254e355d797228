// A comparison of any two selections, as the editor asks for it and shows it: each side is (source, service,
// versions, time range, label filter, frame filter) of one profile type. What the panel's header says about each
// side, the presets' sides, and the `perflens diff` command line that reproduces it. Pure: no vscode.
import { formatFrameFilter, isFrameFilterActive, type FrameFilter } from '../../core/query/filters';
import { formatLabelFilter, type LabelMatcher, type LabelOp } from '../../core/query/labels';
import { viewFilterArgs } from '../../core/query/viewFilter';
import { APP_ONLY_PRESET } from '../../core/query/filtersPresets';
import { withoutAppOnly } from '../../core/diff/appOnly';
import { describeSpan, describeWindow } from '../timeRange/rangeChoice';

export interface ComparisonSource {
  /** The configured source's name ("Local store", "prod"): for people, not unique. */
  readonly name: string;
  /** What `perflens --source` takes: the store folder, or the server's URL (pyroscope+https://…). */
  readonly spec: string;
  readonly kind: string;
  /**
   * What a link names the source by: a server's base URL (scheme, host, port, path: one per server, and the same on
   * a colleague's machine whatever they call it), a store's name (a folder never goes in a link).
   */
  readonly id: string;
  /** The Pyroscope tenant (X-Scope-OrgID) read: routing, not a secret, so links and commands carry it. */
  readonly tenant?: string;
  /** The Parca project read. */
  readonly project?: string;
}

/** Whether two sides read the same configured source (two sources may share a name, a server's URL, or both). */
export function sameSource(a: ComparisonSource, b: ComparisonSource): boolean {
  return a.id === b.id && a.spec === b.spec && a.name === b.name && a.tenant === b.tenant && a.project === b.project;
}

/**
 * A source as a side's label names it beside the other side's: its name, with where it is (two servers of one
 * name) or whose data (two tenants or projects of one server, one name) when the names do not tell them apart.
 */
export function sourceLabel(source: ComparisonSource, other: ComparisonSource): string {
  if (source.name !== other.name) return source.name;
  if (source.id !== other.id || source.spec !== other.spec) return `${source.name} (${source.spec})`;
  if (source.tenant !== other.tenant) return `${source.name} (${source.tenant !== undefined ? `tenant ${source.tenant}` : 'no tenant'})`;
  if (source.project !== other.project) return `${source.name} (${source.project !== undefined ? `project ${source.project}` : 'no project'})`;
  return source.name;
}

export interface CompareSide {
  readonly source: ComparisonSource;
  readonly service: string;
  /** The source's profile type (`cpu`), and the sample type compared. */
  readonly type: string;
  readonly sampleType: string;
  /** Only these versions; none: every version in the range. */
  readonly versions?: readonly string[];
  /** Only profiles taken in [fromMs, toMs). */
  readonly range?: { readonly fromMs: number; readonly toMs: number };
  /** How the range was chosen, in words ("last hour", "same hour yesterday"); the window itself otherwise. */
  readonly rangeName?: string;
  readonly labels: readonly LabelMatcher[];
  /** Frame filters and presets ("my code only" too: each side is mapped onto the workspace first). */
  readonly frames?: FrameFilter;
}

export interface Comparison {
  readonly base: CompareSide;
  readonly head: CompareSide;
  /** What the user asked for ("last hour vs the same hour yesterday"), for the title. */
  readonly preset: string;
  /** Two releases compared (the release diff). */
  readonly releases?: boolean;
}

/** The side's selection in a few words: what tells it apart from the other side comes first. */
export function sideLabel(side: CompareSide, other?: CompareSide): string {
  const parts: string[] = [];
  const same = (a: unknown, b: unknown) => other !== undefined && JSON.stringify(a) === JSON.stringify(b);
  if (other && !sameSource(side.source, other.source)) parts.push(sourceLabel(side.source, other.source));
  if (side.versions?.length && !same(side.versions, other?.versions)) parts.push(side.versions.join(', '));
  if (side.range && !same(side.range, other?.range)) parts.push(side.rangeName ?? describeWindow(side.range.fromMs, side.range.toMs));
  if (side.labels.length > 0 && !same(side.labels, other?.labels)) parts.push(formatLabelFilter(side.labels));
  if (isFrameFilterActive(side.frames) && !same(side.frames, other?.frames)) parts.push(framesText(side.frames!));
  if (parts.length === 0 && side.labels.length === 0 && other && other.labels.length > 0) parts.push('all samples');
  return parts.length > 0 ? parts.join(' · ') : side.versions?.length ? side.versions.join(', ') : 'all profiles';
}

/**
 * Every part of a side, for the panel's header: [what, value] pairs, all profile text as text.
 * @param appOnlyLeftOut "my code only" was asked but not applied (no workspace folder): said instead
 * @param other the other side: its source named alike makes this one's say which it is, as the labels do
 */
export function sideDetails(side: CompareSide, appOnlyLeftOut = false, other?: CompareSide): [string, string][] {
  const { tenant, project } = side.source;
  const rows: [string, string][] = [
    ['source', other ? sourceLabel(side.source, other.source) : side.source.name],
    ...(tenant !== undefined ? [['tenant', tenant] as [string, string]] : []),
    ...(project !== undefined ? [['project', project] as [string, string]] : []),
    ['service', side.service],
    ['type', side.sampleType === side.type ? side.type : `${side.type} (${side.sampleType})`],
    ['version', side.versions?.length ? side.versions.join(', ') : 'all versions'],
    ['time', side.range ? `${side.rangeName ? `${side.rangeName}: ` : ''}${describeWindow(side.range.fromMs, side.range.toMs)}` : 'all time'],
    ['labels', side.labels.length > 0 ? formatLabelFilter(side.labels) : 'all samples'],
  ];
  if (appOnlyLeftOut) {
    const rest = withoutAppOnly(side.frames);
    rows.push(['frames', `${isFrameFilterActive(rest) ? `${framesText(rest!)}; ` : ''}"my code only" is not applied: no workspace folder is open to tell your code from the rest, every frame is compared`]);
  } else if (isFrameFilterActive(side.frames)) rows.push(['frames', framesText(side.frames!)]);
  return rows;
}

/** A frame filter as the header says it: its text form, "my code only" in words. */
function framesText(frames: FrameFilter): string {
  const presets = frames.presets?.filter((p) => p !== APP_ONLY_PRESET);
  const rest: FrameFilter = { ...frames, presets };
  const parts = isFrameFilterActive(rest) ? [formatFrameFilter(rest)] : [];
  if (frames.presets?.includes(APP_ONLY_PRESET)) parts.push('my code only');
  return parts.join('; ');
}

/** A shell word: as is when it is plain, else single-quoted (POSIX shells). */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The `perflens diff` command line that makes the same comparison in a terminal: `--source`, or a source per side.
 * Undefined when the sides are of two services or types, or when "my code only" is on without a workspace folder
 * to give as --root.
 */
export function diffCommandLine(c: Comparison, root?: string): string | undefined {
  const { base, head } = c;
  if (base.service !== head.service || base.type !== head.type) return undefined;
  // The CLI has no Parca project option: a command that read another project's data would mislead.
  if (base.source.project !== undefined || head.source.project !== undefined) return undefined;
  const one = sameSource(base.source, head.source);
  const sources = one ? ['--source', base.source.spec] : ['--base-source', base.source.spec, '--head-source', head.source.spec];
  // Each side's tenant in the variable `perflens diff` reads it from (never a token: those stay the user's to set).
  const tenants = one ? [['PERFLENS_TENANT', base.source.tenant]] : [['PERFLENS_BASE_TENANT', base.source.tenant], ['PERFLENS_HEAD_TENANT', head.source.tenant]];
  const env = tenants.filter(([, tenant]) => tenant !== undefined).map(([name, tenant]) => `${name}=${shellWord(tenant!)}`);
  const args = ['perflens', 'diff', ...sources, '--service', base.service, '--type', base.type];
  // The matchers both sides start with (the session's filter) once, as --labels; each side's own after them.
  const shared = commonPrefix(base.labels, head.labels);
  if (shared.length > 0) args.push('--labels', formatLabelFilter(shared));
  for (const [name, side] of [['base', base], ['head', head]] as const) {
    for (const v of side.versions ?? []) args.push(`--${name}-version`, v);
    if (side.range) args.push(`--${name}-from`, new Date(side.range.fromMs).toISOString(), `--${name}-to`, new Date(side.range.toMs).toISOString());
    const own = side.labels.slice(shared.length);
    if (own.length > 0) args.push(`--${name}-labels`, formatLabelFilter(own));
  }
  // One frame filter for both (the session's); "my code only" needs the workspace (--root).
  const frames = head.frames ?? base.frames;
  if (isFrameFilterActive(frames)) args.push(...viewFilterArgs({ labels: [], frames }));
  const appOnly = frames?.presets?.includes(APP_ONLY_PRESET) ?? false;
  if (appOnly && !root) return undefined;
  if (appOnly) args.push('--preset', APP_ONLY_PRESET);
  if (root) args.push('--root', root);
  return [...env, ...args.map(shellWord)].join(' ');
}

/** The matchers both lists start with. */
function commonPrefix(a: readonly LabelMatcher[], b: readonly LabelMatcher[]): LabelMatcher[] {
  let n = 0;
  while (n < a.length && n < b.length && formatLabelFilter([a[n]]) === formatLabelFilter([b[n]])) n++;
  return a.slice(0, n);
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A window of `spanMs` ending now, against the same window `agoMs` earlier (last hour vs the same hour yesterday). */
export function windowsAgo(nowMs: number, spanMs: number, agoMs: number): { base: { fromMs: number; toMs: number }; head: { fromMs: number; toMs: number }; baseName: string; headName: string } {
  const head = { fromMs: nowMs - spanMs, toMs: nowMs };
  const base = { fromMs: head.fromMs - agoMs, toMs: head.toMs - agoMs };
  const span = describeSpan(spanMs);
  const ago = agoMs === DAY ? 'yesterday' : agoMs === 7 * DAY ? 'a week ago' : `${describeSpan(agoMs)} earlier`;
  const baseName = agoMs === spanMs ? `the ${span} before` : `the same ${span} ${ago}`;
  return { base, head, baseName, headName: `last ${span}` };
}

export const TIME_PRESETS = [
  { id: 'hourVsYesterday', label: 'Last hour vs the same hour yesterday', spanMs: HOUR, agoMs: DAY },
  { id: 'dayVsWeekAgo', label: 'Last 24 hours vs the same 24 hours a week ago', spanMs: DAY, agoMs: 7 * DAY },
  { id: 'hourVsHourBefore', label: 'Last hour vs the hour before', spanMs: HOUR, agoMs: HOUR },
] as const;

/** The opposite of one matcher: the samples it does not select (the rest, for "this value vs the rest"). */
export function negateMatcher(m: LabelMatcher): LabelMatcher {
  const opposite: Record<LabelOp, LabelOp> = { '=': '!=', '!=': '=', '=~': '!~', '!~': '=~' };
  return { key: m.key, op: opposite[m.op], value: m.value };
}
