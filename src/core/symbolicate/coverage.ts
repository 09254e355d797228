// How much of a profile's cost landed where: the user's lines, dependencies, the runtime, or nowhere — and the
// paths behind the unmapped cost, with the reason, so the user knows which rule to add. Pure function shared by
// the CLI and the editor.

import type { FrameClass } from './types';

export interface CostedFrame {
  /** The profile's file name (or function name when it has none) — what the user would write a rule for. */
  path: string;
  class: FrameClass;
  /** Cost charged to this frame (normally self/flat cost, so the shares add up to the total). */
  cost: number;
  /** Reason when class is 'unknown' (or why an app frame is doubtful). */
  reason?: string;
  /** The mapping was a guess between several workspace files. */
  ambiguous?: boolean;
  /** Mapped to a workspace file, but its line no longer exists in the current text. */
  lineDeleted?: boolean;
}

export interface CoverageReport {
  total: number;
  /** Shares of the total (0..1). `unmapped` includes frames on lines deleted since the profiled commit. */
  shares: Record<'app' | 'dependency' | 'runtime' | 'unmapped', number>;
  costs: Record<'app' | 'dependency' | 'runtime' | 'unmapped', number>;
  /** Paths with unmapped cost, most expensive first. */
  topUnmapped: { path: string; cost: number; reason: string }[];
  /** App cost whose file was chosen among several candidates. */
  ambiguous: { path: string; cost: number }[];
}

export function coverageReport(frames: Iterable<CostedFrame>, topN = 10): CoverageReport {
  const costs = { app: 0, dependency: 0, runtime: 0, unmapped: 0 };
  const unmapped = new Map<string, { cost: number; reason: string }>();
  const ambiguous = new Map<string, number>();
  for (const f of frames) {
    if (!(f.cost > 0 || f.cost < 0)) continue;
    if (f.class === 'unknown' || f.lineDeleted) {
      costs.unmapped += f.cost;
      const reason = f.lineDeleted ? 'the line was deleted since the profiled commit' : f.reason ?? 'not found in the workspace';
      const key = `${f.path}\u0000${reason}`;
      const entry = unmapped.get(key) ?? { cost: 0, reason };
      entry.cost += f.cost;
      unmapped.set(key, entry);
      continue;
    }
    costs[f.class] += f.cost;
    if (f.ambiguous) ambiguous.set(f.path, (ambiguous.get(f.path) ?? 0) + f.cost);
  }
  const total = costs.app + costs.dependency + costs.runtime + costs.unmapped;
  const share = (v: number) => (total === 0 ? 0 : v / total);
  return {
    total,
    costs,
    shares: { app: share(costs.app), dependency: share(costs.dependency), runtime: share(costs.runtime), unmapped: share(costs.unmapped) },
    topUnmapped: [...unmapped].map(([key, v]) => ({ path: key.split('\u0000')[0], cost: v.cost, reason: v.reason })).sort((a, b) => b.cost - a.cost || (a.path < b.path ? -1 : 1)).slice(0, topN),
    ambiguous: [...ambiguous].map(([path, cost]) => ({ path, cost })).sort((a, b) => b.cost - a.cost).slice(0, topN),
  };
}
