// A side of a comparison under the session's filter: every preset (releases, time windows, a label value vs the
// rest) compares what the user is looking at — the endpoint's labels, the frame filters — when the session shows
// the compared service.
import { isFrameFilterActive } from '../../core/query/filters';
import { APP_ONLY_PRESET } from '../../core/query/filtersPresets';
import { NO_FILTER } from '../../core/query/viewFilter';
import type { CompareSide } from './comparison';
import { comparisonSource, type CompareTarget } from './compareTarget';
import type { CompareContext } from './showComparison';

/**
 * The side of `target` that `parts` selects, with the session's label and frame filters added. "My code only" needs
 * the workspace's mapping, which a comparison's selections do not take: it is left out, and the header says so.
 */
export function sessionSide(ctx: Pick<CompareContext, 'session'>, target: CompareTarget, parts: Partial<CompareSide>): CompareSide {
  const filter = ctx.session.current?.profile.service === target.service ? ctx.session.filter : NO_FILTER;
  const presets = filter.frames?.presets?.filter((p) => p !== APP_ONLY_PRESET);
  const frames = filter.frames && { ...filter.frames, ...(presets ? { presets } : {}) };
  return {
    source: comparisonSource(target.entry), service: target.service, type: target.type.type, sampleType: target.type.sampleType,
    ...(isFrameFilterActive(frames) ? { frames } : {}),
    ...(filter.frames?.presets?.includes(APP_ONLY_PRESET) ? { appOnlyLeftOut: true } : {}),
    ...parts, labels: [...filter.labels, ...(parts.labels ?? [])],
  };
}
