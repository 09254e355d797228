/**
 * Memory growth: from successive in-use snapshots of a process (Go inuse_space/inuse_objects, Node heap
 * profiles, Pyroscope's memory types), which allocation sites hold more and more memory — a leak — as opposed to
 * sites that merely allocate a lot and let it go (churn).
 *
 * Per site, its in-use value over the snapshots' times:
 * - the Mann–Kendall test says whether it rises beyond its own scatter (no noise model is needed: heap
 *   profiles are estimates scaled up from sampled allocations), Bonferroni-corrected over the sites tested;
 * - Kendall's tau-b says how steady the rise is (1: every snapshot holds more than every earlier one; ties
 *   discounted — Go's heap profile changes only at each garbage collection, so a leak rises in steps);
 * - the least-squares slope is the growth per hour (a median of pairwise slopes would see mostly the flats
 *   between steps); the slope over the later half of the snapshots must still be a good part of it, or the site
 *   only filled up once (a cache warming) and then stayed;
 * - with cumulative allocation figures in the same snapshots (Go heap profiles carry alloc_space since the
 *   program started), `retained` is the part of what the site allocated over the window that is still held: a
 *   leak keeps nearly all of it, churn nearly none.
 * A site is flagged when its rise is significant, steady (tau ≥ `minTau`: most later snapshots hold more than
 * earlier ones), still going on, at least `minGrowthShare` of the process's last in-use total and more than a few
 * sampling periods (`minGrowthSamples`: less is what one or two sampled allocations make), and — when the
 * snapshots say what was allocated — keeps at least `minRetained` of what it allocated over the window (a pool
 * or buffer that grows once while churning through much more is not a leak).
 */
import { criticalZ } from '../diff/significance';
import { leastSquaresSlope, mannKendall } from './kendall';
import { HOUR_MS } from './buckets';
import type { SiteValues } from './allocationSites';

export interface Snapshot {
  readonly timeMs: number;
  /** The heap profile's sampling period in its unit (Go: bytes per sample, MemProfileRate), 0 when unknown. */
  readonly period?: number;
  /** values[0]: in use; values[1] (optional): allocated since the process started. */
  readonly sites: SiteValues;
}

export interface GrowthOptions {
  readonly alpha?: number;
  /** Smallest growth over the window, as a share of the last snapshot's in-use total; default 0.01. */
  readonly minGrowthShare?: number;
  /** The later half's slope must be at least this part of the whole slope; default 0.25. */
  readonly minRecentRatio?: number;
  /** Growth must be more than this many sampling periods (Snapshot.period); default 8. */
  readonly minGrowthSamples?: number;
  /** Kendall's tau-b must be at least this; default 0.5. */
  readonly minTau?: number;
  /** With allocation figures: the least part of what a site allocated that it must still hold; default 0.2. */
  readonly minRetained?: number;
  /** Most churn sites listed; default 20. */
  readonly maxChurn?: number;
}

export interface SiteGrowth {
  readonly key: number;
  /** In use at each snapshot (0 where the site had nothing). */
  readonly series: Float64Array;
  /** Least-squares growth per hour over all snapshots and over the later half. */
  readonly slopePerHour: number;
  readonly recentSlopePerHour: number;
  /** slopePerHour × the window in hours. */
  readonly growth: number;
  /** Kendall's tau-b of the series: how steady the rise is. */
  readonly tau: number;
  readonly z: number;
  /** Allocated at the site over the window (cumulative figures), and the part of it still in use; undefined without them. */
  readonly allocated: number | undefined;
  readonly retained: number | undefined;
  readonly leak: boolean;
}

export interface MemoryGrowth {
  readonly snapshots: number;
  readonly times: Float64Array;
  /** The process's in-use total at each snapshot. */
  readonly totals: Float64Array;
  readonly tests: number;
  readonly critical: number;
  /** Leaks first (by growth per hour), then every other site that grew, by growth per hour. */
  readonly sites: SiteGrowth[];
  /**
   * With allocation figures: the sites that allocated the most over the window while keeping less than
   * `minRetained` of it (churn: busy, not leaking), most allocated first, at most `maxChurn`.
   */
  readonly churn: SiteGrowth[];
  readonly notes: readonly string[];
}

