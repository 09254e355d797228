// A profiled line → the line the user sees now, with an honest state. Frames on changed lines keep their cost but
// are flagged; frames on deleted lines have no line any more.

import type { FileDrift } from './drift';
import { mapLine } from './line-map';

export type LineState =
  /** Same text as at the profiled commit. */
  | 'unchanged'
  /** The text at this place changed since the profiled commit; the cost is shown here but flagged. */
  | 'changed'
  /** The line is gone. */
  | 'deleted'
  /** No commit to compare with (or the file was not in it): the line is taken as-is. */
  | 'unverified';

export interface CurrentLine {
  line?: number;
  state: LineState;
}

export function translateLine(drift: FileDrift | undefined, line: number): CurrentLine {
  if (line <= 0) return { state: 'unverified' };
  if (!drift) return { line, state: 'unverified' };
  const mapped = mapLine(drift.map, line);
  const state = drift.status === 'missing-at-ref' ? 'unverified' : undefined;
  switch (mapped.kind) {
    case 'unchanged':
      return { line: mapped.line, state: state ?? 'unchanged' };
    case 'changed':
      return { line: mapped.line, state: 'changed' };
    case 'deleted':
      return { state: 'deleted' };
    default:
      // The profile names a line the file never had at that commit: wrong commit or wrong file.
      return { state: 'unverified' };
  }
}
