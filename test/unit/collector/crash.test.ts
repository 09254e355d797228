// Killing the collector (a child process running `perflens collect`) at arbitrary moments, SIGKILL included,
// never leaves a corrupt profile in the store: every profile file decodes; at most hidden temp files remain,
// which readers skip. SIGINT stops it cleanly with exit status 0 and no temp files at all.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readProfileFile } from '../../../src/core/profile/parse';
import { LocalStore } from '../../../src/sources/store/local-store';
import { startNodeService, type RunningService } from '../sources/helpers/services';
import { DEADLINE_MS } from '../../harness/wait';
import { allFiles } from './helpers/shop';

const cliMain = resolve(__dirname, '../../../src/cli/main.ts');

/**
 * Starts `perflens collect` on the target; `stored` resolves once it has reported a heap profile stored and then
 * `thenWrites` more stored profiles (each reported line is a finished write, the next one already under way).
 */
function startCollector(store: string, target: string, thenWrites = 0): { child: ChildProcess; stored: Promise<void>; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', cliMain, 'collect', '--store', store, '--target', target, '--service', 'svc', '--version', 'v1', '--cpu-seconds', '1', '--interval', '1s', '--types', 'cpu,heap'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const stored = new Promise<void>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`no heap profile stored within ${DEADLINE_MS / 1000} s: ${out}`)), DEADLINE_MS);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const heap = out.search(/^scrape\t.*\tinuse_space\t/m);
      if (heap >= 0 && (out.slice(heap).match(/^scrape\t/gm)?.length ?? 0) > thenWrites) {
        clearTimeout(timer);
        ok();
      }
    });
  });
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
  return { child, stored, exited };
}

describe('killing the collector mid-write', () => {
  let service: RunningService;
  let store: string;

  before(async () => {
    service = await startNodeService();
    store = mkdtempSync(join(tmpdir(), 'perflens-crash-'));
  });
  after(async () => {
    await service?.stop();
    rmSync(store, { recursive: true, force: true });
  });

  it('SIGKILL at several moments leaves only complete profiles', async () => {
    // Kill at different points of the collector's cycle: right after its first heap write, and after one, two
    // and three writes more, so kills land while the next capture or snapshot is being fetched and written.
    for (const thenWrites of [0, 1, 2, 3]) {
      const { child, stored, exited } = startCollector(store, `http://${service.address}`, thenWrites);
      await stored;
      child.kill('SIGKILL');
      await exited;
    }
    const files = allFiles(store);
    const profiles = files.filter((f) => !f.split('/').pop()!.startsWith('.'));
    assert.ok(profiles.length >= 4, files.join('\n'));
    for (const f of profiles) assert.doesNotThrow(() => readProfileFile(join(store, f)), f);
    for (const f of files.filter((f) => !profiles.includes(f))) assert.match(f, /\/\.[^/]+\.tmp$/, 'anything else is a hidden temp file');
    const fetched = await new LocalStore(store).fetchProfiles({ service: 'svc', type: 'inuse_space' });
    assert.ok(fetched.length >= 1);
  });

  it('SIGINT stops cleanly: exit status 0, no temp files, every profile decodes', async () => {
    const clean = mkdtempSync(join(tmpdir(), 'perflens-sigint-'));
    try {
      const { child, stored, exited } = startCollector(clean, `http://${service.address}`);
      await stored; // the next capture is under way: SIGINT must end it cleanly too
      child.kill('SIGINT');
      assert.equal(await exited, 0);
      const files = allFiles(clean);
      assert.ok(files.length >= 1);
      for (const f of files) {
        assert.ok(!f.split('/').pop()!.startsWith('.'), `no temp file left: ${f}`);
        readProfileFile(join(clean, f));
      }
    } finally {
      rmSync(clean, { recursive: true, force: true });
    }
  });
});
