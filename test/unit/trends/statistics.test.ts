// The trend statistics against hand-computed cases: the Cochran–Armitage slope test with its dispersion
// correction, Mann–Kendall and Theil–Sen, Student's t, and noise-only series that must not be flagged.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { leastSquaresSlope, mannKendall, theilSenSlope } from '../../../src/core/trends/kendall';
import { shareTrend, TrendThresholds } from '../../../src/core/trends/shareTrend';
import { sparkline } from '../../../src/core/trends/sparkline';
import { criticalT, twoSidedTailT } from '../../../src/core/trends/studentT';
import { binomial, normal, seeded } from './helpers/random';

const close = (actual: number, expected: number, tolerance = 1e-4) => assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} is not ${expected} ± ${tolerance}`);
const buckets = (x: number[], n: number[]) => ({ x: Float64Array.from(x), total: Float64Array.from(n), countTotal: Float64Array.from(n) });

describe('shareTrend (binomial)', () => {
  it('10, 20, 30 of 100 samples at x = 0, 1, 2: slope 0.1 per step, z = 0.1 / √(0.16/200) = 3.5355', () => {
    const t = shareTrend(buckets([0, 1, 2], [100, 100, 100]), [10, 20, 30], [10, 20, 30]);
    close(t.slope, 0.1, 1e-12);
    close(t.rise, 0.2, 1e-12);
    close(t.z, 3.5355, 1e-4);
    assert.equal(t.dispersion, 1, 'the shares lie on the line: no extra dispersion');
    close(t.critical, 1.96, 1e-3);
    assert.equal(t.significant, true);
    assert.deepEqual([...t.shares], [0.1, 0.2, 0.3]);
  });

  it('the same rise against 1000 functions tested at once is not enough (Bonferroni: critical z 4.06)', () => {
    const t = shareTrend(buckets([0, 1, 2], [100, 100, 100]), [10, 20, 30], [10, 20, 30], { tests: 1000 });
    close(t.critical, 4.0556, 1e-3);
    assert.equal(t.significant, false);
  });

  it('weights buckets by their samples: 5 of 50, then 60 of 200 — p̄ = 0.26, x̄ = 0.8, Sxx = 40, z = 2.8837', () => {
    // Sxx = 50·0.64 + 200·0.04 = 40; b = [50·(−0.8)(0.1 − 0.26) + 200·0.2·(0.3 − 0.26)] / 40 = 8 / 40 = 0.2;
    // var = 0.26·0.74 / 40.
    const t = shareTrend(buckets([0, 1], [50, 200]), [5, 60], [5, 60]);
    close(t.slope, 0.2, 1e-12); // the displayed slope is of the value shares: 0.3 − 0.1
    close(t.z, 0.2 / Math.sqrt(0.1924 / 40), 1e-9);
    close(t.z, 2.8837, 1e-4);
    assert.equal(t.dispersion, 1, 'two buckets leave no degree of freedom to estimate dispersion');
  });

  it('scatter around the line beyond binomial noise divides z by √φ and uses Student t on m − 2 df', () => {
    // Shares 0.1, 0.3, 0.2, 0.4 of 100 each at x = 0..3: p̄ = 0.25, Sxx = 500, b = 0.08 (per step),
    // residuals −0.03, 0.09, −0.09, 0.03 → χ² = 100·0.018/0.1875 = 9.6, φ = 4.8, z = 0.08/√(0.1875/500)/√4.8.
    const t = shareTrend(buckets([0, 1, 2, 3], [100, 100, 100, 100]), [10, 30, 20, 40], [10, 30, 20, 40]);
    close(t.slope, 0.08, 1e-12);
    close(t.dispersion, 4.8, 1e-9);
    close(t.z, 0.08 / Math.sqrt(0.1875 / 500) / Math.sqrt(4.8), 1e-9);
    close(t.critical, 4.3027, 1e-3); // t(0.975, 2 df)
    assert.equal(t.significant, false);
  });

  it('a constant share, a share of 0 and a share of 1 are flat', () => {
    for (const k of [[20, 20, 20], [0, 0, 0], [100, 100, 100]]) {
      const t = shareTrend(buckets([0, 1, 2], [100, 100, 100]), k, k);
      assert.equal(t.z, 0);
      assert.equal(t.significant, false);
    }
  });

  it('a falling share has negative slope and z, and is significant as a fall', () => {
    const t = shareTrend(buckets([0, 1, 2], [1000, 1000, 1000]), [300, 200, 100], [300, 200, 100]);
    assert.ok(t.slope < 0 && t.z < 0 && t.rise < 0);
    assert.equal(t.significant, true);
  });

  it('minRise: a significant rise smaller than the floor does not count', () => {
    const n = [1e6, 1e6, 1e6];
    const k = [10_000, 10_500, 11_000]; // +0.1 point over the span, far beyond noise at 10^6 samples
    assert.equal(shareTrend(buckets([0, 1, 2], n), k, k).significant, true);
    assert.equal(shareTrend(buckets([0, 1, 2], n), k, k, { minRise: 0.002 }).significant, false);
  });
});

describe('noise-only series are not called trends', () => {
  it('binomial noise around a constant share: at most alpha of the families flag anything', () => {
    const rand = seeded(7);
    let familiesFlagged = 0;
    const families = 200;
    const functions = 50;
    for (let f = 0; f < families; f++) {
      const thresholds = new TrendThresholds(functions);
      const x = Array.from({ length: 24 }, (_, i) => i * 3_600_000);
      const n = x.map(() => 500 + Math.floor(rand() * 1500));
      let flagged = false;
      for (let fn = 0; fn < functions; fn++) {
        const p = 0.001 + rand() * 0.2;
        const k = n.map((ni) => binomial(rand, ni, p));
        if (shareTrend(buckets(x, n), k, k, thresholds).significant) flagged = true;
      }
      if (flagged) familiesFlagged++;
    }
    // Family-wise error 5% by design: expect about 10 of 200; 20 would be a broken test.
    assert.ok(familiesFlagged <= 20, `${familiesFlagged} of ${families} families flagged a noise-only function`);
  });

  it('extra-binomial noise (the share wanders ±30% from hour to hour) is not called a trend either', () => {
    const rand = seeded(11);
    const x = Array.from({ length: 48 }, (_, i) => i);
    const n = x.map(() => 200_000);
    let flagged = 0;
    let naiveFlagged = 0;
    const thresholds = new TrendThresholds(100);
    for (let fn = 0; fn < 100; fn++) {
      const k = n.map((ni) => binomial(rand, ni, Math.max(0, 0.05 * (1 + 0.3 * normal(rand)))));
      const t = shareTrend(buckets(x, n), k, k, thresholds);
      if (t.significant) flagged++;
      if (Math.abs(t.z * Math.sqrt(t.dispersion)) > thresholds.z) naiveFlagged++;
    }
    assert.ok(flagged <= 1, `${flagged} of 100 wandering series flagged`);
    assert.ok(naiveFlagged > 30, `without the dispersion correction ${naiveFlagged} of 100 would have been (the correction is what holds)`);
  });

  it('a slow real rise under the same wandering is still found', () => {
    const rand = seeded(13);
    const x = Array.from({ length: 48 }, (_, i) => i);
    const n = x.map(() => 200_000);
    const k = x.map((i, j) => binomial(rand, n[j], 0.05 * (1 + 0.1 * normal(rand)) + 0.001 * i)); // +4.7 points over two days
    const t = shareTrend(buckets(x, n), k, k, new TrendThresholds(100));
    assert.equal(t.significant, true);
    close(t.rise, 0.047, 0.01);
  });
});

describe('shareTrend without sample counts (rank test)', () => {
  it('a strictly rising series of 6: S = 15, Var(S) = 6·5·17/18, z = 14/√28.33 = 2.6300', () => {
    const b = { x: Float64Array.from([0, 1, 2, 3, 4, 5]), total: Float64Array.from([10, 10, 10, 10, 10, 10]), countTotal: new Float64Array(6) };
    const t = shareTrend(b, [1, 2, 3, 4, 5, 6], undefined);
    assert.equal(t.method, 'rank');
    close(t.z, 14 / Math.sqrt((6 * 5 * 17) / 18), 1e-9);
    close(t.slope, 0.1, 1e-12);
    assert.equal(t.significant, true);
  });
});

describe('Mann–Kendall, Theil–Sen, Student t', () => {
  it('Mann–Kendall counts concordant minus discordant pairs, with the tie correction', () => {
    const mk = mannKendall([1, 3, 2, 2, 5]);
    // pairs: (1,3)+ (1,2)+ (1,2)+ (1,5)+ (3,2)− (3,2)− (3,5)+ (2,2)0 (2,5)+ (2,5)+ → S = 5
    assert.equal(mk.s, 5);
    close(mk.tau, 0.5, 1e-12);
    // Var = [5·4·15 − 2·1·9] / 18 = 282/18; z = (5 − 1)/√(282/18)
    close(mk.z, 4 / Math.sqrt(282 / 18), 1e-12);
    // tau-b: one tied pair of 10 → 5 / √(10 · 9)
    close(mk.tauB, 5 / Math.sqrt(90), 1e-12);
    // Steps: 12 concordant pairs, 3 tied of 15 → tau-a 0.8, tau-b 12 / √(15 · 12) = 0.894
    const steps = mannKendall([1, 1, 2, 2, 3, 3]);
    close(steps.tau, 0.8, 1e-12);
    close(steps.tauB, 12 / Math.sqrt(180), 1e-12);
  });

  it('least squares: slope 1.2 for 1, 2, 2, 5 at x = 0..3', () => {
    // x̄ = 1.5, ȳ = 2.5; Sxy = (−1.5)(−1.5) + (−0.5)(−0.5) + 0.5(−0.5) + 1.5·2.5 = 6, Sxx = 5 → 1.2
    close(leastSquaresSlope([0, 1, 2, 3], [1, 2, 2, 5]), 1.2, 1e-12);
    assert.equal(leastSquaresSlope([1, 1], [0, 5]), 0);
  });

  it('Theil–Sen ignores one outlier: slope 1 for 0, 1, 2, 3, 100', () => {
    assert.equal(theilSenSlope([0, 1, 2, 3, 4], [0, 1, 2, 3, 100]), 1);
    assert.equal(theilSenSlope([0, 2], [1, 5]), 2);
  });

  it('Student t quantiles match the tables', () => {
    close(criticalT(1, 1), 12.7062, 1e-3);
    close(criticalT(1, 5), 2.5706, 1e-3);
    close(criticalT(1, 30), 2.0423, 1e-3);
    close(criticalT(10, 10), 3.5814, 1e-3); // alpha 0.005 two-sided
    close(twoSidedTailT(2.2281, 10), 0.05, 1e-4);
  });
});

describe('sparkline', () => {
  it('scales from 0 to the largest value, with gaps as spaces', () => {
    assert.equal(sparkline([1, 1, 2, 2, 3, 5, 7]), '▂▂▃▃▄▆█');
    assert.equal(sparkline([0, 0, 0]), '▁▁▁');
    assert.equal(sparkline([1, NaN, 2]), '▅ █');
    assert.equal(sparkline([1, 1, 3, 3], 2), '▃█');
  });
});
