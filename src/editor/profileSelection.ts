// The one string key of a ProfileSelection: the same files (in any order) and sample type are the same key. Without
// a type it keys the file set alone (a time range applied to files, whatever type they are shown as).
import { viewFilterKey } from '../core/query/viewFilter';
import type { ProfileSelection } from '../shared/profileSelection';

export function selectionKey(selection: Pick<ProfileSelection, 'sources' | 'type' | 'labels' | 'frames'>): string {
  const filter = viewFilterKey({ labels: selection.labels ?? [], frames: selection.frames });
  return JSON.stringify([[...selection.sources].sort(), selection.type ?? null, ...(filter ? [filter] : [])]);
}

/** The key of the files alone. */
export function fileSetKey(sources: readonly string[]): string {
  return selectionKey({ sources });
}
