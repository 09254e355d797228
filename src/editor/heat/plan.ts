// What the gutter heat shows for one file: which lines get a mark, in which heat bucket, with which end-of-line
// figure. Pure (no `vscode` import) so the decisions are unit-tested; heatDecorator.ts turns a plan into
// decorations.
import { formatPercent } from '../../core/format/units';

/**
 * A profile line's cost (a LineCost, 1-based in the file's committed text) placed on the document as it is now:
 * `line` is the 0-based editor line, after unsaved edits.
 */
export interface PlacedLineCost {
  readonly line: number;
  readonly flat: number;
  readonly cum: number;
  /** The line was edited since the profiled commit: its cost is shown, but flagged. */
  readonly changed?: boolean;
}

/** Heat buckets, coolest first. Their colours are the contributed theme colours `perflens.heat.<name>`. */
export const HEAT_BUCKETS = ['cool', 'mild', 'warm', 'hot'] as const;
export type HeatBucket = (typeof HEAT_BUCKETS)[number];

export interface HeatSettings {
  /** Which figure drives the heat and the end-of-line text: total (cum, with callees) or self (flat). */
  readonly metric: 'total' | 'self';
  /** Shares (0..1) at which a line enters mild, warm and hot; any cost above zero is at least cool. */
  readonly thresholds: readonly [number, number, number];
  /** Minimum share (0..1) for the end-of-line figure, so cold code stays uncluttered. */
  readonly annotationThreshold: number;
}

export const DEFAULT_HEAT_SETTINGS: HeatSettings = {
  metric: 'total',
  thresholds: [0.01, 0.05, 0.15],
  annotationThreshold: 0.005,
};

export interface PlannedLine {
  readonly line: number;
  readonly bucket: HeatBucket;
  readonly value: number;
  readonly share: number;
  /** End-of-line text, e.g. `▲ 1.2 s · 8.4%`; undefined below the annotation threshold. */
  readonly text?: string;
  readonly changed: boolean;
}

export function bucketOf(share: number, thresholds: HeatSettings['thresholds']): HeatBucket {
  if (share >= thresholds[2]) return 'hot';
  if (share >= thresholds[1]) return 'warm';
  if (share >= thresholds[0]) return 'mild';
  return 'cool';
}

/**
 * Plan the heat for a document. `total` is the profile's total for the selected sample type (shares are of the
 * whole service, as in `go tool pprof`), `format` renders a value in the profile's unit (`1.2 s`, `340 MB`).
 * Lines beyond `lineCount` (the file got shorter than the profile says) are dropped.
 */
export function planHeat(
  lines: readonly PlacedLineCost[],
  total: number,
  lineCount: number,
  format: (value: number) => string,
  settings: HeatSettings = DEFAULT_HEAT_SETTINGS,
): PlannedLine[] {
  if (!(total > 0)) return [];
  const planned: PlannedLine[] = [];
  for (const l of lines) {
    if (l.line < 0 || l.line >= lineCount) continue;
    const value = settings.metric === 'self' ? l.flat : l.cum;
    if (!(value > 0)) continue;
    const share = value / total;
    const changed = l.changed === true;
    const text = share >= settings.annotationThreshold
      ? `${changed ? '△' : '▲'} ${format(value)} · ${formatPercent(share)}${changed ? ' (line changed since profiled)' : ''}`
      : undefined;
    planned.push({ line: l.line, bucket: bucketOf(share, settings.thresholds), value, share, text, changed });
  }
  return planned.sort((a, b) => a.line - b.line);
}
