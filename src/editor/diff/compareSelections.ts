// "PerfLens: Compare...": any two selections of a service's profiles, from the local store or a remote source —
// this release vs the previous, last hour vs the same hour yesterday, last 24 h vs a week ago, two time ranges (the
// range shown, e.g. a peak dragged on the flame graph's timeline, against another), a label value vs the rest
// (canary vs baseline, one endpoint vs all). Every question goes through prompts.ts.
import { formatLabelFilter, parseLabelFilter, type LabelMatcher } from '../../core/query/labels';
import { FilterError } from '../../core/query/filtersError';
import { formatValue } from '../../core/format/units';
import type { TimeRange } from '../../sources';
import { askText, pickOne } from '../prompts';
import { pickLabelMatchers } from '../filters/labelPicker';
import { askCustomRange } from '../timeRange/askRange';
import { CUSTOM_RANGE_DETAIL, CUSTOM_RANGE_LABEL, PRESETS, describeChoice, describeSpan, describeWindow, resolveRange, type RangeChoice } from '../timeRange/rangeChoice';
import { negateMatcher, TIME_PRESETS, windowsAgo, type CompareSide, type Comparison } from './comparison';
import { compareReleases } from './compareReleases';
import { pickTarget, pickTwoTargets, type CompareTarget } from './compareTarget';
import { sessionSide } from './sessionSide';
import { showComparison, type CompareContext } from './showComparison';

const TITLE = 'PerfLens: compare';
const DAY = 86_400_000;

type Preset = 'release' | 'versions' | 'ranges' | 'label' | 'sources' | (typeof TIME_PRESETS)[number]['id'];

const PRESET_ITEMS: readonly { label: string; detail?: string; preset: Preset }[] = [
  { label: 'This release vs the previous release', detail: 'The version deployed from this branch against the release before it', preset: 'release' },
  { label: 'Two versions...', detail: 'Pick both versions', preset: 'versions' },
  ...TIME_PRESETS.map((p) => ({ label: p.label, preset: p.id })),
  { label: 'Two time ranges...', detail: 'Peak vs normal: the range shown (say, dragged on the flame graph\'s timeline) against another', preset: 'ranges' },
  { label: 'A label value vs the rest...', detail: 'Canary vs baseline, one endpoint vs all', preset: 'label' },
  { label: 'Two sources...', detail: 'The same service and time range from two sources: the local store against a Pyroscope server, staging against prod', preset: 'sources' },
];

export async function compareSelections(ctx: CompareContext): Promise<void> {
  const picked = await pickOne(PRESET_ITEMS.map((i) => ({ ...i })), { title: TITLE, placeHolder: 'Compare what?', ignoreFocusOut: true });
  if (!picked) return;
  if (picked.preset === 'sources') return compareSources(ctx);
  const target = await pickTarget(ctx, TITLE, false);
  if (!target) return;
  if (picked.preset === 'release' || picked.preset === 'versions') return compareReleases(ctx, picked.preset === 'versions', target);
  const comparison = await sidesOf(ctx, target, picked.preset, picked.label);
  if (comparison) await showComparison(ctx, comparison, { base: target.source, head: target.source });
}

/** The same service and time range from a source per side: "Local store vs Team Pyroscope". */
async function compareSources(ctx: CompareContext): Promise<void> {
  const targets = await pickTwoTargets(ctx, TITLE);
  if (!targets) return;
  const range = await askHeadRange(ctx.sessionRange?.(), 'The time range to compare, the same on both sides', `${TITLE}: time range`);
  if (!range) return;
  const comparison: Comparison = {
    preset: `${targets.base.entry.name} vs ${targets.head.entry.name}`,
    base: sessionSide(ctx, targets.base, range),
    head: sessionSide(ctx, targets.head, range),
  };
  await showComparison(ctx, comparison, { base: targets.base.source, head: targets.head.source });
}

