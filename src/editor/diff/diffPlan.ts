// What the gutter shows in diff mode: for each line whose cost changed between the two sides, whether it rose or
// fell, and by how much — in share points of each side's total (the normalised view), or in cost per second of
// profiled time / per profile (the absolute view). Changes within sampling noise are faded, not flagged. Pure,
// unit-tested.
import type { DiffMode, DiffSideView, LineDeltaView } from '../../shared/releaseDiffView';
import { formatRateChange, formatShareChange } from '../../core/format/units';
import { availableMode } from '../../core/diff/releaseDiffView';

export { availableMode };

export type DiffMark = 'rose' | 'fell' | 'noise';

export interface PlannedDelta {
  /** 0-based editor line. */
  readonly line: number;
  readonly mark: DiffMark;
  readonly text: string;
  readonly delta: LineDeltaView;
}

/** How the plan reads the lines: the mode, and for the absolute modes the unit and the head side's total per unit. */
export interface DiffReading {
  readonly mode: DiffMode;
  readonly unit: string;
  /** The head side's total per unit of the mode (per second, per profile); changes are measured against it. */
  readonly headTotal: number;
}

export const SHARE_READING: DiffReading = { mode: 'share', unit: '', headTotal: 1 };

/** A line's change in the mode: its size (as a fraction of the head total), significance and text; undefined when the mode has no figures. */
export function lineChange(d: LineDeltaView, reading: DiffReading): { size: number; change: number; significant: boolean; text: string } | undefined {
  if (reading.mode === 'share') return { size: d.delta, change: d.delta, significant: d.significant, text: formatShareChange(d.baseShare, d.headShare) };
  const a = d.absolute[reading.mode];
  if (!a) return undefined;
  const size = reading.headTotal > 0 ? a.change / reading.headTotal : a.change;
  return { size, change: a.change, significant: a.significant, text: formatRateChange(a.base, a.head, reading.unit, reading.mode) };
}

/**
 * @param place maps a line of today's text (1-based) to the editor line (0-based), following unsaved edits;
 *   undefined when the line is gone
 * @param minDelta smallest change that gets a mark at all: share points (0..1), or in an absolute mode that
 *   fraction of the head side's total per unit
 */
export function planDiff(lines: readonly LineDeltaView[], place: (line: number) => number | undefined, lineCount: number, reading: DiffReading = SHARE_READING, minDelta = 0.001): PlannedDelta[] {
  const out: PlannedDelta[] = [];
  for (const d of lines) {
    const c = lineChange(d, reading);
    if (!c || Math.abs(c.size) < minDelta) continue;
    const line = place(d.line);
    if (line === undefined || line < 0 || line >= lineCount) continue;
    const mark: DiffMark = !c.significant ? 'noise' : c.change > 0 ? 'rose' : 'fell';
    out.push({ line, mark, text: `${c.text}${mark === 'noise' ? ' · within noise' : ''}`, delta: d });
  }
  return out.sort((a, b) => a.line - b.line);
}


export function readingOf(view: { readonly unit: string; readonly head: DiffSideView; readonly modes: readonly DiffMode[] }, asked: DiffMode): DiffReading {
  const mode = availableMode(asked, view.modes);
  const { head } = view;
  const headTotal = mode === 'second' ? (head.seconds > 0 ? head.total / head.seconds : 0) : mode === 'profile' ? (head.profiles > 0 ? head.total / head.profiles : 0) : 1;
  return { mode, unit: view.unit, headTotal };
}
