/**
 * A side of a comparison that keeps nothing — no profile in its time range, no sample passing its label or frame
 * filter — is refused with a sentence that says which side and why, instead of comparing against an empty side
 * (every function would look new or gone). One check for `perflens diff/check` and the editor's comparisons.
 */
import { formatFrameFilter, isFrameFilterActive, type FrameFilter } from '../query/filters';
import { formatLabelFilter, type LabelMatcher } from '../query/labels';
import type { Selection } from '../query/types';

/** A selection that keeps nothing: said so instead of comparing an empty side. */
export class EmptySideError extends Error {}

/** What a side asked for, as the user gave it (a source may have applied part of it already). */
export interface SideAsked {
  readonly range?: { readonly fromMs: number; readonly toMs: number };
  readonly labels?: readonly LabelMatcher[];
  readonly frames?: FrameFilter;
}

/** Throws EmptySideError when the side's selection kept no profile or no sample. `what` names the side. */
export function checkSideSelected(what: string, asked: SideAsked, selected: Selection): void {
  if (selected.matchedProfiles === 0 && asked.range) {
    throw new EmptySideError(`${what}: no profile was taken between ${new Date(asked.range.fromMs).toISOString()} and ${new Date(asked.range.toMs).toISOString()}`);
  }
  if (selected.matchedRows > 0) return;
  const labels = asked.labels ?? [];
  if (labels.length > 0) throw new EmptySideError(`${what}: no sample matches ${formatLabelFilter(labels)}`);
  if (isFrameFilterActive(asked.frames)) throw new EmptySideError(`${what}: no sample passes the frame filter ${formatFrameFilter(asked.frames!)}`);
}
