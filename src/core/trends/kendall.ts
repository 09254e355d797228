/**
 * Rank statistics of a series y over x (x strictly increasing): the Mann–Kendall trend test, Kendall's tau as a
 * measure of how steady a rise is, and the Theil–Sen slope (the median of the pairwise slopes), which one outlier
 * cannot move. They need no model of the noise, so they serve where sampling counts are unknown and for memory
 * snapshots, whose values are estimates scaled up from sampled allocations.
 */

export interface MannKendall {
  /** S = Σ_{i<j} sign(y_j − y_i). */
  readonly s: number;
  /** Kendall's tau (tau-a): S over the number of pairs; 1 when every later point is higher. */
  readonly tau: number;
  /** Kendall's tau-b: S corrected for ties, so a series that rises in steps and stays flat between them (a Go
   * heap profile changes only at each garbage collection) is not marked down for its flats as much as by tau-a. */
  readonly tauB: number;
  /** Normal approximation of S, with the tie correction and the continuity correction; 0 for fewer than 3 points. */
  readonly z: number;
}

export function mannKendall(y: ArrayLike<number>): MannKendall {
  const n = y.length;
  if (n < 2) return { s: 0, tau: 0, tauB: 0, z: 0 };
  let s = 0;
  for (let i = 0; i < n - 1; i++) {
    const yi = y[i];
    for (let j = i + 1; j < n; j++) {
      const d = y[j] - yi;
      if (d > 0) s++;
      else if (d < 0) s--;
    }
  }
  const pairs = (n * (n - 1)) / 2;
  if (n < 3) return { s, tau: s / pairs, tauB: s === 0 ? 0 : Math.sign(s), z: 0 };
  // Var(S) = [n(n−1)(2n+5) − Σ t(t−1)(2t+5)] / 18 over groups of t tied values.
  const sorted = Float64Array.from(y).sort();
  let ties = 0;
  let tiedPairs = 0;
  for (let i = 0; i < n; ) {
    let j = i + 1;
    while (j < n && sorted[j] === sorted[i]) j++;
    const t = j - i;
    if (t > 1) {
      ties += t * (t - 1) * (2 * t + 5);
      tiedPairs += (t * (t - 1)) / 2;
    }
    i = j;
  }
  const variance = (n * (n - 1) * (2 * n + 5) - ties) / 18;
  const z = variance <= 0 || s === 0 ? 0 : (s - Math.sign(s)) / Math.sqrt(variance);
  const untied = pairs - tiedPairs;
  return { s, tau: s / pairs, tauB: untied > 0 ? s / Math.sqrt(pairs * untied) : 0, z };
}

/** The least-squares slope of y on x; 0 for fewer than 2 points or no spread in x. */
export function leastSquaresSlope(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = Math.min(x.length, y.length);
  if (n < 2) return 0;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
  }
  return sxx > 0 ? sxy / sxx : 0;
}

/** The median of (y_j − y_i) / (x_j − x_i) over all pairs i < j; 0 for fewer than 2 points. */
export function theilSenSlope(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = Math.min(x.length, y.length);
  if (n < 2) return 0;
  const slopes = new Float64Array((n * (n - 1)) / 2);
  let k = 0;
  for (let i = 0; i < n - 1; i++) {
    for (let j = i + 1; j < n; j++) {
      const dx = x[j] - x[i];
      if (dx !== 0) slopes[k++] = (y[j] - y[i]) / dx;
    }
  }
  if (k === 0) return 0;
  const used = slopes.subarray(0, k).sort();
  return k % 2 === 1 ? used[(k - 1) / 2] : (used[k / 2 - 1] + used[k / 2]) / 2;
}
