// How the editor asks a remote source for a trend (sources/remoteBuckets.ts): the 14-day span in day buckets, then
// the part with profiles in narrower round buckets while that narrows them, never more than MAX_ADAPTIVE_MERGES
// merges; each bucket's window ends 1 ms before the next starts (Pyroscope and Parca take both ends), so a profile
// stamped on a boundary is in one bucket. The source here answers from a list of profile times, as a server would:
// a merge of the profiles in the window, or no data.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SourceError } from '../../../src/sources/errors';
import { adaptiveBuckets, MAX_ADAPTIVE_MERGES } from '../../../src/sources/remoteBuckets';
import type { FetchedProfile, FetchQuery, ProfileSource } from '../../../src/sources/types';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const UNTIL = Date.UTC(2026, 11, 7, 14, 0);

/** A source whose profiles were taken at `times`; a merge names the profiles it holds (their times) in its bytes. */
function sourceAt(times: readonly number[]): ProfileSource & { asked: { fromMs: number; toMs: number }[] } {
  const asked: { fromMs: number; toMs: number }[] = [];
  return {
    kind: 'pyroscope', id: 'fake', displayName: 'Fake', asked,
    listServices: async () => ['shop'],
    listProfileTypes: async () => [],
    listVersions: async () => [],
    fetchProfiles: async (query: FetchQuery): Promise<FetchedProfile[]> => {
      const range = query.range!;
      asked.push(range);
      const inside = times.filter((t) => t >= range.fromMs && t <= range.toMs);
      if (inside.length === 0) throw new SourceError('no-data', 'Fake', 'no profiles in the window', '');
      return [{ bytes: new TextEncoder().encode(inside.join(',')), gzipped: false, service: 'shop', version: 'unknown', type: 'cpu', timeMs: range.fromMs, origin: 'fake' } as FetchedProfile];
    },
  };
}

const ask = (source: ProfileSource) => adaptiveBuckets(source, { service: 'shop', type: 'cpu', range: { fromMs: UNTIL - 14 * DAY, toMs: UNTIL }, buckets: 14 }, (m) => assert.fail(m));
const held = (bytes: Uint8Array | undefined) => (bytes ? new TextDecoder().decode(bytes).split(',').map(Number) : []);

describe('remote trend buckets', () => {
  it('narrows 14 days to the two hours with profiles: day buckets, then 3-hour ones, then quarter hours', async () => {
    const times = Array.from({ length: 8 }, (_, i) => UNTIL - 2 * HOUR + i * 15 * MIN);
    const source = sourceAt(times);
    const found = await ask(source);
    assert.equal(found.widthMs, 15 * MIN);
    assert.ok(found.calls <= MAX_ADAPTIVE_MERGES && found.calls === source.asked.length, `${found.calls} calls, ${source.asked.length} asked`);
    // Every profile in exactly one bucket, each bucket holding the profile stamped on its start.
    const full = found.buckets.filter((b) => b.bytes);
    assert.deepEqual(full.flatMap((b) => held(b.bytes)), times);
    for (const b of full) assert.deepEqual(held(b.bytes), [b.startMs]);
    for (const r of source.asked) assert.ok((r.toMs + 1) % (15 * MIN) === 0 || r.toMs === UNTIL || (r.toMs + 1) % HOUR === 0, `window ends 1 ms before a bucket: ${new Date(r.toMs).toISOString()}`);
    assert.match(found.notes[0], new RegExp(`^${found.calls} merged profiles asked of Fake, in 15 minutes buckets$`));
  });

  it('keeps day buckets for a history spread over the two weeks, and asks nothing more', async () => {
    const source = sourceAt([UNTIL - 13 * DAY, UNTIL - 6 * DAY, UNTIL - HOUR]);
    const found = await ask(source);
    assert.equal(found.widthMs, DAY);
    assert.equal(found.calls, found.buckets.length);
    assert.equal(found.buckets.filter((b) => b.bytes).length, 3);
  });

  it('stops narrowing before MAX_ADAPTIVE_MERGES merges, and with no profiles asks the span once', async () => {
    // Profiles every few seconds for a minute: narrowing down to 5 s buckets would take more merges than allowed.
    const source = sourceAt(Array.from({ length: 30 }, (_, i) => UNTIL - 10 * MIN + i * 2000));
    const found = await ask(source);
    assert.ok(found.calls <= MAX_ADAPTIVE_MERGES, `${found.calls}`);
    assert.equal(found.widthMs, 5000);
    assert.equal(found.buckets.filter((b) => b.bytes).length, 12, 'a minute in 5-second buckets');
    const none = sourceAt([]);
    const empty = await ask(none);
    assert.equal(empty.widthMs, DAY);
    assert.equal(none.asked.length, 15);
    assert.equal(empty.buckets.filter((b) => b.bytes).length, 0);
  });
});
