// The worker process as the extension host keeps it: a worker that cannot start or that dies fails its requests with
// one clear line (its last stderr output included) and is replaced on the next request; disposing kills it; and a
// worker whose parent dies without a word (a crashed extension host) exits by itself.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ChannelClosed } from '../../../src/rpc/endpoint';
import { WorkerClient } from '../../../src/rpc/workerClient';
import { until } from '../../harness/wait';
import type { GatedHostVocabulary, GatedVocabulary } from '../worker/helpers/gatedWorker';
import { startTsWorker } from '../worker/helpers/startWorker';

const require = createRequire(__filename);
const entry = join(__dirname, '../worker/helpers/gatedWorker.ts');
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('a worker process behind the worker client', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'perflens-worker-client-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));
  const clientOf = (start: () => ReturnType<typeof startTsWorker>) => {
    const log: string[] = [];
    const client = new WorkerClient<GatedHostVocabulary, GatedVocabulary>(start, { name: 'test worker', log: (l) => log.push(l), cancelDeadlineMs: 60_000 });
    return { client, log };
  };

  it('a worker that cannot start fails the request with one line saying why, and the log has it', async () => {
    const broken = join(scratch, 'broken.js');
    writeFileSync(broken, "require('./no-such-module');\n");
    const { client, log } = clientOf(() => startTsWorker(broken));
    try {
      await assert.rejects(client.request('work', { name: 'a', steps: 1 }), (e: unknown) => {
        assert.ok(e instanceof ChannelClosed, String(e));
        assert.match(e.message, /^the test worker exited with code 1: Error: Cannot find module '\.\/no-such-module'$/);
        assert.doesNotMatch(e.message, /\n/);
        return true;
      });
      assert.match(log[0], /exited with code 1: Error: Cannot find module/);
      assert.match(log[1], /^the test worker's last output: .*broken\.js/);
      assert.equal(client.running, false);
    } finally {
      client.dispose();
    }
  });

  it('a worker that crashes fails what it was doing with its last words; the next request gets a new worker', async () => {
    const { client, log } = clientOf(() => startTsWorker(entry));
    try {
      assert.equal(await client.request('work', { name: 'before', steps: 1 }), 'before');
      const first = client.pid!;
      await assert.rejects(client.request('crash', { says: 'FATAL ERROR: Reached heap limit', code: 134 }), / the test worker exited with code 134: FATAL ERROR: Reached heap limit$/);
      assert.match(log.join('\n'), /exited with code 134/);
      assert.equal(await client.request('work', { name: 'after', steps: 1 }), 'after');
      assert.notEqual(client.pid, first);
    } finally {
      client.dispose();
    }
  });

  it('disposing kills the worker; a request after it fails at once', async () => {
    const { client } = clientOf(() => startTsWorker(entry));
    assert.equal(await client.request('work', { name: 'x', steps: 1 }), 'x');
    const pid = client.pid!;
    client.dispose();
    await until(() => !alive(pid), 'the disposed worker to exit');
    await assert.rejects(client.request('work', { name: 'y', steps: 1 }), /shut down/);
  });

  it('a worker whose parent is killed (no dispose, no exit handler) exits by itself: no orphan', async () => {
    // A parent that forks the worker as the extension does, says its pid, then waits to be killed.
    const parent = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), '-e', `
      const { startTsWorker } = require(${JSON.stringify(join(__dirname, '../worker/helpers/startWorker.ts'))});
      const child = startTsWorker(${JSON.stringify(entry)});
      child.on('spawn', () => process.stdout.write(child.pid + '\\n'));
      setInterval(() => {}, 1 << 30);
    `], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    parent.stdout.on('data', (d) => { out += d; });
    const pid = Number(await until(() => /^\d+\n/.exec(out)?.[0], 'the parent to fork its worker'));
    assert.ok(alive(pid));
    parent.kill('SIGKILL');
    await until(() => !alive(pid), 'the orphaned worker to exit');
  });
});
