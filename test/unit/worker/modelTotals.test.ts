// The timeline's per-file totals of files a model holds come from the model (the profile on screen is not decoded a
// second time), and are the figures decoding the files gives; a file changed since the model was built is not.
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ModelCache } from '../../../src/worker/modelCache';
import { profileTotal, totalsFromModels } from '../../../src/worker/profileTotals';
// @ts-expect-error -- plain ESM helper shared with the integration tier
import { makeShopWorkspace } from '../../harness/workspaces.mjs';

const limits = { maxDecompressedBytes: 64 << 20, maxSamples: 1e7, maxStrings: 1e6 };

describe('timeline totals from the models the worker holds', () => {
  const ws = makeShopWorkspace(mkdtempSync(join(tmpdir(), 'perflens-model-totals-')));
  after(() => rmSync(ws, { recursive: true, force: true }));

  it('are the decoded files\' totals and times, for every sample type, and only for files at the model\'s version', async () => {
    const dir = join(ws, '.perflens/store/shop/v1/cpu');
    const files = readdirSync(dir).map((f) => join(dir, f));
    const heap = join(ws, 'heap.pb.gz');
    copyFileSync(join(__dirname, '../../fixtures/go/heap.pb.gz'), heap);
    const models = new ModelCache();
    await models.load(files, limits, async () => {});
    await models.load([heap], limits, async () => {}, { typeName: 'inuse_space' });
    for (const [type, asked] of [['cpu', files], ['samples', files], ['inuse_space', [heap]], ['alloc_objects', [heap]]] as const) {
      const fromModels = totalsFromModels(models.held(), [...asked, join(ws, 'not-in-a-model.pb.gz')], type, limits);
      assert.deepEqual([...fromModels.keys()].sort(), [...asked].sort(), `${type}: the files the models hold, no other`);
      for (const f of asked) assert.deepEqual(fromModels.get(f), profileTotal(f, type, limits), `${type} of ${f}`);
    }
    assert.ok(totalsFromModels(models.held(), files, 'cpu', limits).get(files[0])!.total > 0);
    utimesSync(files[0], new Date(), new Date(Date.now() + 60_000));
    assert.equal(totalsFromModels(models.held(), files, 'cpu', limits).has(files[0]), false, 'changed since the model was built');
  });
});
