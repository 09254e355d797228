import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { timeRange, withThousands } from '../../../src/editor/profileLabel';

describe('profile label: the time range users read in the status bar and hovers', () => {
  const at = Date.UTC(2026, 10, 24, 10, 0, 5);
  it('shows an hour-long merge as a range of minutes', () => {
    assert.equal(timeRange(at, 3_600_000), '2026-11-24 10:00–11:00 UTC');
  });
  it('shows a short capture with seconds and its length', () => {
    assert.equal(timeRange(at, 30_000), '2026-11-24 10:00:05 UTC · 30 s');
  });
  it('names the end day when the range crosses midnight', () => {
    assert.equal(timeRange(Date.UTC(2026, 10, 24, 23, 30), 3_600_000), '2026-11-24 23:30–2026-11-25 00:30 UTC');
  });
  it('shows just the start when the duration is unknown', () => {
    assert.equal(timeRange(at, 0), '2026-11-24 10:00 UTC');
  });
  it('writes sample counts with thousands separators, as en-US does', () => {
    for (const n of [0, 7, 999, 1000, 12_345, 999_999, 1_043_659, 12_345_678_901, -4321]) assert.equal(withThousands(n), n.toLocaleString('en-US'));
  });
});
