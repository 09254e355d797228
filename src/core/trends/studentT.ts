/**
 * Student's t distribution, for tests whose variance is estimated from few points (a trend over a handful of
 * versions): the two-sided critical |t| with `df` degrees of freedom, Bonferroni-corrected like criticalZ.
 *
 * The CDF is the regularized incomplete beta function I_x(df/2, 1/2) with x = df / (df + t²), evaluated by its
 * continued fraction (modified Lentz); the quantile is found by bisection on it, which is plenty for a threshold.
 */
import { criticalZ } from '../diff/significance';

/** P(|T| > t) for T ~ t(df). */
export function twoSidedTailT(t: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`df must be > 0, not ${df}`);
  const x = df / (df + t * t);
  return regularizedBeta(x, df / 2, 0.5);
}

/** The Bonferroni-corrected two-sided critical |t| for `tests` comparisons at family-wise error `alpha`. */
export function criticalT(tests: number, df: number, alpha = 0.05): number {
  if (df >= 1000) return criticalZ(tests, alpha);
  const p = alpha / Math.max(1, tests);
  let lo = 0;
  let hi = 1;
  while (twoSidedTailT(hi, df) > p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-9 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (twoSidedTailT(mid, df) > p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  // The continued fraction converges fast for x < (a + 1) / (a + b + 2); use the symmetry otherwise.
  if (x < (a + 1) / (a + b + 2)) return (front * betaFraction(x, a, b)) / a;
  return 1 - (front * betaFraction(1 - x, b, a)) / b;
}

function betaFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < 1e-14) break;
  }
  return h;
}

/** ln Γ(z) for z > 0 (Lanczos, g = 7, n = 9). */
function logGamma(z: number): number {
  const g = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (z < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * z)) - logGamma(1 - z);
  const zz = z - 1;
  let s = g[0];
  for (let i = 1; i < 9; i++) s += g[i] / (zz + i);
  const t = zz + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (zz + 0.5) * Math.log(t) - t + Math.log(s);
}
