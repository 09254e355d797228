/**
 * `perflens top --link`: a vscode:// link per row that opens the function in the editor with the same selection —
 * the profiles' service and version (from their labels), the sample type, and their time range — from the source
 * the user names (`--link-source`, as their editor calls it), so a CI job's output opens where the code is. The
 * label filters, the frame filters and the span or trace of the run go into the links too, so the editor shows the same samples.
 */
import type { TopRow } from '../core/aggregate/topTable';
import type { ProfileModel } from '../core/model/types';
import { profileLabels } from '../core/model/profileLabels';
import { isFrameFilterActive, type FrameFilter } from '../core/query/filters';
import type { LabelMatcher } from '../core/query/labels';
import type { SpanIds } from '../core/query/spans';
import { buildPerflensUri } from '../sources/links/perflensUri';
import type { ProfileSelection } from '../sources/links/selection';
import { canonicalProfileType } from '../sources/profile-types';

export interface LinkContext {
  readonly source?: string;
  readonly selection: ProfileSelection;
  readonly frames?: FrameFilter;
  readonly spanId?: string;
  readonly traceId?: string;
}

/** What every row's link selects: the profiles' service, version, type and time range. */
export function linkContext(model: ProfileModel, sampleType: string, source: string | undefined,
  filters: { readonly labels?: readonly LabelMatcher[]; readonly frames?: FrameFilter; readonly spans?: SpanIds } = {}): LinkContext {
  const labels = profileLabels(model);
  let fromNs = Infinity;
  let toNs = -Infinity;
  const { timeNanos, durationNanos } = model.profiles;
  for (let p = 0; p < model.profiles.count; p++) {
    if (timeNanos[p] <= 0) continue;
    fromNs = Math.min(fromNs, timeNanos[p]);
    toNs = Math.max(toNs, timeNanos[p] + Math.max(durationNanos[p], 0));
  }
  const timed = Number.isFinite(fromNs);
  return {
    source,
    selection: {
      service: labels.service,
      version: labels.version,
      type: canonicalProfileType(sampleType) ?? sampleType,
      // A profile's own window, widened by a millisecond each side so rounding never drops it.
      from: timed ? String(Math.floor(fromNs / 1e6) - 1) : undefined,
      to: timed ? String(Math.ceil(toNs / 1e6) + 1) : undefined,
      labels: filters.labels ?? [],
    },
    ...(isFrameFilterActive(filters.frames) ? { frames: filters.frames } : {}),
    spanId: filters.spans?.spanIds[0],
    traceId: filters.spans?.traceIds[0],
  };
}

/** The link for a row naming a function ('function' and 'line' rows); undefined for file rows. */
export function rowLink(row: TopRow, context: LinkContext): string | undefined {
  if (row.function === '') return undefined;
  return buildPerflensUri({ function: row.function, source: context.source, selection: context.selection, frames: context.frames, spanId: context.spanId, traceId: context.traceId });
}
