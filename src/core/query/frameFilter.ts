/**
 * Frame filters (focus, ignore, hide, show, show_from, presets) → the stacks a selection sums rows into. The
 * semantics are issue 15's (filters.ts, filtersMatch.ts, filtersApply.ts: `go tool pprof`'s); until select() is
 * wired to them, a query with an active frame filter is refused with a clear message.
 */
import type { ProfileModel } from '../model/types';
import { QueryError } from './errors';
import { isFrameFilterActive, type FrameFilter } from './filters';
import type { StackRewrite } from './types';

/** The rewritten stacks, or undefined when the filter keeps the model's stacks as they are. */
export function filteredStacks(_model: ProfileModel, filter: FrameFilter): StackRewrite | undefined {
  if (isFrameFilterActive(filter)) throw new QueryError('frame filters are not supported yet');
  return undefined;
}
