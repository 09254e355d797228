// The profile worker's trends request on a store whose service regresses step by step across six versions (the real
// Go CPU profile of the shop fixture, pricing.discount's samples multiplied by the version's number): the function
// rises beyond noise and ranks first, only its callers rise with it, its shares climb bucket by bucket, and a second request
// takes every summary from the worker's cache (and a fresh worker from the cache file).
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { TrendsRequest } from '../../../src/shared/trendsProtocol';
import { writeGrowingStore } from '../../harness/growingStore';
import { profileWorkerClient } from './helpers/startWorker';

const HOUR = 3_600_000;
const END = Date.UTC(2026, 10, 24, 12);

describe('the profile worker: trends of a store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'perflens-trends-worker-'));
  const store = join(dir, 'store');
  writeGrowingStore(store, { service: 'shop', grows: 'example.com/shop/pricing.discount', versions: 6, endMs: END });
  const request: TrendsRequest = { root: store, service: 'shop', type: 'cpu', sampleType: 'cpu', untilMs: END + HOUR, spanMs: 14 * 24 * HOUR, buckets: 14, cacheFile: join(dir, 'cache.json') };
  const workers = [profileWorkerClient(), profileWorkerClient()];
  after(() => {
    for (const w of workers) w.client.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ranks the function that grows at each release first, alone, with its rising shares', async () => {
    const view = await workers[0].client.request('trends', request, { priority: 'background' });
    assert.equal(view.widthMs, HOUR, 'six hours of history in hour buckets');
    assert.equal(view.bucketStarts.length, 6);
    const names = view.rising.map((r) => view.keys[r.key].split('\u0000')[0]);
    assert.equal(names[0], 'example.com/shop/pricing.discount');
    // Its callers' cum shares rise with it; no other function's does.
    assert.deepEqual(names.slice(1).sort(), ['example.com/shop/pricing.ApplyDiscounts', 'main.main', 'main.runPhases', 'runtime.main']);
    const k = view.rising[0].key;
    const shares = Array.from(view.shares.subarray(k * 6, k * 6 + 6));
    for (let b = 1; b < 6; b++) assert.ok(shares[b] > shares[b - 1], `share rises at each release: ${shares.join(', ')}`);
    // As measured in the fixture: 300 ms of 2.61 s in v1.
    assert.ok(Math.abs(shares[0] - 0.3 / 2.61) < 0.01, `v1 share ${shares[0]}`);
    assert.ok(view.notes.includes('6 profiles read, 0 from the summary cache'), view.notes.join('; '));
  });

  it('answers again from the summaries it keeps, and a new worker from the cache file', async () => {
    const again = await workers[0].client.request('trends', request, { priority: 'background' });
    assert.ok(again.notes.includes('0 profiles read, 6 from the summary cache'), again.notes.join('; '));
    assert.ok(existsSync(request.cacheFile!));
    const fresh = await workers[1].client.request('trends', request, { priority: 'background' });
    assert.ok(fresh.notes.includes('0 profiles read, 6 from the summary cache'), fresh.notes.join('; '));
    assert.deepEqual(fresh.rising, again.rising);
  });
});
