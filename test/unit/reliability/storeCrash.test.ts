// SIGKILL while profiles are written and while the store is compacted, repeatedly: after every kill the store
// opens, every profile in it decodes, at most the profile in flight is missing, and no CPU time is lost or
// counted twice once a later compaction finishes (compaction sums the hour's windows into one file).
// (test/unit/collector/crash.test.ts kills the whole collector while it scrapes; this one aims at the store.)
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { compactStore } from '../../../src/collector/compaction';
import { listStoreFiles } from '../../../src/collector/retention';
import { readProfileFile } from '../../../src/core/profile/parse';
import { LocalStore } from '../../../src/sources/store/local-store';
import { seededRandom } from '../../../bench/profile/generate';
import { BUILD_DEADLINE_MS } from '../../harness/wait';
import { allFiles } from '../collector/helpers/shop';
import { cpuTotal } from './helpers/storeProfiles';

const worker = resolve(__dirname, 'helpers/storeWorkerChild.ts');
const HOUR = 3_600_000;
const FIRST_MS = Date.UTC(2026, 0, 1);

/** When to kill the worker: on its n-th output line, on the n-th change it makes below the store folder, or never. */
type KillMoment = { readonly afterLines: number } | { readonly afterStoreChanges: number; readonly store: string } | 'never';

/**
 * Starts the worker and SIGKILLs it at once at `moment`: a writer killed on its k-th reported profile, or a
 * compaction killed on its k-th file created, renamed or deleted, is killed mid-run however fast the machine is.
 */
function runAndKill(args: string[], moment: KillMoment): Promise<{ lines: string[]; killed: boolean }> {
  return new Promise((ok) => {
    const child = spawn(process.execPath, ['--import', 'tsx', worker, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    const kill = () => { if (child.exitCode === null) child.kill('SIGKILL'); };
    const watcher = typeof moment === 'object' && 'afterStoreChanges' in moment ? watch(moment.store, { recursive: true }) : undefined;
    let changes = 0;
    watcher?.on('change', () => { if (typeof moment === 'object' && 'afterStoreChanges' in moment && ++changes === moment.afterStoreChanges) kill(); });
    const lines: string[] = [];
    let buffered = '';
    child.stdout.on('data', (d: Buffer) => {
      buffered += d.toString();
      const parts = buffered.split('\n');
      buffered = parts.pop()!;
      lines.push(...parts);
      if (typeof moment === 'object' && 'afterLines' in moment && lines.length >= moment.afterLines) kill();
    });
    child.on('exit', (_code, signal) => {
      watcher?.close();
      ok({ lines, killed: signal === 'SIGKILL' });
    });
  });
}

async function cpuInStore(store: string): Promise<{ total: number; files: number }> {
  let total = 0;
  const files = await listStoreFiles(store);
  for (const f of files) {
    const p = readProfileFile(f.path); // throws if any profile is corrupt
    const cpu = p.sampleTypes.findIndex((t) => t.type === 'cpu');
    for (let s = 0; s < p.samples.count; s++) total += p.samples.values[s * p.sampleTypes.length + cpu];
  }
  return { total, files: files.length };
}

async function assertStoreHealthy(store: string): Promise<void> {
  for (const f of allFiles(store)) {
    const name = basename(f);
    if (name.startsWith('.')) assert.match(name, /\.tmp$/, 'only hidden temp files besides profiles');
    else readProfileFile(join(store, f));
  }
  const local = new LocalStore(store);
  assert.deepEqual(await local.listServices(), ['svc']);
}

describe('SIGKILL during store writes and compaction', { timeout: BUILD_DEADLINE_MS }, () => {
  let store: string;
  const random = seededRandom(99);
  before(() => {
    store = mkdtempSync(join(tmpdir(), 'perflens-storecrash-'));
  });
  after(() => rmSync(store, { recursive: true, force: true }));

  it('killed writers: every written profile is there and decodes, at most the one in flight is missing', async () => {
    let expected = 0;
    for (let round = 0; round < 4; round++) {
      const firstMs = FIRST_MS + round * 2 * HOUR; // each round in its own hours
      const { lines, killed } = await runAndKill(['write', store, '400', String(firstMs)], { afterLines: 1 + Math.floor(random() * 200) });
      assert.ok(killed, 'the writer was killed before it finished');
      await assertStoreHealthy(store);
      const inRound = (await listStoreFiles(store)).filter((f) => f.timeMs >= firstMs && f.timeMs < firstMs + 2 * HOUR);
      const stored = new Set(inRound.map((f) => f.path));
      for (const path of lines) assert.ok(stored.has(path), `reported as written: ${path}`);
      assert.ok(inRound.length - lines.length <= 1, `${inRound.length} files for ${lines.length} reported`);
      for (const f of inRound) expected += cpuTotal((f.timeMs - firstMs) / 1000);
    }
    assert.equal((await cpuInStore(store)).total, expected);
  });

  it('killed compactions: the store always opens, and the CPU total survives every crash', async () => {
    const before = await cpuInStore(store);
    assert.ok(before.files > 10);
    let killedCount = 0;
    for (let round = 0; round < 8; round++) {
      // On one of its first changes to the store, so kills land while files are merged, written and deleted.
      const { killed } = await runAndKill(['compact', store], { afterStoreChanges: 1 + Math.floor(random() * 4), store });
      if (killed) killedCount++;
      await assertStoreHealthy(store);
      await compactStore(store, { olderThanMs: 0, now: Date.UTC(2030, 0, 1) }); // what the next collector run does
      const now = await cpuInStore(store);
      assert.equal(now.total, before.total, `round ${round}: CPU time neither lost nor counted twice`);
      // Put uncompacted files back for the next round's kill to land on.
      await runAndKill(['write', store, '150', String(FIRST_MS + (10 + round) * HOUR)], 'never');
      before.total = (await cpuInStore(store)).total;
    }
    assert.ok(killedCount >= 4, `${killedCount} of 8 compactions were killed mid-run`);
  });
});
