// The analysis crosses from the worker with its function rows and call edges as columns (moved, not cloned) and reads back on the
// extension host exactly as analysed: the same functions, and each one's callers and callees as the hover lists them.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { MessageChannel } from 'node:worker_threads';
import { buildWorkspaceProfile } from '../../../src/core/workspace/buildWorkspaceProfile';
import { UNPACK_ROWS_PER_TASK, unpackWorkspaceProfile } from '../../../src/editor/unpackProfile';
import type { PackedWorkspaceProfile } from '../../../src/shared/workerProtocol';
import { packWorkspaceProfile, transferCopy } from '../../../src/worker/packProfile';
// @ts-expect-error -- plain ESM helper shared with the integration tier
import { makeShopWorkspace } from '../../harness/workspaces.mjs';

describe('the analysis packed for the extension host', () => {
  const ws = makeShopWorkspace(mkdtempSync(join(tmpdir(), 'perflens-pack-')));
  after(() => rmSync(ws, { recursive: true, force: true }));

  it('reads back with the same functions, callers and callees after a real postMessage that moves the columns', async () => {
    const dir = join(ws, '.perflens/store/shop/v1/cpu');
    const analysed = await buildWorkspaceProfile({
      sources: readdirSync(dir).map((f) => join(dir, f)), roots: [{ name: 'shop', path: ws }], pathMappings: [], allowGit: false,
      limits: { maxDecompressedBytes: 64 << 20, maxSamples: 1e7, maxStrings: 1e6 },
    });
    const profile = analysed;
    assert.ok(profile.functions.some((f) => f.callers.length > 0 && f.callees.length > 0), 'the fixture has functions with both');
    const kept = packWorkspaceProfile(profile);
    const packed = transferCopy(kept);
    const { port1, port2 } = new MessageChannel();
    try {
      const arrived = new Promise<PackedWorkspaceProfile>((r) => port2.once('message', r));
      port1.postMessage(packed.result, packed.transfer as ArrayBuffer[]);
      const received = await arrived;
      assert.equal(packed.result.callers.fn.byteLength, 0, 'the edge columns were moved, not copied');
      assert.equal(packed.result.functions.cum.byteLength, 0, 'the function columns were moved, not copied');
      assert.deepEqual(kept.functions.cum, Float64Array.from(profile.functions, (f) => f.cum), 'the kept answer stays whole for the next');
      assert.equal(kept.callers.fn.length, received.callers.fn.length);
      const unpacked = await unpackWorkspaceProfile(received);
      assert.equal(unpacked.functions.length, profile.functions.length);
      unpacked.functions.forEach((f, i) => {
        const { callers, callees, ...fields } = profile.functions[i];
        assert.deepEqual({ ...fields }, { name: f.name, profileFile: f.profileFile, path: f.path, class: f.class, firstLine: f.firstLine, flat: f.flat, cum: f.cum });
        assert.deepEqual(f.callers, callers.map((e) => ({ ...e })));
        assert.deepEqual(f.callees, callees.map((e) => ({ ...e })));
      });
      assert.deepEqual(unpacked.files, profile.files);
      assert.equal(unpacked.total, profile.total);
    } finally {
      port1.close();
      port2.close();
    }
  });

  it('unpacks a profile of many functions in slices, giving way between them, to the same rows as in one go', async () => {
    const dir = join(ws, '.perflens/store/shop/v1/cpu');
    const profile = await buildWorkspaceProfile({
      sources: readdirSync(dir).map((f) => join(dir, f)), roots: [{ name: 'shop', path: ws }], pathMappings: [], allowGit: false,
      limits: { maxDecompressedBytes: 64 << 20, maxSamples: 1e7, maxStrings: 1e6 },
    });
    const n = profile.functions.length;
    const many = { ...profile, functions: Array.from({ length: 3 * UNPACK_ROWS_PER_TASK + 5 }, (_, i) => ({ ...profile.functions[i % n], name: `${profile.functions[i % n].name}#${i}` })) };
    let tasks = 0;
    const sliced = await unpackWorkspaceProfile(packWorkspaceProfile(many), undefined, () => { tasks++; return new Promise((r) => setImmediate(r)); });
    const whole = await unpackWorkspaceProfile(packWorkspaceProfile(many));
    assert.equal(tasks, 3, 'four slices, three turns given');
    assert.deepEqual(sliced.functions.map((f) => [f.name, f.path, f.cum, f.callers]), whole.functions.map((f) => [f.name, f.path, f.cum, f.callers]));
    assert.equal(sliced.functions.at(-1)!.name, many.functions.at(-1)!.name);
  });
});
