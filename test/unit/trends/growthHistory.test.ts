// The heap snapshots memory growth reads (perflens growth, the editor's Memory growth view through the profile
// worker), on the committed real snapshots of the leaking Go test service (test/fixtures/growth/store): the planted
// leak ranks first, and asking again with the worker's cache decodes only the newest file (its frames place the
// sites) and what changed, with the same answer.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseSiteKey } from '../../../src/core/trends/allocationSites';
import { memoryGrowth } from '../../../src/core/trends/growth';
import { SnapshotCache, storeGrowthHistory } from '../../../src/sources/growthHistory';
import { LocalStore } from '../../../src/sources/store/local-store';

const fixtures = resolve(__dirname, '../../fixtures/growth');
const leakLine = readFileSync(join(fixtures, 'go-service/main.go'), 'utf8').split('\n').findIndex((l) => l.includes('// LEAK')) + 1;

describe('heap snapshots of a store, reduced once', () => {
  let dir: string;
  let store: LocalStore;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'perflens-growth-history-'));
    cpSync(join(fixtures, 'store'), dir, { recursive: true });
    store = new LocalStore(dir, { maxProfilesPerFetch: Number.MAX_SAFE_INTEGER });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const read = async (cache: SnapshotCache) => {
    let decoded = 0;
    const history = await storeGrowthHistory(store, { service: 'sessions', type: 'inuse_space', last: 200 }, (m) => assert.fail(m), async () => { decoded++; }, cache);
    const result = memoryGrowth(history.snapshots);
    return { decoded, history, top: parseSiteKey(history.index.keys[result.sites[0].key]), leaks: result.sites.filter((s) => s.leak).length };
  };

  it('ranks the planted leak first; asking again decodes only the newest snapshot, and a rewritten file again', async () => {
    const cache = new SnapshotCache();
    const first = await read(cache);
    assert.equal(first.decoded, 24);
    assert.deepEqual([first.top.name, first.top.line, first.leaks], ['main.handle', leakLine, 1]);
    assert.equal(first.history.type, 'inuse_space');
    assert.ok(first.history.last, 'the newest snapshot, decoded, places the sites');

    const again = await read(cache);
    assert.equal(again.decoded, 1, 'only the newest is decoded again');
    assert.deepEqual([again.top, again.leaks], [first.top, first.leaks]);
    assert.deepEqual(again.history.snapshots.map((s) => s.timeMs), first.history.snapshots.map((s) => s.timeMs));

    const folder = join(dir, 'sessions/v1/inuse_space');
    const oldest = join(folder, readdirSync(folder).sort()[0]);
    utimesSync(oldest, new Date(), new Date(Date.now() + 5000));
    assert.equal((await read(cache)).decoded, 2, 'the rewritten file and the newest');
  });
});
