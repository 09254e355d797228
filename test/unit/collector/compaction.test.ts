// Compaction of old profiles into one per hour, on real Go profiles: CPU windows are summed (same totals and
// per-function costs as the originals together, as `perflens top` and the core's merge see them), heap snapshots
// keep the hour's newest, and a compaction interrupted before deleting its originals is not counted twice.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { compactStore } from '../../../src/collector/compaction';
import { readProfileFile } from '../../../src/core/profile/parse';
import { describeProfile } from '../../../src/core/readers/metadata';
import { LocalStore } from '../../../src/sources/store/local-store';
import { writeStoreProfile } from '../../../src/sources/store/store-writer';
import { withComments, stampComments } from '../../../src/collector/profile-labels';
import { flatByFunction, fixtureBytes, total } from '../sources/helpers/profiles';
import { allFiles } from './helpers/shop';

const HOUR = 3_600_000;
const H10 = Date.UTC(2026, 10, 20, 10, 0, 0);
const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);

describe('compaction', () => {
  let store: string;
  beforeEach(() => {
    store = mkdtempSync(join(tmpdir(), 'perflens-compact-'));
  });
  afterEach(() => rmSync(store, { recursive: true, force: true }));

  async function put(type: string, fixture: string, timeMs: number): Promise<string> {
    const bytes = withComments(fixtureBytes(fixture), stampComments('shop', 'v1', timeMs));
    return writeStoreProfile(store, { service: 'shop', version: 'v1', type, timeMs, bytes });
  }

  function sumOfFlat(paths: readonly string[]): Map<string, number> {
    const out = new Map<string, number>();
    for (const p of paths) for (const [k, v] of flatByFunction(readProfileFile(p), 'cpu')) out.set(k, (out.get(k) ?? 0) + v);
    return out;
  }

  it('sums an old hour\'s CPU profiles into one, keeping every function\'s cost, service and version', async () => {
    const inHour = [await put('cpu', 'go/cpu.pb.gz', H10 + 10_000), await put('cpu', 'go/cpu-trimpath.pb.gz', H10 + 20_000), await put('cpu', 'go/cpu.pb.gz', H10 + 30 * 60_000)];
    const nextHour = await put('cpu', 'go/cpu.pb.gz', H10 + HOUR + 5_000);
    const recent = await put('cpu', 'go/cpu.pb.gz', NOW - 60_000);
    const expected = sumOfFlat(inHour);
    const expectedTotal = inHour.reduce((s, p) => s + total(readProfileFile(p), 'cpu'), 0);

    const result = await compactStore(store, { olderThanMs: 24 * HOUR, now: NOW });
    assert.equal(result.written.length, 1, 'the lone profile of the next hour stays as it is');
    const merged = result.written[0];
    assert.equal(relative(store, merged), `shop/v1/cpu/${H10}.pb.gz`);
    assert.deepEqual(allFiles(store), [relative(store, merged), relative(store, nextHour), relative(store, recent)].sort());
    const p = readProfileFile(merged);
    assert.equal(total(p, 'cpu'), expectedTotal);
    assert.deepEqual([...flatByFunction(p, 'cpu')].sort(), [...expected].sort());
    assert.equal(describeProfile(p).service, 'shop');
    assert.equal(describeProfile(p).version, 'v1');
    const fetched = await new LocalStore(store).fetchProfiles({ service: 'shop', type: 'cpu', range: { fromMs: H10, toMs: H10 + HOUR } });
    assert.equal(fetched.length, 1);
  });

  it('keeps the newest heap snapshot of an hour instead of summing snapshots', async () => {
    await put('inuse_space', 'go/heap.pb.gz', H10 + 1_000);
    const newest = await put('inuse_space', 'go/heap.pb.gz', H10 + 50 * 60_000);
    const before = total(readProfileFile(newest), 'inuse_space');
    const result = await compactStore(store, { olderThanMs: HOUR, now: NOW });
    assert.equal(result.written.length, 1);
    assert.equal(total(readProfileFile(result.written[0]), 'inuse_space'), before);
    assert.equal(allFiles(store).length, 1);
  });

  it('after a crash between writing the merge and deleting the originals, does not count them twice', async () => {
    const a = await put('cpu', 'go/cpu.pb.gz', H10 + 1_000);
    const b = await put('cpu', 'go/cpu.pb.gz', H10 + 2_000);
    const keepA = readFileSync(a);
    const keepB = readFileSync(b);
    const first = await compactStore(store, { olderThanMs: HOUR, now: NOW });
    const mergedTotal = total(readProfileFile(first.written[0]), 'cpu');
    // Put the originals back, as if the first run had died right after writing its merged file.
    writeFileSync(a, keepA);
    writeFileSync(b, keepB);
    assert.equal(allFiles(store).length, 3);
    await compactStore(store, { olderThanMs: HOUR, now: NOW });
    const left = allFiles(store);
    assert.equal(left.length, 1, left.join(', '));
    assert.equal(total(readProfileFile(join(store, left[0])), 'cpu'), mergedTotal);
  });

  it('skips an hour whose files cannot be merged, deleting nothing', async () => {
    await put('cpu', 'go/cpu.pb.gz', H10 + 1_000);
    await put('cpu', 'go/heap.pb.gz', H10 + 2_000);
    const warnings: string[] = [];
    const result = await compactStore(store, { olderThanMs: HOUR, now: NOW, onWarning: (m) => warnings.push(m) });
    assert.equal(result.written.length, 0);
    assert.equal(allFiles(store).length, 2);
    assert.match(warnings.join('\n'), /sample types differ/);
  });
});
