// What a remote bucket's merge is divided by (core/trends/bucketDivisors.ts) when series come and go inside a bucket:
// pods scraped every 15 s into day buckets, each pod's in-use memory constant, a bucket's merge the sum of every
// snapshot in it. The truth is each pod's memory weighted by the part of the bucket it was up; the merge divided by
// the bucket's divisor must give it (dividing by the snapshots per series present doubled a scale-up's last day).
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bucketDivisors } from '../../../src/core/trends/bucketDivisors';
import { bucketStartOf, SnapshotTally } from '../../../src/sources/snapshotTally';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SCRAPE = 15_000;
const T0 = Date.UTC(2026, 11, 1);

interface Pod { readonly name: string; readonly memory: number; readonly upMs: number; readonly downMs: number }

/** Per day bucket over [T0, untilMs): the merge, the truth, and the divisor found from the scrapes' counts. */
function days(pods: readonly Pod[], untilMs: number) {
  const tally = new SnapshotTally();
  const merge = new Map<number, number>();
  for (const pod of pods) {
    // Scrapes at the pod's own phase (7 s after it came up), while it is up, in [T0, untilMs).
    for (let t = pod.upMs + 7_000; t < Math.min(pod.downMs, untilMs); t += SCRAPE) {
      if (t < T0) continue;
      const start = bucketStartOf(t, DAY);
      tally.add(start, pod.name, 1);
      merge.set(start, (merge.get(start) ?? 0) + pod.memory);
    }
  }
  const range = { fromMs: T0, toMs: untilMs };
  const { divisors, fullBucket } = bucketDivisors(tally.counts('test').buckets, DAY, range);
  const rows = [...merge.keys()].sort((a, b) => a - b).map((start) => {
    const end = Math.min(start + DAY, untilMs);
    const truth = pods.reduce((sum, p) => sum + p.memory * Math.max(0, Math.min(p.downMs, end) - Math.max(p.upMs, start)) / (end - start), 0);
    return { day: (start - T0) / DAY, averaged: merge.get(start)! / divisors.get(start)!, truth };
  });
  return { rows, fullBucket };
}

function assertTruth(rows: ReturnType<typeof days>['rows']): void {
  for (const r of rows) assert.ok(Math.abs(r.averaged - r.truth) <= 0.005 * r.truth, `day ${r.day}: averaged ${r.averaged}, truth ${r.truth}`);
}

describe('a remote bucket\'s divisor when series come and go inside it', () => {
  it('scale-up: a pod that starts at 23:00 counts for one 24th of its day, and a partial last day is averaged over its part', () => {
    const a = 1000;
    const b = 600;
    const untilMs = T0 + 3 * DAY + 12 * HOUR;
    const { rows, fullBucket } = days([
      { name: 'a', memory: a, upMs: T0 - DAY, downMs: Infinity },
      { name: 'b', memory: b, upMs: T0 + 2 * DAY + 23 * HOUR, downMs: Infinity },
    ], untilMs);
    assert.equal(fullBucket, DAY / SCRAPE);
    assertTruth(rows);
    // Hand-computed: a + b/24 on the day B came (not 1.92a + 0.08b), a + b on the half day after it.
    assert.ok(Math.abs(rows[2].averaged - (a + b / 24)) < 1, `${rows[2].averaged}`);
    assert.ok(Math.abs(rows[3].averaged - (a + b)) < 1, `${rows[3].averaged}`);
    assert.ok(Math.abs(rows[0].averaged - a) < 1e-9 && Math.abs(rows[1].averaged - a) < 1e-9);
  });

  it('rolling deploy: the old pod the first half of a day, the new one the second half, gives their mean (not their sum)', () => {
    const a = 1000;
    const b = 1400;
    const switchMs = T0 + 2 * DAY + 12 * HOUR;
    const { rows } = days([
      { name: 'a', memory: a, upMs: T0 - DAY, downMs: switchMs },
      { name: 'b', memory: b, upMs: switchMs, downMs: Infinity },
    ], T0 + 5 * DAY);
    assertTruth(rows);
    assert.ok(Math.abs(rows[2].averaged - (a + b) / 2) < 1, `${rows[2].averaged}`);
  });

  it('scale-down and a pod there for two hours of one day only: each counts for the part it was up', () => {
    const { rows } = days([
      { name: 'a', memory: 800, upMs: T0 - DAY, downMs: Infinity },
      { name: 'b', memory: 500, upMs: T0 - DAY, downMs: T0 + 3 * DAY + 6 * HOUR },
      { name: 'c', memory: 2000, upMs: T0 + DAY + 10 * HOUR, downMs: T0 + DAY + 12 * HOUR },
    ], T0 + 5 * DAY);
    assertTruth(rows);
    assert.equal(rows.length, 5);
  });

  it('without a bucket any series was there throughout, a full bucket is the most snapshots of one series in a whole one', () => {
    const { rows, fullBucket } = days([
      { name: 'a', memory: 1000, upMs: T0 - DAY, downMs: T0 + DAY },
      { name: 'b', memory: 1000, upMs: T0 + DAY + 18 * HOUR, downMs: Infinity },
    ], T0 + 2 * DAY);
    assert.equal(fullBucket, DAY / SCRAPE);
    assertTruth(rows);
  });
});

