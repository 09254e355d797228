// A side of a comparison under the session's filter: every preset (releases, time windows, a label value vs the
// rest) compares what the user is looking at — the endpoint's labels, the frame filters — when the session shows
// the compared service.
import { isFrameFilterActive } from '../../core/query/filters';
import { NO_FILTER } from '../../core/query/viewFilter';
import type { CompareSide } from './comparison';
import type { CompareTarget } from './compareTarget';
import { comparisonSource } from './comparisonSource';
import type { CompareContext } from './showComparison';

/**
 * The side of `target` that `parts` selects, with the session's label and frame filters added ("my code only"
 * included: the worker maps each side onto the workspace before it selects).
 */
export function sessionSide(ctx: Pick<CompareContext, 'session'>, target: CompareTarget, parts: Partial<CompareSide>): CompareSide {
  const filter = ctx.session.current?.profile.service === target.service ? ctx.session.filter : NO_FILTER;
  return {
    source: comparisonSource(target.entry), service: target.service, type: target.type.type, sampleType: target.type.sampleType,
    ...(isFrameFilterActive(filter.frames) ? { frames: filter.frames } : {}),
    ...parts, labels: [...filter.labels, ...(parts.labels ?? [])],
  };
}
