// Retention on a real store written by the store writer: by age, by total size, never touching files a user
// dropped in by hand, removing crash leftovers (stale temp files) and emptied folders.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { applyRetention } from '../../../src/collector/retention';
import { writeStoreProfile } from '../../../src/sources/store/store-writer';
import { fixtureBytes } from '../sources/helpers/profiles';
import { allFiles } from './helpers/shop';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);

describe('retention', () => {
  let store: string;
  beforeEach(() => {
    store = mkdtempSync(join(tmpdir(), 'perflens-retention-'));
  });
  afterEach(() => rmSync(store, { recursive: true, force: true }));

  async function put(service: string, version: string, type: string, ageHours: number): Promise<string> {
    const bytes = fixtureBytes(type === 'cpu' ? 'go/cpu.pb.gz' : 'go/heap.pb.gz');
    return relative(store, await writeStoreProfile(store, { service, version, type, timeMs: NOW - ageHours * HOUR, bytes }));
  }

  it('deletes profiles older than the maximum age, whatever their service, and removes emptied folders', async () => {
    const old1 = await put('shop', 'v1', 'cpu', 30);
    const old2 = await put('api', 'v9', 'inuse_space', 25);
    const young1 = await put('shop', 'v1', 'cpu', 23);
    const young2 = await put('shop', 'v2', 'inuse_space', 1);
    const result = await applyRetention(store, { maxAgeMs: 24 * HOUR }, NOW);
    assert.deepEqual(result.deleted.map((p) => relative(store, p)).sort(), [old1, old2].sort());
    assert.deepEqual(allFiles(store), [young1, young2].sort());
    assert.throws(() => statSync(join(store, 'api')), /ENOENT/, 'the emptied service folder is gone');
  });

  it('deletes the oldest profiles until the store fits the size limit', async () => {
    const files = [];
    for (const age of [5, 4, 3, 2, 1]) files.push(await put('shop', 'v1', 'cpu', age));
    const size = statSync(join(store, files[0])).size;
    const result = await applyRetention(store, { maxBytes: size * 2 + 1 }, NOW);
    assert.deepEqual(result.deleted.map((p) => relative(store, p)), files.slice(0, 3), 'oldest first');
    assert.deepEqual(allFiles(store), files.slice(3).sort());
    assert.equal(result.keptBytes, size * 2);
  });

  it('applies age first, then size', async () => {
    const a = await put('shop', 'v1', 'cpu', 50);
    const b = await put('shop', 'v1', 'cpu', 3);
    const c = await put('shop', 'v1', 'cpu', 2);
    const size = statSync(join(store, b)).size;
    const result = await applyRetention(store, { maxAgeMs: 48 * HOUR, maxBytes: size }, NOW);
    assert.deepEqual(result.deleted.map((p) => relative(store, p)), [a, b]);
    assert.deepEqual(allFiles(store), [c]);
  });

  it('never deletes files dropped in by hand, and clears only stale temp files', async () => {
    await put('shop', 'v1', 'cpu', 100);
    mkdirSync(join(store, 'dropped'), { recursive: true });
    writeFileSync(join(store, 'dropped', 'from-prod.pb.gz'), fixtureBytes('go/cpu.pb.gz'));
    const dir = join(store, 'shop', 'v1', 'cpu');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, '.1790000000000.1.aaaa.tmp'), 'partial');
    writeFileSync(join(dir, '.1790000000000.2.bbbb.tmp'), 'partial');
    const twoHoursAgo = (Date.now() - 2 * HOUR) / 1000;
    utimesSync(join(dir, '.1790000000000.1.aaaa.tmp'), twoHoursAgo, twoHoursAgo);
    await applyRetention(store, { maxAgeMs: HOUR, maxBytes: 1 }, NOW);
    assert.deepEqual(allFiles(store), ['dropped/from-prod.pb.gz', 'shop/v1/cpu/.1790000000000.2.bbbb.tmp']);
  });
});
