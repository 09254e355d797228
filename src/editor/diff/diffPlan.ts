// What the gutter shows in diff mode: for each line whose cost changed between the two releases, whether it rose
// or fell, and by how much (in share points of each side's total). Changes within sampling noise are faded, not
// flagged. Pure, unit-tested.
import type { LineDeltaView } from '../../shared/releaseDiffView';
import { formatShareChange } from '../../core/format/units';

export type DiffMark = 'rose' | 'fell' | 'noise';

export interface PlannedDelta {
  /** 0-based editor line. */
  readonly line: number;
  readonly mark: DiffMark;
  readonly text: string;
  readonly delta: LineDeltaView;
}

/**
 * @param place maps a line of today's text (1-based) to the editor line (0-based), following unsaved edits;
 *   undefined when the line is gone
 * @param minDelta smallest |delta| (share points, 0..1) that gets a mark at all
 */
export function planDiff(lines: readonly LineDeltaView[], place: (line: number) => number | undefined, lineCount: number, minDelta = 0.001): PlannedDelta[] {
  const out: PlannedDelta[] = [];
  for (const d of lines) {
    if (Math.abs(d.delta) < minDelta) continue;
    const line = place(d.line);
    if (line === undefined || line < 0 || line >= lineCount) continue;
    const mark: DiffMark = !d.significant ? 'noise' : d.delta > 0 ? 'rose' : 'fell';
    const text = `${formatShareChange(d.baseShare, d.headShare)}${mark === 'noise' ? ' · within noise' : ''}`;
    out.push({ line, mark, text, delta: d });
  }
  return out.sort((a, b) => a.line - b.line);
}
