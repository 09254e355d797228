/**
 * A history's summaries (summary.ts) placed in buckets (buckets.ts) → one share series per key, each tested for a
 * trend (shareTrend.ts) with the Bonferroni correction over every key that has cost, and the keys ranked by how
 * much their share rose.
 *
 * Versions that share no function (a rewrite, another service under the same name) cannot be compared: the
 * history is cut at the last such break and only the buckets after it are tested, with a note.
 */
import type { Buckets } from './buckets';
import { shareTrend, TrendThresholds, type SeriesBuckets, type ShareTrend } from './shareTrend';
import type { CostSummary } from './summary';

export interface TrendTable extends SeriesBuckets {
  readonly labels: readonly string[];
  readonly profiles: Int32Array;
  readonly keyCount: number;
  /** keyCount × buckets, row-major: key k's value in bucket b is `value[k * buckets + b]`. */
  readonly value: Float64Array;
  /** The same in sample counts; undefined when some bucket cannot count samples. */
  readonly count: Float64Array | undefined;
  readonly notes: readonly string[];
}

/** Sums each bucket's summaries (summaries[p] belongs to profile p of `buckets`; undefined: not available). */
export function trendTable(summaries: readonly (CostSummary | undefined)[], buckets: Buckets, keyCount: number): TrendTable {
  const m = buckets.x.length;
  const value = new Float64Array(keyCount * m);
  const count = new Float64Array(keyCount * m);
  const total = new Float64Array(m);
  const countTotal = new Float64Array(m);
  const uncounted = new Uint8Array(m);
  const used = new Int32Array(m);
  summaries.forEach((s, p) => {
    const b = buckets.bucketOf[p];
    if (b < 0 || !s) return;
    used[b]++;
    total[b] += s.total;
    countTotal[b] += s.countTotal;
    if (!(s.countTotal > 0)) uncounted[b] = 1;
    for (let i = 0; i < s.keys.length; i++) {
      const at = s.keys[i] * m + b;
      value[at] += s.cum[i];
      if (s.count.length > 0) count[at] += s.count[i];
    }
  });
  // Buckets whose profiles were all unavailable (or empty) drop out like gaps.
  const keep: number[] = [];
  for (let b = 0; b < m; b++) if (used[b] > 0 && total[b] > 0) keep.push(b);
  const anyUncounted = keep.some((b) => uncounted[b] === 1);
  const k = keep.length;
  const pick = (from: Float64Array) => {
    const out = new Float64Array(keyCount * k);
    for (let key = 0; key < keyCount; key++) for (let j = 0; j < k; j++) out[key * k + j] = from[key * m + keep[j]];
    return out;
  };
  return {
    x: Float64Array.from(keep, (b) => buckets.x[b]),
    total: Float64Array.from(keep, (b) => total[b]),
    countTotal: anyUncounted ? new Float64Array(k) : Float64Array.from(keep, (b) => countTotal[b]),
    labels: keep.map((b) => buckets.labels[b]),
    profiles: Int32Array.from(keep, (b) => used[b]),
    keyCount,
    value: k === m ? value : pick(value),
    count: anyUncounted ? undefined : k === m ? count : pick(count),
    notes: buckets.notes,
  };
}

export interface KeyTrend extends ShareTrend {
  readonly key: number;
}

export interface RisingOptions {
  readonly alpha?: number;
  /** Smallest rise (share, 0..1) over the span that counts; default 0. */
  readonly minRise?: number;
}

export interface Trends {
  /** The buckets tested (after the last break). */
  readonly from: number;
  readonly buckets: number;
  /** Keys with cost in the tested buckets (the Bonferroni m). */
  readonly tests: number;
  readonly method: ShareTrend['method'] | 'none';
  /** Every key with cost, by rise descending. */
  readonly trends: KeyTrend[];
  readonly notes: readonly string[];
}

export function keyTrends(table: TrendTable, options: RisingOptions = {}): Trends {
  const m = table.x.length;
  const notes = [...table.notes];
  const from = lastBreak(table);
  if (from > 0) notes.push(`${table.labels[from - 1]} and ${table.labels[from]} have no function in common: only ${table.labels[from]} onwards is compared`);
  const k = m - from;
  if (k < 2) {
    if (m > 0) notes.push('a trend needs at least two buckets with profiles');
    return { from, buckets: k, tests: 0, method: 'none', trends: [], notes };
  }
  const series = { x: table.x.subarray(from), total: table.total.subarray(from), countTotal: table.countTotal.subarray(from) };
  const withCost: number[] = [];
  for (let key = 0; key < table.keyCount; key++) {
    for (let b = from; b < m; b++) {
      if (table.value[key * m + b] !== 0) {
        withCost.push(key);
        break;
      }
    }
  }
  const thresholds = new TrendThresholds(withCost.length, options.alpha);
  const minRise = options.minRise ?? 0;
  const trends = withCost.map((key): KeyTrend => {
    const value = table.value.subarray(key * m + from, (key + 1) * m);
    const count = table.count?.subarray(key * m + from, (key + 1) * m);
    const t = shareTrend(series, value, count, thresholds);
    return { ...t, key, significant: t.significant && Math.abs(t.rise) > minRise };
  });
  trends.sort((a, b) => b.rise - a.rise || a.key - b.key);
  return { from, buckets: k, tests: withCost.length, method: trends[0]?.method ?? 'none', trends, notes };
}

/** Significant rises, largest first. */
export function rising(trends: Trends): KeyTrend[] {
  return trends.trends.filter((t) => t.significant && t.rise > 0);
}

/** The first bucket after the last pair of adjacent buckets with no key in common (0 when there is none). */
function lastBreak(table: TrendTable): number {
  const m = table.x.length;
  for (let b = m - 1; b >= 1; b--) {
    let common = false;
    for (let key = 0; key < table.keyCount && !common; key++) common = table.value[key * m + b] !== 0 && table.value[key * m + b - 1] !== 0;
    if (!common) return b;
  }
  return 0;
}