async function sidesOf(ctx: CompareContext, target: CompareTarget, preset: Exclude<Preset, 'release' | 'versions' | 'sources'>, label: string): Promise<Comparison | undefined> {
  const fixed = TIME_PRESETS.find((p) => p.id === preset);
  if (fixed) {
    const w = windowsAgo(Date.now(), fixed.spanMs, fixed.agoMs);
    return {
      preset: label,
      base: sessionSide(ctx, target, { range: w.base, rangeName: w.baseName }),
      head: sessionSide(ctx, target, { range: w.head, rangeName: w.headName }),
    };
  }
  if (preset === 'ranges') {
    const head = await askHeadRange(ctx.sessionRange?.());
    if (!head) return undefined;
    const base = await askBaseRange(head);
    if (!base) return undefined;
    return { preset: 'two time ranges', base: sessionSide(ctx, target, base), head: sessionSide(ctx, target, head) };
  }
  // The session's samples (or the server they came from) offer their labels when they are this service's.
  const matchers = ctx.origins && ctx.session.current?.profile.service === target.service
    ? await pickLabelMatchers(ctx, ctx.origins, ctx.session.filter.labels)
    : await askLabelFilter(target);
  if (!matchers) return undefined;
  const one = matchers.length === 1 ? matchers[0] : undefined;
  const rest = one && negateMatcher(one);
  const against = await pickOne([
    ...(rest ? [{ label: `vs the rest: ${formatLabelFilter([rest])}`, labels: [rest] }] : []),
    { label: 'vs all samples', labels: [] as LabelMatcher[] },
  ], { title: TITLE, placeHolder: `${formatLabelFilter(matchers)} against what?`, ignoreFocusOut: true });
  if (!against) return undefined;
  // Both sides over the same profiles: the store's range shown (or its newest version), a window for a server.
  const scope = await labelScope(ctx, target);
  if (!scope) return undefined;
  return {
    preset: `${formatLabelFilter(matchers)} ${against.label}`,
    base: sessionSide(ctx, target, { ...scope, labels: against.labels }),
    head: sessionSide(ctx, target, { ...scope, labels: matchers }),
  };
}

type RangePart = Pick<CompareSide, 'range' | 'rangeName'>;

const asRange = (r: TimeRange, rangeName?: string): RangePart => ({ range: { fromMs: r.fromMs, toMs: r.toMs }, rangeName });

/** The "after" range: the range shown when it is a window (dragged on the timeline, picked), a preset, or typed. */
async function askHeadRange(shown: RangeChoice | undefined, placeHolder = 'After: the time range to look at (the peak)', title = `${TITLE}: after`): Promise<RangePart | undefined> {
  const now = Date.now();
  const isWindow = shown?.kind === 'last' || shown?.kind === 'custom';
  const items: { label: string; detail?: string; choice?: RangeChoice }[] = [
    ...(isWindow ? [{ label: `The range shown: ${describeChoice(shown)}`, detail: 'The session\'s time range (the flame graph\'s timeline, Select Time Range...)', choice: shown }] : []),
    ...PRESETS.filter((p) => p.choice.kind === 'last').map((p) => ({ label: p.label, choice: p.choice })),
    { label: CUSTOM_RANGE_LABEL, detail: CUSTOM_RANGE_DETAIL },
  ];
  const picked = await pickOne(items, { title, placeHolder, ignoreFocusOut: true });
  if (!picked) return undefined;
  const choice = picked.choice ?? (await askCustomRange({ title: `${title},`, from: 'now-1h', to: 'now', ignoreFocusOut: true }));
  const range = choice && resolveRange(choice, now);
  return range && asRange(range, choice.kind === 'last' ? describeChoice(choice) : undefined);
}

