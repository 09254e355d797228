import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PRESETS, describeChoice, fromTextError, isRangeChoice, parseCustomRange, resolveRange, toTextError, windowOptions } from '../../../src/editor/timeRange/rangeChoice';

const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);
const HOUR = 3_600_000;

describe('time range choices', () => {
  it('the presets are windows ending now, of 15 minutes, an hour, a day and a week', () => {
    const spans = PRESETS.map((p) => resolveRange(p.choice, NOW)).filter((r) => r !== undefined).map((r) => r!.toMs - r!.fromMs);
    assert.deepEqual(spans, [15 * 60_000, HOUR, 24 * HOUR, 7 * 24 * HOUR]);
    for (const p of PRESETS) {
      const r = resolveRange(p.choice, NOW);
      if (r) assert.equal(r.toMs, NOW);
    }
  });

  it('the default (newest version) and "all time" are not time windows: the store fetches without a range', () => {
    assert.equal(resolveRange({ kind: 'newestVersion' }, NOW), undefined);
    assert.equal(resolveRange({ kind: 'all' }, NOW), undefined);
    assert.ok(PRESETS.some((p) => p.choice.kind === 'newestVersion'), 'the default can be picked again');
  });

  it('a custom range reads the CLI syntax: relative to now, ISO 8601, Unix seconds', () => {
    const r = parseCustomRange('now-2h', 'now-30m', NOW);
    assert.ok('choice' in r);
    assert.deepEqual(resolveRange(r.choice, NOW), { fromMs: NOW - 2 * HOUR, toMs: NOW - HOUR / 2 });
    const iso = parseCustomRange('2026-11-24T10:00:00Z', '2026-11-24T11:00:00Z', NOW);
    assert.ok('choice' in iso);
    assert.deepEqual(resolveRange(iso.choice, NOW), { fromMs: Date.UTC(2026, 10, 24, 10), toMs: Date.UTC(2026, 10, 24, 11) });
    const secs = parseCustomRange(String(Date.UTC(2026, 10, 24, 10) / 1000), '', NOW);
    assert.ok('choice' in secs, 'an empty end means now');
    assert.deepEqual(resolveRange(secs.choice, NOW), { fromMs: Date.UTC(2026, 10, 24, 10), toMs: NOW });
  });

  it('a custom range that is unreadable or backwards says what is wrong', () => {
    const bad = parseCustomRange('yesterday', 'now', NOW);
    assert.ok('error' in bad && /yesterday/.test(bad.error));
    const backwards = parseCustomRange('now', 'now-1h', NOW);
    assert.ok('error' in backwards && /after the start/.test(backwards.error));
    const badEnd = parseCustomRange('now-1h', 'soon', NOW);
    assert.ok('error' in badEnd && /soon/.test(badEnd.error));
  });

  it('describes each choice in words a status bar can show', () => {
    assert.equal(describeChoice({ kind: 'last', ms: 15 * 60_000 }), 'last 15 min');
    assert.equal(describeChoice({ kind: 'last', ms: HOUR }), 'last hour');
    assert.equal(describeChoice({ kind: 'last', ms: 7 * 24 * HOUR }), 'last 7 days');
    assert.equal(describeChoice({ kind: 'newestVersion' }, 'v2'), 'all of v2');
    assert.equal(describeChoice({ kind: 'custom', fromMs: Date.UTC(2026, 10, 24, 10), toMs: Date.UTC(2026, 10, 24, 10, 20) }), '2026-11-24 10:00–10:20 UTC');
    // Short windows (a drag over two 10 s profiles) need the seconds to tell them apart.
    assert.equal(describeChoice({ kind: 'custom', fromMs: Date.UTC(2026, 10, 24, 10, 0, 10), toMs: Date.UTC(2026, 10, 24, 10, 0, 30) }), '2026-11-24 10:00:10–10:00:30 UTC');
  });

  it('only well-formed choices come back from saved state', () => {
    assert.ok(isRangeChoice({ kind: 'last', ms: HOUR }));
    assert.ok(isRangeChoice({ kind: 'custom', fromMs: 1, toMs: 2 }));
    assert.ok(!isRangeChoice({ kind: 'custom', fromMs: 2, toMs: 1 }));
    assert.ok(!isRangeChoice({ kind: 'last', ms: -5 }));
    assert.ok(!isRangeChoice({ kind: 'everything' }));
    assert.ok(!isRangeChoice(null));
  });

  it('the start box accepts any readable time, even one after now, and names what it cannot read', () => {
    for (const ok of ['now-6h', 'now', '2026-11-24T10:00Z', '1795600000']) assert.equal(fromTextError(ok, NOW), undefined, ok);
    assert.match(fromTextError('last tuesday', NOW) ?? '', /"last tuesday" is not a time/);
    assert.match(fromTextError('', NOW) ?? '', /is not a time/, 'an empty start is not a start');
  });

  it('the end box names an unreadable end, and an end that is not after the start', () => {
    assert.equal(toTextError('now-6h', 'now', NOW), undefined);
    assert.equal(toTextError('now-6h', '', NOW), undefined, 'an empty end means now');
    assert.match(toTextError('now-6h', 'later', NOW) ?? '', /"later" is not a time/);
    assert.match(toTextError('now', 'now-1h', NOW) ?? '', /after the start/);
    assert.match(toTextError('2026-11-24T10:00Z', '2026-11-24T10:00Z', NOW) ?? '', /after the start/, 'an empty window is no window');
  });
});

describe('the time-range step of a remote load', () => {
  const windows = (options: ReturnType<typeof windowOptions>) => options.map((o) => (o.choice ? resolveRange(o.choice, NOW) : 'custom'));

  it('with no session range: the four presets ending now, then a custom range; never "all time" or "newest version"', () => {
    const options = windowOptions(undefined);
    assert.deepEqual(windows(options), [
      { fromMs: NOW - 15 * 60_000, toMs: NOW },
      { fromMs: NOW - HOUR, toMs: NOW },
      { fromMs: NOW - 24 * HOUR, toMs: NOW },
      { fromMs: NOW - 7 * 24 * HOUR, toMs: NOW },
      'custom',
    ]);
    assert.match(options.at(-1)!.label, /^Custom range/);
    assert.deepEqual(windowOptions({ kind: 'newestVersion' }), options, 'the store\'s default is not a window: nothing extra');
    assert.deepEqual(windowOptions({ kind: 'all' }), options);
  });

  it('a custom session range (dragged on the timeline) comes first, described, then every preset', () => {
    const dragged = { kind: 'custom' as const, fromMs: Date.UTC(2026, 10, 24, 9, 55), toMs: Date.UTC(2026, 10, 24, 10, 25) };
    const options = windowOptions(dragged);
    assert.equal(options[0].label, 'Current range: 2026-11-24 09:55–10:25 UTC');
    assert.deepEqual(resolveRange(options[0].choice!, NOW), { fromMs: dragged.fromMs, toMs: dragged.toMs }, 'the same window, not one relative to now');
    assert.equal(options.length, 6);
    assert.equal(windows(options).at(-1), 'custom');
  });

  it('a preset session range comes first and is not offered twice', () => {
    const options = windowOptions({ kind: 'last', ms: 24 * HOUR });
    assert.equal(options[0].label, 'Current range: last 24 hours');
    assert.deepEqual(windows(options), [
      { fromMs: NOW - 24 * HOUR, toMs: NOW },
      { fromMs: NOW - 15 * 60_000, toMs: NOW },
      { fromMs: NOW - HOUR, toMs: NOW },
      { fromMs: NOW - 7 * 24 * HOUR, toMs: NOW },
      'custom',
    ]);
  });
});
