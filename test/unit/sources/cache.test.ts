// The on-disk profile cache: complete entries only, verified on read.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CachedSource } from '../../../src/sources/cache/cached-source';
import { identityOf, FetchCache } from '../../../src/sources/cache/fetch-cache';
import type { FetchedProfile, FetchQuery, ProfileSource } from '../../../src/sources/types';
import { fixtureBytes } from './helpers/profiles';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'perflens-cache-test-'));
  dirs.push(d);
  return d;
};

const profile = (version: string, bytes = fixtureBytes('go/cpu.pb.gz')): FetchedProfile => ({
  bytes, gzipped: true, service: 'svc', version, type: 'cpu', timeMs: 1_000, durationMs: 60_000, origin: 'http://example.invalid/q',
});

const query: FetchQuery = { service: 'svc', type: 'cpu', versions: ['b', 'a'], range: { fromMs: 0, toMs: 10_000 } };

describe('profile cache', () => {
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('keys by source, identity, service, type, versions (any order) and range', () => {
    const base = { sourceId: 'pyroscope:http://h', identity: identityOf(['Bearer x']), query };
    const key = FetchCache.key(base);
    assert.match(key, /^[0-9a-f]{64}$/);
    assert.equal(FetchCache.key({ ...base, query: { ...query, versions: ['a', 'b'] } }), key);
    for (const changed of [
      { ...base, sourceId: 'pyroscope:http://other' },
      { ...base, identity: identityOf(['Bearer y']) },
      { ...base, query: { ...query, service: 'svc2' } },
      { ...base, query: { ...query, type: 'alloc_space' } },
      { ...base, query: { ...query, versions: ['a'] } },
      { ...base, query: { ...query, range: { fromMs: 0, toMs: 10_001 } } },
    ]) assert.notEqual(FetchCache.key(changed), key);
  });

  it('round-trips bytes and metadata, and treats a damaged entry as a miss', async () => {
    const cache = new FetchCache(tempDir());
    const key = FetchCache.key({ sourceId: 's', identity: '', query });
    const stored = [profile('a'), profile('b', fixtureBytes('go/heap.pb.gz'))];
    await cache.put(key, stored);
    const got = await cache.get(key);
    assert.deepEqual(got?.map((p) => ({ ...p, bytes: Buffer.from(p.bytes) })), stored.map((p) => ({ ...p, bytes: Buffer.from(p.bytes) })));

    const entry = join(cache.dir, key.slice(0, 2), key);
    truncateSync(join(entry, '1.pb.gz'), 10);
    assert.equal(await cache.get(key), undefined);
    assert.deepEqual(readdirSync(join(cache.dir, key.slice(0, 2))), [], 'the damaged entry is removed');

    await cache.put(key, stored);
    writeFileSync(join(entry, 'manifest.json'), '{"format": 1, "profiles": [');
    assert.equal(await cache.get(key), undefined);
  });

  it('caches only settled ranges of remote sources, and only successes', async () => {
    let calls = 0;
    let fail = false;
    const inner: ProfileSource = {
      kind: 'pyroscope', id: 'pyroscope:http://h', displayName: 'fake',
      listServices: async () => [], listProfileTypes: async () => [], listVersions: async () => [],
      fetchProfiles: async (q) => {
        calls++;
        if (fail) throw new Error('backend down');
        return [profile(q.versions?.[0] ?? 'x')];
      },
    };
    const dir = tempDir();
    const source = new CachedSource(inner, { cache: new FetchCache(dir), identity: 'id', now: () => 1_000_000, settleMs: 60_000 });
    const settled: FetchQuery = { service: 'svc', type: 'cpu', versions: ['a'], range: { fromMs: 0, toMs: 900_000 } };
    await source.fetchProfiles(settled);
    await source.fetchProfiles(settled);
    assert.equal(calls, 1);
    const recent: FetchQuery = { ...settled, range: { fromMs: 0, toMs: 990_000 } };
    await source.fetchProfiles(recent);
    await source.fetchProfiles(recent);
    assert.equal(calls, 3);
    fail = true;
    const other: FetchQuery = { ...settled, versions: ['b'] };
    await assert.rejects(source.fetchProfiles(other), /backend down/);
    fail = false;
    await source.fetchProfiles(other);
    assert.equal(calls, 5, 'the failure was not cached');
  });
});
