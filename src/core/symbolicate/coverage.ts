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

/**
 * @param denominator what shares are of: the profile's total (aggregate/absoluteTotal.ts, a sum of |value|) so that
 *   they agree with every other share shown; by default the sum of the costs, which is the same for a profile
 *   without negative values
 */
export function coverageReport(frames: Iterable<CostedFrame>, topN = 10, denominator?: number): CoverageReport {
  const costs = { app: 0, dependency: 0, runtime: 0, unmapped: 0 };
  // By path, then by reason along a chain: no key strings are built (10^6 unmapped paths are 10^6 entries, not
  // 10^6 concatenations of path and reason).
  const unmapped = new Map<string, UnmappedEntry>();
  const ambiguous = new Map<string, number>();
  for (const f of frames) {
    if (!(f.cost > 0 || f.cost < 0)) continue;
    if (f.class === 'unknown' || f.lineDeleted) {
      costs.unmapped += f.cost;
      const reason = f.lineDeleted ? 'the line was deleted since the profiled commit' : f.reason ?? 'not found in the workspace';
      let entry = unmapped.get(f.path);
      if (!entry) unmapped.set(f.path, (entry = { path: f.path, cost: 0, reason, next: undefined }));
      else {
        while (entry.reason !== reason && entry.next) entry = entry.next;
        if (entry.reason !== reason) entry = entry.next = { path: f.path, cost: 0, reason, next: undefined };
      }
      entry.cost += f.cost;
      continue;
    }
    costs[f.class] += f.cost;
    if (f.ambiguous) ambiguous.set(f.path, (ambiguous.get(f.path) ?? 0) + f.cost);
  }
  const total = costs.app + costs.dependency + costs.runtime + costs.unmapped;
  const of = denominator ?? total;
  const share = (v: number) => (of === 0 ? 0 : v / of);
  return {
    total,
    costs,
    shares: { app: share(costs.app), dependency: share(costs.dependency), runtime: share(costs.runtime), unmapped: share(costs.unmapped) },
    topUnmapped: topOf(chained(unmapped.values()), topN, (a, b) => b.cost - a.cost || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
      .map((e) => ({ path: e.path, cost: e.cost, reason: e.reason })),
    ambiguous: topOf([...ambiguous].map(([path, cost]) => ({ path, cost })), topN, (a, b) => b.cost - a.cost),
  };
}

interface UnmappedEntry {
  readonly path: string;
  cost: number;
  readonly reason: string;
  /** The same path with another reason. */
  next: UnmappedEntry | undefined;
}

function* chained(heads: Iterable<UnmappedEntry>): Generator<UnmappedEntry> {
  for (const head of heads) for (let e: UnmappedEntry | undefined = head; e; e = e.next) yield e;
}

/**
 * The first `n` items as a stable sort by `order` would give them, without sorting them all: a sorted window of
 * the best n, which most items fail to enter after one comparison (10^6 unmapped paths, 50 shown).
 */
function topOf<T>(items: Iterable<T>, n: number, order: (a: T, b: T) => number): T[] {
  const best: T[] = [];
  if (n <= 0) return best;
  if (n > 1000) return [...items].sort(order).slice(0, n); // a window that large would cost more than a sort
  for (const item of items) {
    if (best.length >= n && order(item, best[best.length - 1]) >= 0) continue;
    let lo = 0;
    let hi = best.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (order(item, best[mid]) < 0) hi = mid;
      else lo = mid + 1;
    }
    best.splice(lo, 0, item);
    if (best.length > n) best.pop();
  }
  return best;
}
