// `perflens collect` as a user types it: usage errors name the problem, a JSON config starts the ingest
// endpoint and stops after its duration, and the command is listed by `perflens --help`.
import * as assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCollect } from '../../../src/cli/commands/collect';
import { runCli } from '../../../src/cli/run';
import { until } from '../../harness/wait';

function capture() {
  let out = '';
  let err = '';
  return { io: { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) } }, out: () => out, err: () => err };
}

describe('perflens collect (CLI)', () => {
  it('is listed by perflens --help', async () => {
    const c = capture();
    await runCli(['--help'], c.io);
    assert.match(c.out() + c.err(), /collect\s+collect profiles continuously/);
  });

  const usage: [string[], RegExp][] = [
    [[], /give --target URL/],
    [['--target', 'http://127.0.0.1:6060'], /--service is required/],
    [['--target', 'http://127.0.0.1:6060', '--service', 's', '--types', 'cpu,disk'], /unknown profile type 'disk'/],
    [['--target', 'http://127.0.0.1:6060', '--service', 's', '--interval', 'soon'], /--interval must be a duration/],
    [['--target', 'http://127.0.0.1:6060', '--service', 's', '--cpu-seconds', '0'], /cpu seconds must be a whole number/],
    [['--target', 'http://127.0.0.1:6060', '--service', 's', '--version', 'a', '--version-command', 'git rev-parse HEAD'], /only one of --version, --version-command/],
    [['--ingest', 'localhost:99999'], /\[HOST:\]PORT/],
    [['--target', 'http://127.0.0.1:6060', '--service', 's', '--otlp-profiles-alpha'], /--otlp-profiles-alpha serves OTLP on the ingest endpoint: give --ingest/],
    [['--config', '/nonexistent/perflens.json'], /cannot read config/],
    [['--config', 'x.json', '--service', 's'], /--config cannot be combined with --service/],
  ];
  for (const [args, message] of usage) {
    it(`refuses ${JSON.stringify(args)} with exit status 2`, async () => {
      const c = capture();
      assert.equal(await runCollect(args, c.io, {}, new EventEmitter()), 2);
      assert.match(c.err(), message);
    });
  }

  it('runs the ingest endpoint from a JSON config until its duration has passed, then exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perflens-collect-cli-'));
    try {
      const config = join(dir, 'collect.json');
      writeFileSync(config, JSON.stringify({ store: 'store', ingest: { listen: '127.0.0.1:0' }, retention: { maxAge: '7d' }, duration: '1s' }));
      const c = capture();
      assert.equal(await runCollect(['--config', config], c.io, {}, new EventEmitter()), 0);
      assert.match(c.err(), /ingest listening on http:\/\/127\.0\.0\.1:\d+\/ingest/);
      assert.match(c.err(), new RegExp(`storing into ${join(dir, 'store').replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perflens-collect-cli-'));
    const signals = new EventEmitter();
    try {
      const c = capture();
      const done = runCollect(['--ingest', '127.0.0.1:0', '--store', dir], c.io, {}, signals);
      await until(() => /ingest listening/.test(c.err()), 'the ingest server to listen');
      signals.emit('SIGTERM');
      assert.equal(await done, 0);
      assert.match(c.err(), /SIGTERM: stopping/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
