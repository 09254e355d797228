/**
 * Is a change of a function's share more than sampling noise?
 *
 * A sampling profiler sees a function on k of n samples; k/n estimates its true share. Whether the head's k2/n2
 * differs from the base's k1/n1 by more than sampling explains is the two-proportion z-test:
 *   p = (k1 + k2) / (n1 + n2),  z = (k2/n2 - k1/n1) / sqrt(p (1 - p) (1/n1 + 1/n2)).
 * A diff tests every function at once, so the critical |z| is Bonferroni-corrected for the m functions compared:
 * family-wise error `alpha` (default 0.05) → |z| > Φ⁻¹(1 − alpha / 2m) (about 3.3 for 50 functions, 3.9 for
 * 1000). With the same build on both sides, a change is then flagged in at most ~alpha of diffs.
 *
 * n and k are counts of samples (events), which a value like CPU nanoseconds or bytes is not. They come from
 * the profile, in this order (see `countSource`):
 *   1. the chosen sample type is itself a count (unit `count`/`samples`/none): its values;
 *   2. a sample type named `samples` or `sample` (Go CPU: [samples/count, cpu/nanoseconds]; Node: `sample`);
 *   3. the period, when the period type's unit is the chosen type's (Go CPU: 10 ms; Go heap alloc_space:
 *      one sample per 512 KiB): value / period;
 *   4. the count type paired with the chosen one: alloc_space → alloc_objects, inuse_space → inuse_objects,
 *      delay → contentions, else the profile's only count type;
 *   5. none: noise cannot be estimated, and every nonzero change is reported significant.
 * Scaled counts (Go's heap counts are estimates scaled up from the sampled allocations) make n too large and the
 * test too eager; rule 3 comes before rule 4 for that reason.
 */
import type { ValueType } from '../profile/model';

export type CountSource =
  | { readonly kind: 'type'; readonly index: number; readonly description: string }
  | { readonly kind: 'period'; readonly period: number; readonly description: string }
  | { readonly kind: 'none'; readonly description: string };

const COUNT_UNITS = new Set(['count', 'counts', 'samples', 'sample', '']);
const PAIRED: Record<string, string> = { alloc_space: 'alloc_objects', inuse_space: 'inuse_objects', space: 'objects', delay: 'contentions' };

export function isCountUnit(unit: string): boolean {
  return COUNT_UNITS.has(unit.toLowerCase());
}

export function countSource(types: readonly ValueType[], typeIndex: number, periodType: ValueType | undefined, period: number): CountSource {
  const chosen = types[typeIndex];
  if (isCountUnit(chosen.unit)) return { kind: 'type', index: typeIndex, description: `sample counts from '${chosen.type}'` };
  const samples = types.findIndex((t) => (t.type === 'samples' || t.type === 'sample') && isCountUnit(t.unit));
  if (samples >= 0) return { kind: 'type', index: samples, description: `sample counts from '${types[samples].type}'` };
  if (period > 0 && periodType && periodType.unit === chosen.unit) {
    return { kind: 'period', period, description: `sample counts estimated as ${chosen.type} / period (${period} ${periodType.unit})` };
  }
  const pairedName = PAIRED[chosen.type];
  let paired = pairedName === undefined ? -1 : types.findIndex((t) => t.type === pairedName && isCountUnit(t.unit));
  if (paired < 0) {
    const counts = types.map((t, i) => (isCountUnit(t.unit) ? i : -1)).filter((i) => i >= 0);
    if (counts.length === 1) paired = counts[0];
  }
  if (paired >= 0) return { kind: 'type', index: paired, description: `sample counts estimated from '${types[paired].type}'` };
  return { kind: 'none', description: 'no sample counts in the profile: noise is not estimated, every change counts' };
}

/** z of the change from k1 of n1 to k2 of n2; 0 when either side has no samples or nothing varies. */
export function twoProportionZ(k1: number, n1: number, k2: number, n2: number): number {
  if (!(n1 > 0) || !(n2 > 0)) return 0;
  const p1 = Math.min(1, Math.max(0, k1 / n1));
  const p2 = Math.min(1, Math.max(0, k2 / n2));
  const pooled = Math.min(1, Math.max(0, (k1 + k2) / (n1 + n2)));
  const variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2);
  if (variance <= 0) return 0;
  return (p2 - p1) / Math.sqrt(variance);
}

/**
 * z of the change of a rate, from k1 events over exposure e1 to k2 over e2 (seconds of profiled time, or
 * profiles): with equal rates, k2 given k1 + k2 is binomial with p = e2 / (e1 + e2) (the conditional test for two
 * Poisson rates), z = (k2 − n p) / sqrt(n p (1 − p)). 0 when either exposure is not positive or nothing happened.
 */
export function rateZ(k1: number, e1: number, k2: number, e2: number): number {
  if (!(e1 > 0) || !(e2 > 0)) return 0;
  const n = Math.max(0, k1) + Math.max(0, k2);
  if (n === 0) return 0;
  const p = e2 / (e1 + e2);
  return (Math.max(0, k2) - n * p) / Math.sqrt(n * p * (1 - p));
}

/** The Bonferroni-corrected two-sided critical |z| for `tests` comparisons at family-wise error `alpha`. */
export function criticalZ(tests: number, alpha = 0.05): number {
  const m = Math.max(1, tests);
  return inverseNormal(1 - alpha / (2 * m));
}

/**
 * Φ⁻¹(p), the standard normal quantile, by Acklam's rational approximation (relative error < 1.2e-9), which is
 * far finer than any threshold needs.
 */
export function inverseNormal(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`inverseNormal needs 0 < p < 1, not ${p}`);
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - low) return -inverseNormal(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}
