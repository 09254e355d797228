// The profile worker thread itself (src/worker/profileWorker.ts), driven as the extension host drives it: a
// cancelled analysis ends without the worker being replaced and the worker answers the next request; a file that
// does not decode is reported once, with the file and why, and never takes the worker down.
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { isCancelled } from '../../../src/rpc/cancelled';
import type { AnalyzeRequest } from '../../../src/shared/analyzeProtocol';
import { profileWorkerClient } from './helpers/startWorker';

const fixtures = join(__dirname, '../../fixtures/go');
const limits = { maxDecompressedBytes: 64 << 20, maxSamples: 1e7, maxStrings: 1e6 };
const analysis = (sources: string[], typeName?: string): AnalyzeRequest => ({ sources, typeName, roots: [], pathMappings: [], allowGit: false, limits });

describe('the profile worker thread', () => {
  const dir = mkdtempSync(join(tmpdir(), 'perflens-worker-'));
  const { client, log, bad } = profileWorkerClient();
  after(() => {
    client.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a cancelled analysis ends with Cancelled, the worker is not replaced, and it answers the next request', async () => {
    const cpu = await client.request('analyze', analysis([join(fixtures, 'cpu.pb.gz')]));
    assert.equal(cpu.type, 'cpu');
    // Cancelled before its turn...
    const abort = new AbortController();
    const heap = client.request('analyze', analysis([join(fixtures, 'heap.pb.gz')], 'alloc_space'), { signal: abort.signal });
    abort.abort();
    await assert.rejects(heap, (e) => isCancelled(e));
    // ...and cancelled while it decodes: the progress says it started; the cancel stops it at its next file.
    const files = ['cpu.pb.gz', 'block.pb.gz', 'mutex.pb.gz'].map((f, i) => {
      const copy = join(dir, `copy-${i}-${f}`);
      copyFileSync(join(fixtures, f), copy);
      return copy;
    });
    const abort2 = new AbortController();
    const several = client.request('analyze', analysis(files), { signal: abort2.signal, onProgress: () => abort2.abort() });
    await assert.rejects(several, (e) => isCancelled(e));
    const again = await client.request('analyze', analysis([join(fixtures, 'heap.pb.gz')], 'alloc_space'));
    assert.equal(again.type, 'alloc_space');
    assert.deepEqual(again.sources, [join(fixtures, 'heap.pb.gz')]);
    assert.deepEqual(log, [], 'no crash, no replacement');
  });

  it('a file that does not decode is reported once, with the file and why, and the others still count', async () => {
    const corrupt = join(dir, 'corrupt.pb.gz');
    writeFileSync(corrupt, Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3]));
    const good = join(fixtures, 'cpu.pb.gz');
    const first = await client.request('profileTotals', { files: [corrupt, good], typeName: 'cpu', limits }, { priority: 'background' });
    const second = await client.request('profileTotals', { files: [good, corrupt], typeName: 'cpu', limits }, { priority: 'background' });
    assert.ok(first[1].total > 0 && second[0].total === first[1].total);
    assert.equal(first[0].total, 0);
    assert.equal(bad.length, 1, JSON.stringify(bad));
    assert.equal(bad[0].file, corrupt);
    assert.match(bad[0].reason, /corrupt\.pb\.gz/);
    assert.deepEqual(log, []);
  });
});
