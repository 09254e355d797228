// `perflens top --link`: each function row carries a vscode:// link that PerfLens's URI handler reads back to the
// row's function and the profiles' service, version, type and time range.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { stampComments, withComments } from '../../../src/collector/profile-labels';
import { parseProfile } from '../../../src/core/profile/parse';
import { parsePerflensUri } from '../../../src/sources/links/perflensUri';
import { runCliCaptured } from './helpers/runCliInProcess';

const goCpu = resolve(__dirname, '../../fixtures/go/cpu.pb.gz');

describe('perflens top --link', () => {
  it('links each function row to the function with the profile\'s service, version, type and time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perflens-top-link-'));
    try {
      const file = join(dir, 'cpu.pb.gz');
      writeFileSync(file, withComments(readFileSync(goCpu), stampComments('shop', 'v1.4.2', Date.now())));
      const profile = parseProfile(readFileSync(file), file);
      const r = await runCliCaptured(['top', file, '--json', '--limit', '3', '--link', '--link-source', 'prod']);
      assert.equal(r.code, 0, r.stderr);
      const { rows } = JSON.parse(r.stdout) as { rows: { function: string; link: string }[] };
      assert.equal(rows.length, 3);
      for (const row of rows) {
        const link = parsePerflensUri(row.link);
        assert.equal(link.function, row.function);
        assert.equal(link.source, 'prod');
        assert.equal(link.frames, undefined, 'no frame filter, none in the link');
        assert.deepEqual({ ...link.selection, from: undefined, to: undefined }, { service: 'shop', version: 'v1.4.2', type: 'cpu', from: undefined, to: undefined, labels: [] });
        const fromMs = Number(link.selection.from);
        const toMs = Number(link.selection.to);
        assert.ok(fromMs <= profile.timeNanos / 1e6 && toMs >= (profile.timeNanos + profile.durationNanos) / 1e6, 'the range covers the profile');
      }
      const text = await runCliCaptured(['top', file, '--limit', '2', '--link']);
      assert.match(text.stdout, /Open in VS Code \(PerfLens\):\n {2}\S+ {2}vscode:\/\/perflens\.perflens\/open\?function=/);
      // The frame filter of the run is in each link: the editor shows the same frames.
      const focused = await runCliCaptured(['top', file, '--json', '--limit', '2', '--link', '--focus', 'runtime\\.', '--hide', '^syscall', '--preset', 'go-runtime']);
      assert.equal(focused.code, 0, focused.stderr);
      for (const row of (JSON.parse(focused.stdout) as { rows: { link: string }[] }).rows) {
        assert.deepEqual(parsePerflensUri(row.link).frames, { focus: 'runtime\\.', hide: '^syscall', presets: ['go-runtime'] });
      }
      const files = await runCliCaptured(['top', file, '--by', 'file', '--json', '--link']);
      assert.ok((JSON.parse(files.stdout).rows as { link: string | null }[]).every((row) => row.link === null), 'file rows name no function');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses --link-source without --link', async () => {
    const r = await runCliCaptured(['top', goCpu, '--link-source', 'prod']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--link-source goes with --link/);
  });
});
