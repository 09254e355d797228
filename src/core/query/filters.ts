/**
 * Frame filters: which stacks and frames to keep, with `go tool pprof`'s options and semantics
 * (google/pprof profile/filter.go, internal/driver/driver_focus.go):
 *
 * - focus:     keep only the samples whose stack has a frame matching (pprof `-focus`);
 * - ignore:    drop the samples whose stack has a frame matching (`-ignore`);
 * - hide:      remove the matching frames from every stack, the rest stays in order (`-hide`);
 * - show:      keep only the matching frames (`-show`);
 * - show_from: drop the frames above (rootward of) the outermost matching frame; samples without one go
 *              (`-show_from`);
 * - preset:    named filters (filtersPresets.ts): a runtime's noise (`go-runtime`, `node-runtime`,
 *              `jvm-runtime`, `python-runtime`) or `app-only` ("my code only").
 * The patterns are Go regular expressions, unanchored (`handler` matches `main.handler.func1`), tested against
 * the function's name, its file name and its binary (mapping file), as pprof tests them. A sample left with no
 * frame is dropped.
 *
 * Text form (links, settings): the label filter grammar (labels.ts) with these keys and `=` only:
 * `{focus="main\\.handler",hide="^runtime\\.",preset="go-runtime"}`. `formatFrameFilter` writes it in the order
 * above; `parseFrameFilter` reads it back (braces optional, bare values allowed: `focus=handler, preset=go-runtime`).
 */
import { FilterError } from './filtersError';
import { compileFilterRegexp, type FilterRegexp } from './filtersRegexp';
import { PRESET_IDS } from './filtersPresets';
import { formatLabelFilter, formatLabelMatcher, parseMatcherList, type LabelMatcher } from './labels';

export interface FrameFilter {
  readonly focus?: string;
  readonly ignore?: string;
  readonly hide?: string;
  readonly show?: string;
  readonly showFrom?: string;
  /** Preset ids, in the order given (see filtersPresets.ts). */
  readonly presets?: readonly string[];
}

export type FramePatternOption = 'focus' | 'ignore' | 'hide' | 'show' | 'showFrom';

export const FRAME_PATTERN_OPTIONS: readonly FramePatternOption[] = ['focus', 'ignore', 'hide', 'show', 'showFrom'];

/** How each option is spelled in the text form and in messages (pprof's names). */
export const FRAME_OPTION_NAMES: Readonly<Record<FramePatternOption, string>> = {
  focus: 'focus', ignore: 'ignore', hide: 'hide', show: 'show', showFrom: 'show_from',
};

export type CompiledFrameFilter = { readonly [K in FramePatternOption]?: FilterRegexp } & { readonly presets: readonly string[] };

/** Whether the filter does anything. */
export function isFrameFilterActive(f: FrameFilter | undefined): boolean {
  return f !== undefined && (FRAME_PATTERN_OPTIONS.some((o) => (f[o] ?? '') !== '') || (f.presets?.length ?? 0) > 0);
}

/** Compiles the filter's patterns (an empty pattern is no filter, as in pprof); throws FilterError. */
export function compileFrameFilter(f: FrameFilter): CompiledFrameFilter {
  const out: { -readonly [K in FramePatternOption]?: FilterRegexp } = {};
  for (const o of FRAME_PATTERN_OPTIONS) {
    const pattern = f[o];
    if (pattern !== undefined && pattern !== '') out[o] = compileFilterRegexp(FRAME_OPTION_NAMES[o], pattern);
  }
  const presets = [...new Set(f.presets ?? [])];
  for (const p of presets) {
    if (!PRESET_IDS.includes(p)) throw new FilterError(`preset ${JSON.stringify(p)} is not one of ${PRESET_IDS.join(', ')}`);
  }
  return { ...out, presets };
}

/** The filter's text form; "" when it does nothing. */
export function formatFrameFilter(f: FrameFilter): string {
  const parts: LabelMatcher[] = [];
  for (const o of FRAME_PATTERN_OPTIONS) {
    const pattern = f[o];
    if (pattern !== undefined && pattern !== '') parts.push({ key: FRAME_OPTION_NAMES[o], op: '=', value: pattern });
  }
  for (const p of new Set(f.presets ?? [])) parts.push({ key: 'preset', op: '=', value: p });
  return formatLabelFilter(parts);
}

/** A frame filter from its text form; checks the patterns and presets. Throws FilterError. */
export function parseFrameFilter(text: string): FrameFilter {
  const out: { -readonly [K in FramePatternOption]?: string } & { presets?: string[] } = {};
  for (const m of parseMatcherList(text, 'frame filter')) {
    if (m.op !== '=') throw new FilterError(`frame filter: ${formatLabelMatcher(m)}: frame filters take "=" (the value is a regular expression)`);
    if (m.key === 'preset') {
      (out.presets ??= []).push(m.value);
      continue;
    }
    const option = FRAME_PATTERN_OPTIONS.find((o) => FRAME_OPTION_NAMES[o] === m.key);
    if (!option) throw new FilterError(`frame filter: unknown option ${JSON.stringify(m.key)}; use ${[...Object.values(FRAME_OPTION_NAMES), 'preset'].join(', ')}`);
    if (out[option] !== undefined) throw new FilterError(`frame filter: ${m.key} is given twice; combine the patterns with |`);
    out[option] = m.value;
  }
  compileFrameFilter(out);
  return out;
}