export function memoryGrowth(input: readonly Snapshot[], options: GrowthOptions = {}): MemoryGrowth {
  const notes: string[] = [];
  const timed = input.filter((s) => s.timeMs > 0);
  if (timed.length < input.length) notes.push(`${input.length - timed.length} snapshot${input.length - timed.length === 1 ? '' : 's'} without a time: left out`);
  // Out-of-order input is put in time order; snapshots at the same instant (two copies of one) count once.
  const ordered = [...timed].sort((a, b) => a.timeMs - b.timeMs).filter((s, i, all) => i === 0 || s.timeMs !== all[i - 1].timeMs);
  if (ordered.length < timed.length) notes.push(`${timed.length - ordered.length} snapshot${timed.length - ordered.length === 1 ? '' : 's'} at the same time as another: counted once`);
  const n = ordered.length;
  const times = Float64Array.from(ordered, (s) => s.timeMs);
  const totals = Float64Array.from(ordered, (s) => s.sites.totals[0] ?? 0);
  if (n < 3) {
    notes.push(`memory growth needs at least 3 snapshots, not ${n}`);
    return { snapshots: n, times, totals, tests: 0, critical: Infinity, sites: [], churn: [], notes };
  }
  let keyCount = 0;
  for (const s of ordered) for (const k of s.sites.keys) keyCount = Math.max(keyCount, k + 1);
  const inuse = new Float64Array(keyCount * n);
  const hasAlloc = ordered.every((s) => s.sites.values.length > 1);
  const alloc = hasAlloc ? new Float64Array(keyCount * n) : undefined;
  ordered.forEach((s, j) => {
    for (let i = 0; i < s.sites.keys.length; i++) {
      inuse[s.sites.keys[i] * n + j] = s.sites.values[0][i];
      if (alloc) alloc[s.sites.keys[i] * n + j] = s.sites.values[1][i];
    }
  });
  const hours = Float64Array.from(times, (t) => (t - times[0]) / HOUR_MS);
  const span = hours[n - 1];
  const half = Math.floor(n / 2);
  const candidates: number[] = [];
  for (let k = 0; k < keyCount; k++) {
    for (let j = 0; j < n; j++) {
      if (inuse[k * n + j] !== 0) {
        candidates.push(k);
        break;
      }
    }
  }
  const critical = criticalZ(candidates.length, options.alpha);
  const period = Math.max(0, ...ordered.map((s) => s.period ?? 0));
  const minGrowth = Math.max((options.minGrowthShare ?? 0.01) * totals[n - 1], (options.minGrowthSamples ?? 8) * period);
  const minRecent = options.minRecentRatio ?? 0.25;
  const minTau = options.minTau ?? 0.5;
  const minRetained = options.minRetained ?? 0.2;
  const sites: SiteGrowth[] = [];
  for (const k of candidates) {
    const series = inuse.subarray(k * n, (k + 1) * n);
    const mk = mannKendall(series);
    if (mk.s <= 0) continue;
    const slope = leastSquaresSlope(hours, series);
    if (!(slope > 0)) continue;
    const recent = leastSquaresSlope(hours.subarray(half), series.subarray(half));
    const growth = slope * span;
    let allocated: number | undefined;
    let retained: number | undefined;
    if (alloc) {
      const a = alloc.subarray(k * n, (k + 1) * n);
      allocated = Math.max(0, a[n - 1] - a[0]);
      retained = allocated > 0 ? Math.min(1, Math.max(0, (series[n - 1] - series[0]) / allocated)) : undefined;
    }
    const leak = mk.z > critical && mk.tauB >= minTau && recent >= minRecent * slope && growth >= minGrowth && growth > 0 && (retained === undefined || retained >= minRetained);
    sites.push({ key: k, series: Float64Array.from(series), slopePerHour: slope, recentSlopePerHour: recent, growth, tau: mk.tauB, z: mk.z, allocated, retained, leak });
  }
  sites.sort((a, b) => Number(b.leak) - Number(a.leak) || b.slopePerHour - a.slopePerHour || a.key - b.key);
  return { snapshots: n, times, totals, tests: candidates.length, critical, sites, churn: alloc ? churnSites(alloc, inuse, hours, keyCount, minRetained, options.maxChurn ?? 20) : [], notes };
}

/** Sites that allocated over the window and kept less than `minRetained` of it, most allocated first. */
function churnSites(alloc: Float64Array, inuse: Float64Array, hours: Float64Array, keyCount: number, minRetained: number, max: number): SiteGrowth[] {
  const n = hours.length;
  const half = Math.floor(n / 2);
  const busy: { key: number; allocated: number; kept: number }[] = [];
  for (let k = 0; k < keyCount; k++) {
    const allocated = Math.max(0, alloc[k * n + n - 1] - alloc[k * n]);
    if (!(allocated > 0)) continue;
    const kept = Math.max(0, inuse[k * n + n - 1] - inuse[k * n]) / allocated;
    if (kept < minRetained) busy.push({ key: k, allocated, kept });
  }
  busy.sort((a, b) => b.allocated - a.allocated || a.key - b.key);
  return busy.slice(0, max).map(({ key, allocated, kept }) => {
    const series = Float64Array.from(inuse.subarray(key * n, (key + 1) * n));
    const mk = mannKendall(series);
    const slope = leastSquaresSlope(hours, series);
    return {
      key, series, slopePerHour: slope, recentSlopePerHour: leastSquaresSlope(hours.subarray(half), series.subarray(half)),
      growth: slope * hours[n - 1], tau: mk.tauB, z: mk.z, allocated, retained: Math.min(1, kept), leak: false,
    };
  });
}