/** The "before" range: the same range a day or a week earlier, the range just before it, or typed. */
async function askBaseRange(head: RangePart): Promise<RangePart | undefined> {
  const h = head.range!;
  const span = h.toMs - h.fromMs;
  const earlier = (ms: number, name: string) => ({ label: name, description: describeWindow(h.fromMs - ms, h.toMs - ms), range: { fromMs: h.fromMs - ms, toMs: h.toMs - ms } });
  const items: { label: string; description?: string; detail?: string; range?: { fromMs: number; toMs: number } }[] = [
    earlier(span, `The ${describeSpan(span)} just before`),
    earlier(DAY, 'The same range a day earlier'),
    earlier(7 * DAY, 'The same range a week earlier'),
    { label: CUSTOM_RANGE_LABEL, detail: CUSTOM_RANGE_DETAIL },
  ];
  const picked = await pickOne(items, { title: `${TITLE}: before`, placeHolder: 'Before: the time range to compare against (normal)', ignoreFocusOut: true });
  if (!picked) return undefined;
  if (picked.range) return { range: picked.range, rangeName: picked.label.replace(/^The /, 'the ') };
  const choice = await askCustomRange({ title: `${TITLE}: before,`, from: 'now-2h', to: 'now-1h', ignoreFocusOut: true });
  const range = choice && resolveRange(choice, Date.now());
  return range && asRange(range);
}

/**
 * The label filter of the "after" side for a service the session does not show: a server's label names and their values by cost (Pyroscope, Parca), else a
 * filter typed in the label filter language (the store's and pprof's profiles carry their own labels).
 */
async function askLabelFilter(target: CompareTarget): Promise<LabelMatcher[] | undefined> {
  const { source, service, type } = target;
  if (source.listLabelNames && source.listLabelValues) {
    const names = await source.listLabelNames(service, { type: type.type });
    if (names.length > 0) {
      const key = await pickOne(names, { title: TITLE, placeHolder: 'Which label?', ignoreFocusOut: true });
      if (!key) return undefined;
      const list = await source.listLabelValues(service, key, { type: type.type, limit: 50 });
      const more = list.count > list.values.length ? ` (the top ${list.values.length} of ${list.count})` : '';
      const value = await pickOne(list.values.map((v) => ({ label: v.value, description: v.cost !== undefined ? formatValue(v.cost, type.unit ?? '') : undefined })),
        { title: TITLE, placeHolder: `Which value of ${key}?${more}`, ignoreFocusOut: true });
      return value && [{ key, op: '=', value: value.label }];
    }
  }
  const text = await askText({
    title: TITLE, prompt: 'The selection to look at, as a label filter: endpoint="POST /checkout", region=~"eu-.*", canary="true"',
    placeHolder: 'key="value"', ignoreFocusOut: true,
    validateInput: (v) => {
      try {
        return parseLabelFilter(v).length === 0 ? 'Name at least one label: key="value"' : undefined;
      } catch (e) {
        return e instanceof FilterError ? e.message : String(e);
      }
    },
  });
  return text === undefined ? undefined : parseLabelFilter(text);
}

/** The profiles both sides of a label comparison read: the store's range shown, or a window asked for a server. */
async function labelScope(ctx: CompareContext, target: CompareTarget): Promise<Pick<CompareSide, 'range' | 'rangeName' | 'versions'> | undefined> {
  const shown = ctx.sessionRange?.();
  if (target.entry.config.kind === 'store') {
    const range = shown && resolveRange(shown, Date.now());
    if (range) return asRange(range, shown?.kind === 'last' ? describeChoice(shown) : undefined);
    const version = ctx.session.current?.profile.service === target.service ? ctx.session.current.profile.version : undefined;
    return version ? { versions: [version] } : {};
  }
  const items = [
    ...(shown && (shown.kind === 'last' || shown.kind === 'custom') ? [{ label: `The range shown: ${describeChoice(shown)}`, choice: shown }] : []),
    ...PRESETS.filter((p) => p.choice.kind === 'last').map((p) => ({ label: p.label, choice: p.choice as RangeChoice | undefined })),
  ];
  const picked = await pickOne(items, { title: TITLE, placeHolder: 'Over which time range?', ignoreFocusOut: true });
  const range = picked?.choice && resolveRange(picked.choice, Date.now());
  return range && asRange(range, picked.choice?.kind === 'last' ? describeChoice(picked.choice) : undefined);
}
