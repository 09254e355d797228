// Values as a person reads them in the CLI and the editor.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatPercent, formatPoints, formatShare, formatShareChange, formatValue, unitInfo } from '../../../src/core/format/units';

describe('formatValue', () => {
  it('formats durations from any pprof time unit', () => {
    assert.equal(formatValue(1.2e9, 'nanoseconds'), '1.2 s');
    assert.equal(formatValue(1_210_000_000, 'nanoseconds'), '1.21 s');
    assert.equal(formatValue(620_000_000, 'nanoseconds'), '620 ms');
    assert.equal(formatValue(4_580_000, 'nanoseconds'), '4.58 ms');
    assert.equal(formatValue(1500, 'nanoseconds'), '1.5 µs');
    assert.equal(formatValue(999, 'nanoseconds'), '999 ns');
    assert.equal(formatValue(90, 'seconds'), '1.5 min');
    assert.equal(formatValue(2500, 'milliseconds'), '2.5 s');
    assert.equal(formatValue(7_200e9, 'nanoseconds'), '2 h');
    assert.equal(formatValue(0, 'nanoseconds'), '0 ns');
    assert.equal(formatValue(-30e6, 'nanoseconds'), '-30 ms');
    assert.equal(formatValue(999.7e6, 'nanoseconds'), '1 s');
    assert.equal(formatValue(0.4, 'nanoseconds'), '0.4 ns');
  });

  it('formats sizes in powers of 1024, as pprof does', () => {
    assert.equal(formatValue(340 * 1024 * 1024, 'bytes'), '340 MB');
    assert.equal(formatValue(1536, 'bytes'), '1.5 kB');
    assert.equal(formatValue(512, 'bytes'), '512 B');
    assert.equal(formatValue(3 * 1024 ** 3, 'bytes'), '3 GB');
    assert.equal(formatValue(2, 'kilobytes'), '2 kB');
  });

  it('formats counts with k/M/G and keeps unknown units', () => {
    assert.equal(formatValue(12_000, 'count'), '12k');
    assert.equal(formatValue(12_345, 'count'), '12.3k');
    assert.equal(formatValue(1_500_000, ''), '1.5M');
    assert.equal(formatValue(42, 'count'), '42');
    assert.equal(formatValue(3000, 'requests'), '3k requests');
  });

  it('classifies units', () => {
    assert.deepEqual(unitInfo('nanoseconds'), { kind: 'time', factor: 1 });
    assert.deepEqual(unitInfo('bytes'), { kind: 'bytes', factor: 1 });
    assert.equal(unitInfo('count').kind, 'count');
  });
});

describe('formatShare', () => {
  it('prints two decimals like pprof, and 0% of nothing', () => {
    assert.equal(formatShare(620, 2680), '23.13%');
    assert.equal(formatShare(2680, 2680), '100.00%');
    assert.equal(formatShare(0, 2680), '0.00%');
    assert.equal(formatShare(5, 0), '0%');
  });
});

describe('formatPercent, formatPoints, formatShareChange', () => {
  it('a share with one decimal, tiny ones as <0.1% (never 0.0%), or significant digits for thresholds', () => {
    assert.equal(formatPercent(0.084), '8.4%');
    assert.equal(formatPercent(0.0004), '<0.1%');
    assert.equal(formatPercent(0), '0%');
    assert.equal(formatPercent(1e-4, 2), '0.01%');
    assert.equal(formatPercent(0.000123, 2), '0.012%');
  });

  it('a change in share points with its sign, and both shares, as the gutter and the diff flame graph spell it', () => {
    assert.equal(formatPoints(0.021), '+2.1 pts');
    assert.equal(formatPoints(-0.0004), '−<0.1 pts');
    assert.equal(formatShareChange(0.031, 0.154), '▲ +12.3 pts (3.1% → 15.4%)');
    assert.equal(formatShareChange(0.2, 0.1), '▼ −10.0 pts (20.0% → 10.0%)');
    assert.equal(formatShareChange(0.1, 0.1), '· +0.0 pts (10.0% → 10.0%)');
  });
});
