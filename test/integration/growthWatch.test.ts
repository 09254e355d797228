// The Memory Growth view follows the store: when the collector writes a new heap snapshot of the loaded service,
// the view is asked again by itself (a watcher on the service's store folder, throttled), without a command.
// Real snapshots of a leaking Go service (test/fixtures/growth), the newest held back and written in mid-test.
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { PerfLensApi } from '../../src/extension';
import { until } from '../harness/wait';

const snapshots = join(__dirname, '../../../test/fixtures/growth/store/sessions/v1/inuse_space');

describe('the Memory Growth view, when the store gets a new snapshot', () => {
  let api: PerfLensApi;
  const root = mkdtempSync(join(tmpdir(), 'perflens-growth-watch-'));
  const folder = join(root, 'sessions', 'v1', 'inuse_space');
  const files = readdirSync(snapshots).filter((f) => f.endsWith('.pb.gz')).sort();
  const newest = files[files.length - 1];

  before(async () => {
    api = await vscode.extensions.getExtension<PerfLensApi>('perflens.perflens')!.activate();
    mkdirSync(folder, { recursive: true });
    for (const f of files.slice(0, -1)) copyFileSync(join(snapshots, f), join(folder, f));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('asks again by itself and counts the new snapshot', async () => {
    const shown = files.slice(0, -1).map((f) => join(folder, f));
    await api.session.load({ sources: [shown[shown.length - 1]], type: 'inuse_space', hints: { service: 'sessions', version: 'v1' }, fromStore: true });
    const count = () => api.growth.current?.times.length;
    await until(() => count() === files.length - 1, () => `the view from ${files.length - 1} snapshots; shown: ${count()}`);
    const leakBefore = api.growth.current!.sites.find((s) => s.leak);
    assert.ok(leakBefore, 'the planted leak is found before the new snapshot');
    copyFileSync(join(snapshots, newest), join(folder, newest));
    await until(() => count() === files.length, () => `the view from ${files.length} snapshots after the new one was written; shown: ${count()}`);
    const leak = api.growth.current!.sites.find((s) => s.leak)!;
    assert.equal(leak.function, leakBefore.function);
    assert.equal(leak.series.length, files.length, 'the leak\'s curve has a point for the new snapshot');
  });
});
