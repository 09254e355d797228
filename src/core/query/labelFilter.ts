/**
 * Label matchers → which label sets pass, evaluated once per label set (never per row). The semantics are issue
 * 15's (label filters): until they land, a query with matchers is refused with a clear message.
 */
import type { ProfileModel } from '../model/types';
import { QueryError } from './errors';
import type { LabelMatcher } from './types';

/** 1 for every label set of the model whose labels satisfy all matchers. */
export function labelSetsPassing(model: ProfileModel, matchers: readonly LabelMatcher[]): Uint8Array {
  if (matchers.length > 0) throw new QueryError('label filters are not supported yet');
  return new Uint8Array(model.labelSets.count).fill(1);
}
