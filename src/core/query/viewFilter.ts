/**
 * The filters a person puts on what they look at — label matchers and a frame filter — as one value, shared by every
 * view that shows a selection (the editor's heat and flame graph, each side of a comparison) and by what reproduces
 * it (a link, a `perflens` command line, the workspace's saved state).
 *
 * Saved and carried as text (`ViewFilterText`: each part in its own text form, labels.ts and filters.ts), so what is
 * stored is what a person could type, and a stored filter is checked again when it is read back.
 */
import { FRAME_OPTION_NAMES, FRAME_PATTERN_OPTIONS, formatFrameFilter, isFrameFilterActive, parseFrameFilter, type FrameFilter } from './filters';
import { APP_ONLY_PRESET, noisePreset } from './filtersPresets';
import { formatLabelFilter, formatLabelMatcher, parseLabelFilter, type LabelMatcher } from './labels';

export interface ViewFilter {
  /** All must hold (labels.ts). */
  readonly labels: readonly LabelMatcher[];
  /** Frame filters and presets (filters.ts); undefined or inactive: none. */
  readonly frames?: FrameFilter;
}

/** A filter as text: what workspace state and messages keep. */
export interface ViewFilterText {
  readonly labels: string;
  readonly frames: string;
}

export const NO_FILTER: ViewFilter = { labels: [] };

export function isViewFilterActive(f: ViewFilter | undefined): boolean {
  return f !== undefined && (f.labels.length > 0 || isFrameFilterActive(f.frames));
}

export function formatViewFilter(f: ViewFilter): ViewFilterText {
  return { labels: formatLabelFilter(f.labels), frames: f.frames ? formatFrameFilter(f.frames) : '' };
}

/** Reads a filter back from its text form; throws FilterError naming the part that is wrong. */
export function parseViewFilter(text: Partial<ViewFilterText>): ViewFilter {
  const labels = parseLabelFilter(text.labels ?? '');
  const frames = text.frames ? parseFrameFilter(text.frames) : undefined;
  return isFrameFilterActive(frames) ? { labels, frames } : { labels };
}

/** The same filter (same matchers in the same order, same frame filter). */
export function sameViewFilter(a: ViewFilter, b: ViewFilter): boolean {
  const x = formatViewFilter(a);
  const y = formatViewFilter(b);
  return x.labels === y.labels && x.frames === y.frames;
}

/** One key for caches: "" when the filter does nothing. */
export function viewFilterKey(f: ViewFilter | undefined): string {
  if (!isViewFilterActive(f)) return '';
  const t = formatViewFilter(f!);
  return `${t.labels}|${t.frames}`;
}

/** The filter's parts as a person reads them, one chip each: `endpoint="POST /checkout"`, `hide ^runtime\.`, `my code only`. */
export function viewFilterChips(f: ViewFilter): string[] {
  const chips = f.labels.map(formatLabelMatcher);
  const frames = f.frames;
  if (frames) {
    for (const o of FRAME_PATTERN_OPTIONS) {
      const pattern = frames[o];
      if (pattern) chips.push(`${FRAME_OPTION_NAMES[o]} ${pattern}`);
    }
    for (const p of new Set(frames.presets ?? [])) chips.push(p === APP_ONLY_PRESET ? 'my code only' : `no ${noisePreset(p)?.title.split(':')[0] ?? p} noise`);
  }
  return chips;
}

/**
 * The `perflens top` options that apply the same filter (one argument per array element, unquoted). `app-only`
 * has no CLI form (it needs a workspace) and is left out: the caller says so.
 */
export function viewFilterArgs(f: ViewFilter): string[] {
  const args: string[] = [];
  if (f.labels.length > 0) args.push('--labels', formatLabelFilter(f.labels));
  const frames = f.frames;
  if (frames) {
    for (const o of FRAME_PATTERN_OPTIONS) {
      const pattern = frames[o];
      if (pattern) args.push(`--${FRAME_OPTION_NAMES[o].replace('_', '-')}`, pattern);
    }
    for (const p of new Set(frames.presets ?? [])) if (p !== APP_ONLY_PRESET) args.push('--preset', p);
  }
  return args;
}

/** The filter with a frame option set (an empty pattern removes it) or a preset turned on or off. */
export function withFrames(f: ViewFilter, change: Partial<Omit<FrameFilter, 'presets'>> & { readonly preset?: { readonly id: string; readonly on: boolean } }): ViewFilter {
  const { preset, ...patterns } = change;
  const frames: { -readonly [K in keyof FrameFilter]: FrameFilter[K] } = { ...f.frames };
  for (const [k, v] of Object.entries(patterns) as [keyof typeof patterns, string | undefined][]) {
    if (v) frames[k] = v;
    else delete frames[k];
  }
  if (preset) {
    const list = (frames.presets ?? []).filter((p) => p !== preset.id);
    frames.presets = preset.on ? [...list, preset.id] : list;
    if (frames.presets.length === 0) delete frames.presets;
  }
  return isFrameFilterActive(frames) ? { labels: f.labels, frames } : { labels: f.labels };
}
