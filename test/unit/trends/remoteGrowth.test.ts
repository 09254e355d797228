// Memory growth of a remote source (sources/remoteGrowth.ts, then growthHistory.ts bucketGrowthHistory as the
// profile worker runs it): the committed real heap snapshots of the leaking Go test service (test/fixtures/growth)
// served by a source as Pyroscope and Parca serve them — two processes (each snapshot taken twice, as instances a
// and b), a bucket's merge the sum of every snapshot in it, and a count of the snapshots per series in each bucket.
// The snapshots are 25 s apart, so the buckets hold two or three each: a merge alone would go up and down with
// that; divided by the snapshots per series it is the two processes' in-use memory averaged over the bucket.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { parseProfile } from '../../../src/core/profile/parse';
import { parseSiteKey } from '../../../src/core/trends/allocationSites';
import { memoryGrowth } from '../../../src/core/trends/growth';
import { snapshotSites } from '../../../src/core/trends/snapshotSites';
import { KeyIndex } from '../../../src/core/trends/summary';
import { SourceError } from '../../../src/sources/errors';
import { bucketGrowthHistory } from '../../../src/sources/growthHistory';
import { MAX_ADAPTIVE_MERGES } from '../../../src/sources/remoteBuckets';
import { countsUnavailable, remoteSnapshots } from '../../../src/sources/remoteGrowth';
import { bucketStartOf, SnapshotTally } from '../../../src/sources/snapshotTally';
import type { FetchedProfile, FetchQuery, ProfileSource, SnapshotCountQuery } from '../../../src/sources/types';
import { sumProfiles } from './helpers/sumProfiles';

const fixtures = resolve(__dirname, '../../fixtures/growth');
const folder = join(fixtures, 'store/sessions/v1/inuse_space');
const leakLine = readFileSync(join(fixtures, 'go-service/main.go'), 'utf8').split('\n').findIndex((l) => l.includes('// LEAK')) + 1;
const DAY = 24 * 3_600_000;
const UNTIL = Date.UTC(2026, 11, 7, 14, 0);
const snapshots = readdirSync(folder).sort().map((f, i, all) => {
  const bytes = new Uint8Array(readFileSync(join(folder, f)));
  return { bytes, timeMs: UNTIL - (all.length - i) * 25_000, total: snapshotSites(parseProfile(bytes, f), 'inuse_space', new KeyIndex()).sites.totals[0] };
});
const INSTANCES = ['a', 'b'];

/** Two processes' snapshots behind a server's merge and (unless `counts` is false) snapshot count calls. */
function server(counts: boolean): ProfileSource & { merges: number } {
  const inRange = (r: { fromMs: number; toMs: number }) => snapshots.filter((s) => s.timeMs >= r.fromMs && s.timeMs <= r.toMs);
  const source: ProfileSource & { merges: number } = {
    kind: 'pyroscope', id: 'fake', displayName: 'Fake', merges: 0,
    listServices: async () => ['sessions'],
    listProfileTypes: async () => [],
    listVersions: async () => [],
    fetchProfiles: async (query: FetchQuery): Promise<FetchedProfile[]> => {
      source.merges++;
      const inside = inRange(query.range!);
      if (inside.length === 0) throw new SourceError('no-data', 'Fake', 'no profiles in the window', '');
      const bytes = sumProfiles(inside.flatMap((s) => INSTANCES.map(() => s.bytes)));
      return [{ bytes, gzipped: false, service: 'sessions', version: 'unknown', type: 'inuse_space', timeMs: query.range!.fromMs, origin: 'fake merge' }];
    },
  };
  if (counts) {
    source.snapshotCounts = async (q: SnapshotCountQuery) => {
      const tally = new SnapshotTally();
      for (const s of inRange(q.range)) for (const instance of INSTANCES) tally.add(bucketStartOf(s.timeMs, q.widthMs), instance, 1);
      return tally.counts('counted by the fake');
    };
  }
  return source;
}

const ask = (source: ProfileSource) => remoteSnapshots(source, { service: 'sessions', type: 'inuse_space', untilMs: UNTIL, spanMs: 14 * DAY, buckets: 14 }, (m) => assert.fail(m));

describe('memory growth of a remote source: each bucket\'s merge averaged by its snapshots per series', () => {
  it('gives each bucket the two processes\' in-use total averaged over its snapshots, and ranks the planted leak first', async () => {
    const source = server(true);
    const found = (await ask(source))!;
    assert.ok(found.merges <= MAX_ADAPTIVE_MERGES && found.merges === source.merges, `${found.merges} merges said, ${source.merges} asked`);
    const history = bucketGrowthHistory(found.buckets, found.widthMs, 'inuse_space', (m) => assert.fail(m));
    assert.ok(history.snapshots.length >= 8, `${history.snapshots.length} buckets of ${found.widthMs} ms`);
    const counted = new Set<number>();
    for (const [i, b] of found.buckets.entries()) {
      const inBucket = snapshots.filter((s) => bucketStartOf(s.timeMs, found.widthMs) === b.startMs);
      counted.add(inBucket.length);
      assert.equal(b.snapshotsPerSeries, inBucket.length);
      const mean = inBucket.reduce((sum, s) => sum + s.total, 0) / inBucket.length;
      assert.ok(Math.abs(history.snapshots[i].sites.totals[0] - INSTANCES.length * mean) <= 1e-9 * mean, `bucket ${i}: ${history.snapshots[i].sites.totals[0]} vs ${INSTANCES.length} × ${mean}`);
      assert.equal(history.snapshots[i].timeMs, b.startMs + found.widthMs / 2);
    }
    assert.ok(counted.size > 1, `buckets hold different numbers of snapshots: ${[...counted]}`);
    const result = memoryGrowth(history.snapshots);
    const top = parseSiteKey(history.index.keys[result.sites[0].key]);
    assert.deepEqual([top.name, top.line, result.sites[0].leak], ['main.handle', leakLine, true]);
    assert.equal(result.sites.filter((s) => s.leak).length, 1);
    assert.match(found.provenance, new RegExp(`^averaged per \\d+ \\w+ bucket from ${snapshots.length * INSTANCES.length} snapshots of Fake \\(each bucket's merge divided by its snapshots per series, a series there for part of a bucket counted for that part; 2\\.4 snapshots per series in a whole bucket, from the mean snapshots of a series in the buckets it was there throughout; 2 series at most\\)$`));
  });

  it('asks nothing of a source that cannot count snapshots, and says why there is no ranking', async () => {
    const source = server(false);
    assert.equal(await ask(source), undefined);
    assert.equal(source.merges, 0);
    assert.match(countsUnavailable(source), /^Fake cannot say how many heap snapshots a merge adds up/);
  });

  it('gives no ranking (undefined: the view says why) when the server answers without counts', async () => {
    const source = server(true);
    source.snapshotCounts = async () => ({ ...new SnapshotTally().counts('an older Parca'), unavailable: true });
    assert.equal(await ask(source), undefined);
  });
});
