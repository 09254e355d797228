/**
 * Frame filters (focus, ignore, hide, show, show_from) → the stacks a selection sums rows into. The semantics are
 * issue 15's (`go tool pprof`'s); until they land, a query with a frame filter is refused with a clear message.
 */
import type { ProfileModel } from '../model/types';
import { QueryError } from './errors';
import type { FrameFilter, StackRewrite } from './types';

/** The rewritten stacks, or undefined when the filter keeps the model's stacks as they are. */
export function filteredStacks(_model: ProfileModel, filter: FrameFilter): StackRewrite | undefined {
  if (Object.values(filter).some((v) => v !== undefined && v !== '')) throw new QueryError('frame filters are not supported yet');
  return undefined;
}
