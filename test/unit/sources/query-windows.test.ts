// Pyroscope's max-query-length: ranges split into windows that cover the range exactly once (both ends of a
// window are included by the server), and the limit read from the server's own refusal.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeLimit, parsePrometheusDuration, queryLengthLimit, splitRange } from '../../../src/sources/pyroscope/query-windows';

const H = 3_600_000;

describe('Pyroscope query windows', () => {
  it('keeps a range that fits (the limit itself included) in one window', () => {
    assert.deepEqual(splitRange({ fromMs: 0, toMs: 24 * H }, 24 * H), [{ startMs: 0, endMs: 24 * H }]);
    assert.deepEqual(splitRange({ fromMs: 5, toMs: 6 }, 24 * H), [{ startMs: 5, endMs: 6 }]);
  });

  it('splits a longer range into windows no longer than the limit, each ending 1 ms before the next starts', () => {
    const from = 1_700_000_000_000;
    const windows = splitRange({ fromMs: from, toMs: from + 50 * H }, 24 * H);
    assert.deepEqual(windows, [
      { startMs: from, endMs: from + 24 * H - 1 },
      { startMs: from + 24 * H, endMs: from + 48 * H - 1 },
      { startMs: from + 48 * H, endMs: from + 50 * H },
    ]);
    for (const w of windows) assert.ok(w.endMs - w.startMs <= 24 * H);
    const exact = splitRange({ fromMs: 0, toMs: 48 * H }, 24 * H);
    assert.deepEqual(exact.map((w) => [w.startMs, w.endMs]), [[0, 24 * H - 1], [24 * H, 48 * H]]);
  });

  it('reads the limit from the refusal Pyroscope sends (pkg/validation QueryTooLongErrorMsg)', () => {
    assert.equal(queryLengthLimit('the query time range exceeds the limit (max_query_length, actual: 50h0m0s, limit: 1d)'), 24 * H);
    assert.equal(queryLengthLimit('invalid_argument: the query time range exceeds the limit (max_query_length, actual: 3h0m0s, limit: 1h30m)'), 1.5 * H);
    assert.equal(queryLengthLimit('some other invalid argument'), undefined);
  });

  it('parses Prometheus durations and prints limits the same way', () => {
    assert.equal(parsePrometheusDuration('1w2d'), 9 * 24 * H);
    assert.equal(parsePrometheusDuration('500ms'), 500);
    for (const bad of ['', '0', '1x', 'h', '-1h']) assert.equal(parsePrometheusDuration(bad), undefined, bad);
    assert.equal(describeLimit(24 * H), '1d');
    assert.equal(describeLimit(6 * H), '6h');
    assert.equal(describeLimit(90 * 60_000), '90m');
  });
});
