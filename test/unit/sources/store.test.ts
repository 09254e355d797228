// The local store: layout folders written by the store writer, pprof files dropped anywhere inside it, and a store
// that changes while it is read. All files are real profiles from test/fixtures (Go runtime/pprof, @datadog/pprof).
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Label, Profile as PprofProfile } from 'pprof-format';
import { SourceError } from '../../../src/sources/errors';
import { LocalStore } from '../../../src/sources/store/local-store';
import { writeStoreProfile } from '../../../src/sources/store/store-writer';
import { createSource } from '../../../src/sources/create-source';
import { decode, fixtureBytes, flatByFunction } from './helpers/profiles';

const T0 = Date.UTC(2026, 7, 1, 9, 0, 0);
const MIN = 60_000;

/** A fixture with sample labels and comments added, as a profiler tagging its samples would write it. */
function labelled(rel: string, labels: Record<string, string>, comments: string[] = [], timeMs?: number): Buffer {
  const p = PprofProfile.decode(gunzipSync(fixtureBytes(rel)));
  const extra = Object.entries(labels).map(([k, v]) => new Label({ key: p.stringTable.dedup(k), str: p.stringTable.dedup(v) }));
  for (const s of p.sample) s.label = [...s.label, ...extra];
  p.comment = comments.map((c) => p.stringTable.dedup(c));
  if (timeMs !== undefined) p.timeNanos = BigInt(timeMs) * 1_000_000n;
  return gzipSync(p.encode());
}

