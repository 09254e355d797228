// The timeline's bars from the store's profiles: one bar per file while they fit, else equal time buckets; a
// deploy boundary wherever the version changes. Pure, so unit-testable; the webview only draws the result.
import type { TimelineBar, TimelineView } from '../../shared/flamegraphProtocol';

export interface TimelinePoint {
  readonly timeMs: number;
  /** 0 when unknown: the typical gap between profiles stands in. */
  readonly durationMs: number;
  readonly version: string;
  readonly total: number;
}

/** When a profile does not say how long it is, and there is nothing to go by. */
const DEFAULT_DURATION_MS = 10_000;

export function buildTimeline(points: readonly TimelinePoint[], info: { type: string; unit: string; label: string; selected?: TimelineView['selected'] }, maxBars = 120): TimelineView {
  const sorted = [...points].sort((a, b) => a.timeMs - b.timeMs);
  const versions: string[] = [];
  const versionIndex = (v: string) => {
    let i = versions.indexOf(v);
    if (i < 0) i = versions.push(v) - 1;
    return i;
  };
  const boundaries: { timeMs: number; version: number }[] = [];
  sorted.forEach((p, i) => {
    const v = versionIndex(p.version);
    if (i > 0 && sorted[i - 1].version !== p.version) boundaries.push({ timeMs: p.timeMs, version: v });
  });
  const fallback = typicalGap(sorted);
  const span = (p: TimelinePoint) => (p.durationMs > 0 ? p.durationMs : fallback);
  const startMs = sorted[0]?.timeMs ?? 0;
  const endMs = sorted.reduce((end, p) => Math.max(end, p.timeMs + span(p)), startMs);

  let bars: TimelineBar[];
  if (sorted.length <= maxBars) {
    bars = sorted.map((p) => ({ fromMs: p.timeMs, toMs: p.timeMs + span(p), total: p.total, profiles: 1, version: versions.indexOf(p.version) }));
  } else {
    const width = (endMs - startMs) / maxBars;
    const buckets = new Map<number, { total: number; profiles: number; byVersion: Map<number, number> }>();
    for (const p of sorted) {
      const b = Math.min(maxBars - 1, Math.floor((p.timeMs - startMs) / width));
      const bucket = buckets.get(b) ?? { total: 0, profiles: 0, byVersion: new Map<number, number>() };
      bucket.total += p.total;
      bucket.profiles++;
      const v = versions.indexOf(p.version);
      bucket.byVersion.set(v, (bucket.byVersion.get(v) ?? 0) + Math.max(p.total, Number.MIN_VALUE));
      buckets.set(b, bucket);
    }
    bars = [...buckets].sort((a, b) => a[0] - b[0]).map(([b, bucket]) => ({
      fromMs: startMs + b * width,
      toMs: b === maxBars - 1 ? endMs : startMs + (b + 1) * width,
      total: bucket.total,
      profiles: bucket.profiles,
      version: [...bucket.byVersion].reduce((best, e) => (e[1] > best[1] ? e : best))[0],
    }));
  }
  return { type: info.type, unit: info.unit, startMs, endMs, versions, bars, boundaries, selected: info.selected, label: info.label };
}

/** The median gap between consecutive profiles (collectors capture back to back), else 10 s. */
function typicalGap(sorted: readonly TimelinePoint[]): number {
  const gaps: number[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const g = sorted[i].timeMs - sorted[i - 1].timeMs;
    if (g > 0) gaps.push(g);
  }
  if (gaps.length === 0) return DEFAULT_DURATION_MS;
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)];
}

/** The span the chosen files cover (the highlighted part of the strip), with the same durations as the bars. */
export function spanOf(points: readonly TimelinePoint[], chosen: (p: TimelinePoint, i: number) => boolean): { fromMs: number; toMs: number } | undefined {
  const fallback = typicalGap([...points].sort((a, b) => a.timeMs - b.timeMs));
  let fromMs = Infinity;
  let toMs = -Infinity;
  points.forEach((p, i) => {
    if (!chosen(p, i)) return;
    fromMs = Math.min(fromMs, p.timeMs);
    toMs = Math.max(toMs, p.timeMs + (p.durationMs > 0 ? p.durationMs : fallback));
  });
  return fromMs <= toMs ? { fromMs, toMs } : undefined;
}
