// The local store as the extension reads it: listed from its layout and file stats, what files hold (only where the
// layout does not say) read by the profile worker thread, never in the process that lists; a corrupt file listed
// like any other, then skipped by the worker when it loads the files and reported once with the file and why — the
// listing process carries on.
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { DescribeFiles } from '../../../src/sources/profile-metadata';
import { LocalStore } from '../../../src/sources/store/local-store';
import { profileWorkerClient } from './helpers/startWorker';

const fixtures = join(__dirname, '../../fixtures/go');
const limits = { maxDecompressedBytes: 64 << 20, maxSamples: 1e7, maxStrings: 1e6 };
const T0 = Date.UTC(2026, 7, 1, 9, 0, 0);
const FILES = 2000;

describe('a 2,000-file store listed as the extension lists it', () => {
  const root = mkdtempSync(join(tmpdir(), 'perflens-listing-'));
  const { client, log, bad } = profileWorkerClient();
  const described: string[] = [];
  const describe_: DescribeFiles = (files, signal) => {
    described.push(...files);
    return client.request('describeFiles', { files, limits }, { signal });
  };
  const warnings: string[] = [];
  const store = new LocalStore(root, { limits, describe: describe_, onWarning: (w) => warnings.push(w) });
  const cpu = join(root, 'shop', 'v1', 'cpu');
  const corrupt = join(cpu, `${T0 + 1000 * 60_000}.pb.gz`);

  before(() => {
    mkdirSync(cpu, { recursive: true });
    const bytes = readFileSync(join(fixtures, 'cpu.pb.gz'));
    for (let i = 0; i < FILES; i++) if (i !== 1000) writeFileSync(join(cpu, `${T0 + i * 60_000}.pb.gz`), bytes);
    // A profile cut short in the middle of the run (a writer killed mid-file, a bad copy).
    writeFileSync(corrupt, bytes.subarray(0, bytes.length >> 1));
    mkdirSync(join(root, 'shop', 'v1', 'heap'), { recursive: true });
    copyFileSync(join(fixtures, 'heap.pb.gz'), join(root, 'shop', 'v1', 'heap', `${T0}.pb.gz`));
  });
  after(() => {
    client.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  it('reads none of the 2,000 CPU profiles and one heap profile to list them, and lists the corrupt one with the others', async () => {
    assert.deepEqual(await store.listServices(), ['shop']);
    assert.deepEqual((await store.listProfileTypes('shop')).map((t) => t.type), ['cpu', 'alloc_space', 'alloc_objects', 'inuse_space', 'inuse_objects']);
    const files = await store.listFiles({ service: 'shop', type: 'cpu', versions: ['v1'] });
    assert.equal(files.length, FILES);
    assert.ok(files.some((f) => f.path === corrupt), 'the corrupt file is listed: listing does not read it');
    assert.equal(files.find((f) => f.path === corrupt)?.timeMs, T0 + 1000 * 60_000);
    // A CPU profile holds cpu: its folder's name says so. Which memory types a heap profile holds is read from one
    // file, once (the listing keeps it for later calls).
    assert.deepEqual(described, [join(root, 'shop', 'v1', 'heap', `${T0}.pb.gz`)]);
    assert.deepEqual(warnings, []);
  });

  it('the worker loads the listed files without the corrupt one, reports it once with why, and goes on working', async () => {
    const files = (await store.listFiles({ service: 'shop', type: 'cpu', range: { fromMs: T0 + 999 * 60_000, toMs: T0 + 1002 * 60_000 } })).map((f) => f.path);
    assert.equal(files.length, 3);
    const request = { sources: files, typeName: 'cpu', roots: [], pathMappings: [], allowGit: false, limits, skipUnreadable: true };
    const first = await client.request('analyze', request);
    assert.deepEqual([...first.sources], files.filter((f) => f !== corrupt));
    const again = await client.request('analyze', { ...request, typeName: 'samples' });
    assert.equal(again.type, 'samples');
    assert.equal(bad.length, 1, JSON.stringify(bad));
    assert.equal(bad[0].file, corrupt);
    assert.match(bad[0].reason, new RegExp(`${T0 + 1000 * 60_000}\\.pb\\.gz: `));
    // Files that are not a store's fail the load, naming the file.
    await assert.rejects(client.request('analyze', { ...request, skipUnreadable: false }), new RegExp(`${T0 + 1000 * 60_000}\\.pb\\.gz`));
    assert.deepEqual(log, [], 'the worker was neither replaced nor lost');
  });
});