describe('local store', () => {
  let root: string;
  let warnings: string[];
  let store: LocalStore;

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'perflens-store-'));
    warnings = [];
    store = new LocalStore(root, { onWarning: (m) => warnings.push(m) });
    await writeStoreProfile(root, { service: 'shop', version: 'v1.0.0', type: 'cpu', timeMs: T0, bytes: fixtureBytes('go/cpu.pb.gz') });
    await writeStoreProfile(root, { service: 'shop', version: 'v1.0.0', type: 'cpu', timeMs: T0 + 10 * MIN, bytes: fixtureBytes('go/cpu.pb.gz') });
    // Uncompressed bytes are stored gzipped.
    await writeStoreProfile(root, { service: 'shop', version: 'v1.1.0', type: 'cpu', timeMs: T0 + 60 * MIN, bytes: gunzipSync(fixtureBytes('go/cpu-trimpath.pb.gz')) });
    await writeStoreProfile(root, { service: 'shop', version: 'v1.1.0', type: 'heap', timeMs: T0 + 61 * MIN, bytes: fixtureBytes('go/heap.pb.gz') });
    await writeStoreProfile(root, { service: 'shop', version: 'v1.1.0', type: 'mutex', timeMs: T0 + 62 * MIN, bytes: fixtureBytes('go/mutex.pb.gz') });
    await writeStoreProfile(root, { service: 'shop', version: 'v1.1.0', type: 'block', timeMs: T0 + 63 * MIN, bytes: fixtureBytes('go/block.pb.gz') });
    await writeStoreProfile(root, { service: 'node-app', version: '2.3.4', type: 'wall', timeMs: T0 + 5 * MIN, bytes: fixtureBytes('node/wall.pb.gz') });
    await writeStoreProfile(root, { service: 'node-app', version: '2.3.4', type: 'heap', timeMs: T0 + 6 * MIN, bytes: fixtureBytes('node/heap.pb.gz') });
    // Dropped by hand: service and version from labels, from comments, or from nothing.
    mkdirSync(join(root, 'incoming', 'from-prod'), { recursive: true });
    writeFileSync(join(root, 'incoming', 'from-prod', 'checkout-cpu.pb.gz'), labelled('go/cpu.pb.gz', { service_name: 'checkout', service_git_ref: 'abc1234' }, [], T0 + 30 * MIN));
    writeFileSync(join(root, 'incoming', 'legacy.pprof'), labelled('go/heap.pb.gz', {}, ['service=billing', 'version: 7.0'], T0 + 31 * MIN));
    writeFileSync(join(root, 'mystery.pb.gz'), fixtureBytes('node/wall.pb.gz'));
  });

  after(() => rmSync(root, { recursive: true, force: true }));

  it('writes the documented layout, gzipped', () => {
    const files = readdirSync(root, { recursive: true }).map(String).filter((f) => f.endsWith('.pb.gz') && f.startsWith('shop')).sort();
    assert.deepEqual(files.map((f) => f.split(sep).join('/')), [
      `shop/v1.0.0/cpu/${T0}.pb.gz`,
      `shop/v1.0.0/cpu/${T0 + 10 * MIN}.pb.gz`,
      `shop/v1.1.0/block/${T0 + 63 * MIN}.pb.gz`,
      `shop/v1.1.0/cpu/${T0 + 60 * MIN}.pb.gz`,
      `shop/v1.1.0/heap/${T0 + 61 * MIN}.pb.gz`,
      `shop/v1.1.0/mutex/${T0 + 62 * MIN}.pb.gz`,
    ]);
    const stored = readFileSync(join(root, 'shop', 'v1.1.0', 'cpu', `${T0 + 60 * MIN}.pb.gz`));
    assert.deepEqual([stored[0], stored[1]], [0x1f, 0x8b]);
  });

  it('lists services from folders, labels, comments, and "unknown"', async () => {
    assert.deepEqual(await store.listServices(), ['billing', 'checkout', 'node-app', 'shop', 'unknown']);
  });

  it('lists the types a service\'s profiles really hold', async () => {
    const shop = (await store.listProfileTypes('shop')).map((t) => t.type);
    // A Go heap profile holds all four memory types; mutex and block folders tell the two look-alikes apart.
    assert.deepEqual(shop, ['cpu', 'alloc_space', 'alloc_objects', 'inuse_space', 'inuse_objects', 'mutex_delay', 'mutex_contentions', 'block_delay', 'block_contentions']);
    const node = await store.listProfileTypes('node-app');
    // A Node heap profile has only in-use types.
    assert.deepEqual(node.map((t) => t.type), ['wall', 'inuse_space', 'inuse_objects']);
    assert.equal(node.find((t) => t.type === 'inuse_space')?.sampleType, 'inuse_space');
  });

  it('lists versions with first and last seen, oldest first, per type and range', async () => {
    assert.deepEqual(await store.listVersions('shop'), [
      { version: 'v1.0.0', firstSeenMs: T0, lastSeenMs: T0 + 10 * MIN },
      { version: 'v1.1.0', firstSeenMs: T0 + 60 * MIN, lastSeenMs: T0 + 63 * MIN },
    ]);
    assert.deepEqual((await store.listVersions('shop', { type: 'alloc_space' })).map((v) => v.version), ['v1.1.0']);
    assert.deepEqual((await store.listVersions('shop', { range: { fromMs: T0 + 5 * MIN, toMs: T0 + 30 * MIN } })), [
      { version: 'v1.0.0', firstSeenMs: T0 + 10 * MIN, lastSeenMs: T0 + 10 * MIN },
    ]);
    assert.deepEqual(await store.listVersions('checkout'), [{ version: 'abc1234', firstSeenMs: T0 + 30 * MIN, lastSeenMs: T0 + 30 * MIN }]);
    assert.deepEqual(await store.listVersions('billing'), [{ version: '7.0', firstSeenMs: T0 + 31 * MIN, lastSeenMs: T0 + 31 * MIN }]);
  });

  it('fetches the raw bytes of every matching profile, oldest first, with metadata', async () => {
    const fetched = await store.fetchProfiles({ service: 'shop', type: 'cpu', versions: ['v1.0.0'] });
    assert.deepEqual(fetched.map((f) => [f.version, f.type, f.timeMs, f.gzipped]), [
      ['v1.0.0', 'cpu', T0, true],
      ['v1.0.0', 'cpu', T0 + 10 * MIN, true],
    ]);
    assert.deepEqual(Buffer.from(fetched[0].bytes), fixtureBytes('go/cpu.pb.gz'));
    assert.equal(relative(root, fetched[1].origin).split(sep).join('/'), `shop/v1.0.0/cpu/${T0 + 10 * MIN}.pb.gz`);

    const alloc = await store.fetchProfiles({ service: 'shop', type: 'allocs' });
    assert.equal(alloc.length, 1);
    assert.equal(alloc[0].type, 'alloc_space');
    assert.ok((flatByFunction(decode(alloc[0].bytes), 'alloc_space').get('example.com/shop/inventory.BuildCatalog') ?? 0) > 0);

    const block = await store.fetchProfiles({ service: 'shop', type: 'block_delay' });
    assert.deepEqual(Buffer.from(block[0].bytes), fixtureBytes('go/block.pb.gz'));

    const dropped = await store.fetchProfiles({ service: 'checkout', type: 'cpu' });
    assert.equal(dropped[0].version, 'abc1234');
    assert.equal(dropped[0].timeMs, T0 + 30 * MIN);
    const unknown = await store.fetchProfiles({ service: 'unknown', type: 'wall' });
    assert.equal(unknown[0].version, 'unknown');
  });

  it('says what the store has when nothing matches', async () => {
    await assert.rejects(store.fetchProfiles({ service: 'shop', type: 'goroutine' }), (e: unknown) => {
      assert.ok(e instanceof SourceError && e.kind === 'no-data');
      assert.match(e.message, /no 'goroutine' profiles for service 'shop'/);
      assert.match(e.message, /versions v1\.0\.0, v1\.1\.0/);
      return true;
    });
    await assert.rejects(store.fetchProfiles({ service: 'nope', type: 'cpu' }), /Services in the store: billing, checkout, node-app, shop, unknown/);
  });

  it('skips temp files and tolerates corrupt or truncated files with one warning each', async () => {
    const dir = join(root, 'shop', 'v1.0.0', 'cpu');
    const good = fixtureBytes('go/cpu.pb.gz');
    writeFileSync(join(dir, `${T0 + 20 * MIN}.pb.gz`), good.subarray(0, good.length >> 1));
    writeFileSync(join(dir, `.${T0 + 21 * MIN}.123.abc.tmp`), good);
    writeFileSync(join(dir, `${T0 + 22 * MIN}.pb.gz.tmp`), good);
    writeFileSync(join(root, 'incoming', 'garbage.pb.gz'), Buffer.from('not a profile at all'));
    try {
      const fetched = await store.fetchProfiles({ service: 'shop', type: 'cpu', versions: ['v1.0.0'] });
      assert.deepEqual(fetched.map((f) => f.timeMs), [T0, T0 + 10 * MIN]);
      await store.fetchProfiles({ service: 'shop', type: 'cpu', versions: ['v1.0.0'] });
      assert.equal(warnings.filter((w) => w.includes(`${T0 + 20 * MIN}.pb.gz`)).length, 1, warnings.join('\n'));
      assert.match(warnings.find((w) => w.includes('garbage.pb.gz')) ?? '', /not a profile PerfLens reads: text starting "not a profile at all".*skipped/);
      assert.ok(!warnings.some((w) => w.includes('.tmp')));
    } finally {
      rmSync(join(dir, `${T0 + 20 * MIN}.pb.gz`));
      rmSync(join(dir, `.${T0 + 21 * MIN}.123.abc.tmp`));
      rmSync(join(dir, `${T0 + 22 * MIN}.pb.gz.tmp`));
      rmSync(join(root, 'incoming', 'garbage.pb.gz'));
    }
  });

  it('reads consistently while a writer adds profiles', async () => {
    const live = mkdtempSync(join(tmpdir(), 'perflens-store-live-'));
    const liveWarnings: string[] = [];
    const reader = new LocalStore(live, { onWarning: (m) => liveWarnings.push(m) });
    try {
      await writeStoreProfile(live, { service: 'svc', version: 'v1', type: 'cpu', timeMs: T0, bytes: fixtureBytes('go/cpu.pb.gz') });
      let writing = true;
      const writer = (async () => {
        for (let i = 1; i <= 40; i++) await writeStoreProfile(live, { service: 'svc', version: 'v1', type: 'cpu', timeMs: T0 + i, bytes: fixtureBytes('go/cpu.pb.gz') });
        writing = false;
      })();
      let reads = 0;
      while (writing) {
        const got = await reader.fetchProfiles({ service: 'svc', type: 'cpu' });
        for (const p of got) assert.ok(decode(p.bytes).samples.count > 0);
        reads++;
      }
      await writer;
      assert.ok(reads > 0);
      assert.equal((await reader.fetchProfiles({ service: 'svc', type: 'cpu' })).length, 41);
      assert.deepEqual(liveWarnings, []);
    } finally {
      rmSync(live, { recursive: true, force: true });
    }
  });

  it('keeps any service or version name inside the store, and reads it back', async () => {
    const odd = mkdtempSync(join(tmpdir(), 'perflens-store-odd-'));
    try {
      const path = await writeStoreProfile(odd, { service: '../../etc', version: 'feature/x:y', type: 'cpu', timeMs: T0, bytes: fixtureBytes('go/cpu.pb.gz') });
      assert.ok(!relative(odd, path).startsWith('..'), path);
      assert.equal(relative(odd, path).split(sep).length, 4);
      const same = await writeStoreProfile(odd, { service: '../../etc', version: 'feature/x:y', type: 'cpu', timeMs: T0, bytes: fixtureBytes('go/cpu.pb.gz') });
      assert.notEqual(same, path, 'a second profile in the same millisecond gets its own file');
      const s = new LocalStore(odd);
      assert.deepEqual(await s.listServices(), ['../../etc']);
      assert.deepEqual((await s.listVersions('../../etc')).map((v) => v.version), ['feature/x:y']);
      assert.equal((await s.fetchProfiles({ service: '../../etc', type: 'cpu' })).length, 2);
    } finally {
      rmSync(odd, { recursive: true, force: true });
    }
  });

  it('an absent store folder is empty; a cancelled call says so; the factory reads a path as a store', async () => {
    const missing = new LocalStore(join(root, 'does-not-exist'));
    assert.deepEqual(await missing.listServices(), []);
    await assert.rejects(missing.fetchProfiles({ service: 'x', type: 'cpu' }), /the store has no profiles/);
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(store.fetchProfiles({ service: 'shop', type: 'cpu' }, { signal: controller.signal }), (e: unknown) => e instanceof SourceError && e.kind === 'cancelled');
    const viaFactory = createSource(root);
    assert.equal(viaFactory.kind, 'store');
    assert.deepEqual(await viaFactory.listServices(), ['billing', 'checkout', 'node-app', 'shop', 'unknown']);
  });
});
