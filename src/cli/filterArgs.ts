/**
 * The filter options every command that reads profiles takes (top now; diff, check and the agent tools share
 * them): label filters, pprof's frame and tag filters, presets, group-by — turned into the query's fields, with
 * one usage error line for what cannot be read.
 */
import { FilterError } from '../core/query/filtersError';
import { compileFrameFilter, formatFrameFilter, type FrameFilter } from '../core/query/filters';
import { PRESET_IDS } from '../core/query/filtersPresets';
import { formatLabelFilter, parseLabelFilter, type LabelMatcher } from '../core/query/labels';
import { readId, spanMatchers, type SpanIds } from '../core/query/spans';
import type { ProfileQuery } from '../core/query/types';

export const FILTER_OPTIONS = {
  labels: { type: 'string', multiple: true },
  span: { type: 'string', multiple: true },
  trace: { type: 'string', multiple: true },
  focus: { type: 'string' },
  ignore: { type: 'string' },
  hide: { type: 'string' },
  show: { type: 'string' },
  'show-from': { type: 'string' },
  tagfocus: { type: 'string' },
  tagignore: { type: 'string' },
  preset: { type: 'string', multiple: true },
  'group-by': { type: 'string' },
  'group-top': { type: 'string' },
} as const;

export const FILTER_HELP = `Filters (as go tool pprof's; a sample left with no frame is dropped):
  --labels SELECTOR  Only samples whose labels match, e.g. '{endpoint="POST /checkout",region=~"eu-.*"}'
                  (=, !=, =~, !~; regular expressions match the whole value; a missing label is ""). Repeatable:
                  all must hold.
  --span ID       Only the samples of this span (16 hex digits): those whose span_id label is ID, as
                  OpenTelemetry's Go profiling, Pyroscope span profiles and OTLP trace links write it. Repeatable:
                  any of them.
  --trace ID      Only the samples of this trace (32 hex digits, its trace_id label). Repeatable.
  --focus RE      Only samples with a frame whose function, file or binary matches RE (pprof -focus).
  --ignore RE     Drop samples with a frame that matches RE (-ignore).
  --hide RE       Remove the frames that match RE from every stack (-hide).
  --show RE       Keep only the frames that match RE (-show).
  --show-from RE  Drop the frames above the outermost frame that matches RE (-show_from).
  --tagfocus F    pprof's -tagfocus: [KEY=]REGEX[,REGEX] or [KEY=]RANGE (32kb, :64kb, 4mb:, 12kb:64mb).
  --tagignore F   pprof's -tagignore, same syntax.
  --preset NAME   Drop a runtime's noise: ${PRESET_IDS.filter((p) => p !== 'app-only').join(', ')}. Repeatable.
  --group-by KEY  Split by a label's values: one root row per value (the costliest --group-top, default 20, then
                  'other', then samples without the label).
Regular expressions are Go's (RE2). Shares are of the whole profile (the total before filters), as pprof's.`;

export interface FilterFlags {
  labels?: string[];
  span?: string[];
  trace?: string[];
  focus?: string;
  ignore?: string;
  hide?: string;
  show?: string;
  'show-from'?: string;
  tagfocus?: string;
  tagignore?: string;
  preset?: string[];
  'group-by'?: string;
  'group-top'?: string;
}

export type FlagQuery = Pick<ProfileQuery, 'labels' | 'frames' | 'tagFocus' | 'tagIgnore' | 'groupBy' | 'groupTop'> & {
  /** --span / --trace (their matchers are in `labels` too). */
  readonly spans?: SpanIds;
  /** The --labels matchers alone. */
  readonly labelFilter: readonly LabelMatcher[];
};

/**
 * The query fields the flags ask for, or the usage error.
 * @param appOnly whether `--preset app-only` ("my code only") may be asked for: by a command that takes the workspace (--root)
 */
export function queryFromFlags(values: FilterFlags, appOnly = false): FlagQuery | { error: string } {
  try {
    const ids = (what: 'span' | 'trace', texts: readonly string[] | undefined) => (texts ?? []).map((t) => readId(t, what));
    const spanIds = ids('span', values.span);
    const traceIds = ids('trace', values.trace);
    const bad = [...spanIds, ...traceIds].find((r) => typeof r !== 'string');
    if (bad && typeof bad !== 'string') return { error: `--${spanIds.includes(bad) ? 'span' : 'trace'}: ${bad.error}` };
    const spans = spanIds.length + traceIds.length > 0 ? { spanIds: spanIds as string[], traceIds: traceIds as string[] } : undefined;
    const labelFilter: LabelMatcher[] = (values.labels ?? []).flatMap((text) => parseLabelFilter(text));
    const labels = [...labelFilter, ...spanMatchers(spans)];
    const frames: FrameFilter = { focus: values.focus, ignore: values.ignore, hide: values.hide, show: values.show, showFrom: values['show-from'], presets: values.preset };
    compileFrameFilter(frames);
    if (!appOnly && (values.preset ?? []).includes('app-only')) return { error: '--preset app-only needs a workspace; it is for the editor and perflens diff/check --root' };
    let groupTop: number | undefined;
    if (values['group-top'] !== undefined) {
      if (!/^[1-9]\d*$/.test(values['group-top'])) return { error: `--group-top must be a whole number of at least 1, not '${values['group-top']}'` };
      groupTop = Number(values['group-top']);
    }
    if (values['group-top'] !== undefined && values['group-by'] === undefined) return { error: '--group-top goes with --group-by' };
    if (values['group-by'] === '') return { error: '--group-by needs a label key' };
    return { labels, labelFilter, ...(spans ? { spans } : {}), frames, tagFocus: values.tagfocus, tagIgnore: values.tagignore, groupBy: values['group-by'], groupTop };
  } catch (e) {
    if (e instanceof FilterError) return { error: e.message };
    throw e;
  }
}

/** The active filters in one line, in their text forms (empty when none). */
export function describeFilters(q: Pick<ProfileQuery, 'labels' | 'frames' | 'tagFocus' | 'tagIgnore' | 'groupBy'>): string {
  const parts: string[] = [];
  if (q.labels && q.labels.length > 0) parts.push(`labels ${formatLabelFilter(q.labels)}`);
  const frames = q.frames ? formatFrameFilter(q.frames) : '';
  if (frames) parts.push(`frames ${frames}`);
  if (q.tagFocus) parts.push(`tagfocus ${JSON.stringify(q.tagFocus)}`);
  if (q.tagIgnore) parts.push(`tagignore ${JSON.stringify(q.tagIgnore)}`);
  if (q.groupBy) parts.push(`grouped by ${q.groupBy}`);
  return parts.join('; ');
}