describe('a remote bucket\'s divisor where the service\'s profiles begin or end inside a bucket', () => {
  it('profiling switched on at 15:00 and the service stopped at 09:00 three days later: those days read the memory it had, not diluted by the hours it was not profiled', () => {
    const a = 1000;
    const b = 600;
    const { rows } = days([
      { name: 'a', memory: a, upMs: T0 + 15 * HOUR, downMs: T0 + 3 * DAY + 9 * HOUR },
      { name: 'b', memory: b, upMs: T0 + 15 * HOUR, downMs: T0 + 3 * DAY + 9 * HOUR },
    ], T0 + 5 * DAY);
    assert.equal(rows.length, 4);
    // Averaged over the whole day, the first would read 9/24 of it and the last 9/24: a step up, then down.
    for (const r of rows) assert.ok(Math.abs(r.averaged - (a + b)) < 1, `day ${r.day}: ${r.averaged}, not ${a + b}`);
  });

  it('a rolling restart in the bucket where profiles begin is not taken for two pods at once: the day is averaged whole', () => {
    const a = 1000;
    const b = 1400;
    // Old pod profiled from 03:00 to 12:00 of day 0, the new one from 12:00. The old one does not go on, so which
    // part of the day the service was profiled is not known from the counts: the whole day, as anywhere else (the
    // longest series' part would count both pods at once: (9a + 12b) / 12).
    const { rows } = days([
      { name: 'a', memory: a, upMs: T0 + 3 * HOUR, downMs: T0 + 12 * HOUR },
      { name: 'b', memory: b, upMs: T0 + 12 * HOUR, downMs: Infinity },
    ], T0 + 3 * DAY);
    const wholeDay = (a * 9 + b * 12) / 24;
    assert.ok(Math.abs(rows[0].averaged - wholeDay) < 1, `${rows[0].averaged}, not ${wholeDay}`);
    assert.ok(Math.abs(rows[1].averaged - b) < 1e-9 && Math.abs(rows[2].averaged - b) < 1e-9);
  });
});

describe('a remote bucket cut by the span\'s end to a sliver', () => {
  it('under two snapshots per series is left out (a pod scraped a moment later would read as gone); two or more is kept', () => {
    const counts = (untilMs: number) => {
      const tally = new SnapshotTally();
      // Two pods scraped every 15 s at different phases (3 s and 11 s after the minute), from before the span.
      for (const [pod, phase] of [['a', 3_000], ['b', 11_000]] as const) {
        for (let t = T0 + phase; t < untilMs; t += SCRAPE) tally.add(bucketStartOf(t, DAY), pod, 1);
      }
      return bucketDivisors(tally.counts('test').buckets, DAY, { fromMs: T0, toMs: untilMs });
    };
    // 10 s into day 2: pod a has its scrape there, pod b not yet.
    const sliver = counts(T0 + 2 * DAY + 10_000);
    assert.deepEqual(sliver.tooShort, [T0 + 2 * DAY]);
    assert.equal(sliver.divisors.has(T0 + 2 * DAY), false);
    assert.equal(sliver.divisors.get(T0 + DAY), DAY / SCRAPE);
    // 40 s into it: both pods have two or three scrapes; the bucket is kept, each pod there throughout its part.
    const kept = counts(T0 + 2 * DAY + 40_000);
    assert.deepEqual(kept.tooShort, []);
    // a scraped at 3, 18 and 33 s into the day, b at 11 and 26 s: five snapshots of two pods.
    assert.equal(kept.divisors.get(T0 + 2 * DAY), 5 / 2);
  });
});

describe('a remote bucket where two pods\' profiles begin a scrape apart', () => {
  it('reads both pods\' memory, not one of them for part of the bucket (a step up at the start)', () => {
    const WIDTH = 10_000;
    const tally = new SnapshotTally();
    // Scraped every second; profiling of pod a begins 6.2 s into the first bucket, of pod b 7.5 s into it (one
    // scrape fewer there), both going on for two more buckets.
    for (const [pod, first] of [['a', 6_200], ['b', 7_500]] as const) {
      for (let t = T0 + first; t < T0 + 3 * WIDTH; t += 1_000) tally.add(bucketStartOf(t, WIDTH), pod, 1);
    }
    const { divisors } = bucketDivisors(tally.counts('test').buckets, WIDTH, { fromMs: T0, toMs: T0 + 3 * WIDTH });
    const [a, b] = [4, 3];
    const memory = 256;
    // The merge of the first bucket: every snapshot of both pods; each holds the same memory throughout.
    assert.equal((a * memory + b * memory) / divisors.get(T0)!, 2 * memory);
    assert.equal(divisors.get(T0 + WIDTH), 10);
  });
});
