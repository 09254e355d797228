/**
 * Is a function's share rising over time (or across versions), beyond sampling noise?
 *
 * Each bucket i (an hour, a day, a version) at position x_i saw the function on k_i of its n_i samples, so its
 * share k_i/n_i is binomial with variance p(1 − p)/n_i. Whether the shares rise with x is the Cochran–Armitage test
 * for trend — the weighted least-squares slope of share on x, weights n_i, with the variance it has when the share
 * is constant (p̄ = Σk/Σn):
 *   x̄ = Σ n_i x_i / Σ n_i,  Sxx = Σ n_i (x_i − x̄)²,  b = Σ n_i (x_i − x̄)(k_i/n_i − p̄) / Sxx,
 *   z = b / sqrt(p̄ (1 − p̄) / Sxx).
 * Real services also vary between buckets more than sampling explains (the mix of requests changes by the
 * hour), which would make every busy function's wobble "significant". So the spread of the shares around the
 * fitted line is measured too (Pearson χ² with m − 2 degrees of freedom) and, when it exceeds binomial noise
 * (dispersion φ = χ² / (m − 2) > 1), z is divided by √φ and compared with Student's t on m − 2 degrees of
 * freedom, as a quasi-binomial model does. The critical value is Bonferroni-corrected for the number of
 * functions tested, as the release diff's is (diff/significance.ts).
 *
 * Without sample counts (a profile type with no way to count samples), the shares are ranked instead: the
 * Mann–Kendall test on them, and the Theil–Sen slope (kendall.ts).
 */
import { criticalZ } from '../diff/significance';
import { mannKendall, theilSenSlope } from './kendall';
import { criticalT } from './studentT';

/** The buckets of a series, in order of x; every bucket has data (a bucket without profiles is left out). */
export interface SeriesBuckets {
  /** Position: a time (ms since the epoch) or a version's ordinal. Strictly increasing. */
  readonly x: Float64Array;
  /** Sum of |value| of each bucket's samples (the share's denominator). */
  readonly total: Float64Array;
  /** The same in sample counts; all 0 when the profiles cannot count samples. */
  readonly countTotal: Float64Array;
}

export interface TrendTest {
  /** How many series are tested together (the Bonferroni m); default 1. */
  readonly tests?: number;
  /** Family-wise false-alarm rate; default 0.05. */
  readonly alpha?: number;
  /** A rise smaller than this (in share, 0..1) over the whole span is never significant; default 0. */
  readonly minRise?: number;
}

export interface ShareTrend {
  /** Share of each bucket's total (0..1). */
  readonly shares: Float64Array;
  /** Fitted change of share per unit of x. */
  readonly slope: number;
  /** Fitted change of share from the first bucket to the last (slope × span of x). */
  readonly rise: number;
  /** The trend statistic (after the dispersion correction) and the critical value it is compared with. */
  readonly z: number;
  readonly critical: number;
  /** How much more the shares vary around the line than sampling explains (≥ 1; 1 = binomial noise). */
  readonly dispersion: number;
  readonly method: 'binomial' | 'rank';
  /** The rise (or fall) is more than noise. */
  readonly significant: boolean;
}

/** Critical values for one family of tests, computed once per degrees of freedom. */
export class TrendThresholds {
  private readonly byDf = new Map<number, number>();
  readonly z: number;

  constructor(readonly tests = 1, readonly alpha = 0.05) {
    this.z = criticalZ(tests, alpha);
  }

  t(df: number): number {
    let t = this.byDf.get(df);
    if (t === undefined) {
      t = criticalT(this.tests, df, this.alpha);
      this.byDf.set(df, t);
    }
    return t;
  }
}

/**
 * @param value per bucket: the function's cum value
 * @param count per bucket: its cum in sample counts (undefined without counts)
 */
export function shareTrend(buckets: SeriesBuckets, value: ArrayLike<number>, count: ArrayLike<number> | undefined, test: TrendTest | TrendThresholds = {}): ShareTrend {
  const thresholds = test instanceof TrendThresholds ? test : new TrendThresholds(test.tests, test.alpha);
  const minRise = test instanceof TrendThresholds ? 0 : (test.minRise ?? 0);
  const m = buckets.x.length;
  const shares = new Float64Array(m);
  for (let i = 0; i < m; i++) shares[i] = buckets.total[i] > 0 ? value[i] / buckets.total[i] : 0;
  const span = m > 0 ? buckets.x[m - 1] - buckets.x[0] : 0;
  let counted = m > 0 && count !== undefined;
  for (let i = 0; counted && i < m; i++) if (!(buckets.countTotal[i] > 0)) counted = false;

  if (counted) {
    const n = buckets.countTotal;
    let sumN = 0;
    let sumK = 0;
    let sumNX = 0;
    let sumNP = 0;
    for (let i = 0; i < m; i++) {
      sumN += n[i];
      sumK += Math.min(n[i], Math.max(0, count![i]));
      sumNX += n[i] * buckets.x[i];
      sumNP += n[i] * shares[i];
    }
    const pBar = sumK / sumN;
    const xBar = sumNX / sumN;
    const shareBar = sumNP / sumN;
    let sxx = 0;
    let sxq = 0;
    let sxp = 0;
    for (let i = 0; i < m; i++) {
      const dx = buckets.x[i] - xBar;
      const q = Math.min(1, Math.max(0, count![i] / n[i]));
      sxx += n[i] * dx * dx;
      sxq += n[i] * dx * (q - pBar);
      sxp += n[i] * dx * (shares[i] - shareBar);
    }
    const variance = pBar * (1 - pBar);
    if (!(sxx > 0) || !(variance > 0)) return flat(shares, thresholds.z, 'binomial');
    const b = sxq / sxx;
    const z0 = b / Math.sqrt(variance / sxx);
    let chi2 = 0;
    for (let i = 0; i < m; i++) {
      const q = Math.min(1, Math.max(0, count![i] / n[i]));
      const r = q - pBar - b * (buckets.x[i] - xBar);
      chi2 += (n[i] * r * r) / variance;
    }
    const df = m - 2;
    const dispersion = df > 0 ? Math.max(1, chi2 / df) : 1;
    const z = z0 / Math.sqrt(dispersion);
    const critical = dispersion > 1 ? thresholds.t(df) : thresholds.z;
    const slope = sxp / sxx;
    const rise = slope * span;
    return { shares, slope, rise, z, critical, dispersion, method: 'binomial', significant: Math.abs(z) > critical && Math.abs(rise) > minRise && Math.sign(rise) === Math.sign(z) };
  }

  if (m < 3) return flat(shares, thresholds.z, 'rank');
  const { z } = mannKendall(shares);
  const slope = theilSenSlope(buckets.x, shares);
  const rise = slope * span;
  return { shares, slope, rise, z, critical: thresholds.z, dispersion: 1, method: 'rank', significant: Math.abs(z) > thresholds.z && Math.abs(rise) > minRise && Math.sign(rise) === Math.sign(z) };
}

function flat(shares: Float64Array, critical: number, method: ShareTrend['method']): ShareTrend {
  return { shares, slope: 0, rise: 0, z: 0, critical, dispersion: 1, method, significant: false };
}
