import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { PerfLensApi } from '../../src/extension';
import { until } from '../harness/wait';

const fixtures = join(__dirname, '../../../test/fixtures');
const T0 = Date.UTC(2026, 10, 24, 10, 0, 0);
const MIN = 60_000;

interface PanelInfo {
  key: { sources: string[]; type: string };
  rendered?: { frames: number };
  timeline?: { bars: number; boundaries: number; label: string };
}

/** A store with the checkout service's two releases at known times: v1 at 10:00, 10:10, 10:20; v2 at 11:00, 11:10. */
function makeStore(): { root: string; file(version: string, minute: number): string } {
  const root = mkdtempSync(join(tmpdir(), 'perflens-timerange-'));
  const file = (version: string, minute: number) => join(root, 'checkout', version, 'cpu', `${T0 + minute * MIN}.pb.gz`);
  for (const [version, fixture, minutes] of [['v1', 'v1-a.pb.gz', [0, 10, 20]], ['v2', 'v2.pb.gz', [60, 70]]] as const) {
    mkdirSync(join(root, 'checkout', version, 'cpu'), { recursive: true });
    for (const m of minutes) copyFileSync(join(fixtures, 'diff', fixture), file(version, m));
  }
  return { root, file };
}

/** Polls `get` until `ok` holds for what it returns. */
async function waitFor<T>(get: () => PromiseLike<T>, ok: (v: T) => boolean, what: string): Promise<T> {
  let last: T | undefined;
  return until(async () => { last = await get(); return ok(last) && last; }, () => `${what}; last: ${JSON.stringify(last)}`);
}

describe('the time range, on a store with profiles at known times', () => {
  let api: PerfLensApi;
  const store = makeStore();
  before(async () => {
    api = await vscode.extensions.getExtension<PerfLensApi>('perflens.perflens')!.activate();
    // What the store loads on start-up: every profile of the newest version.
    await api.session.load({ sources: [store.file('v2', 60), store.file('v2', 70)], type: 'cpu', hints: { service: 'checkout', version: 'v2' }, fromStore: true });
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(store.root, { recursive: true, force: true });
  });

  const sources = () => [...api.session.current!.profile.sources].sort();

  it('a custom range loads only the profiles that start inside it, across versions', async () => {
    await api.timeRange.apply({ kind: 'custom', fromMs: T0 + 5 * MIN, toMs: T0 + 65 * MIN });
    assert.deepEqual(sources(), [store.file('v1', 10), store.file('v1', 20), store.file('v2', 60)].sort());
    assert.equal(api.session.current!.profile.version, undefined, 'two versions merged: no single version claimed');
    assert.match(api.timeRange.label(), /2026-11-24 10:05–11:05 UTC/);
  });

  it('"all time" loads every version; the default loads the newest version again', async () => {
    await api.timeRange.apply({ kind: 'all' });
    assert.equal(sources().length, 5);
    await api.timeRange.apply({ kind: 'newestVersion' });
    assert.deepEqual(sources(), [store.file('v2', 60), store.file('v2', 70)].sort());
    assert.equal(api.timeRange.label(), 'all of v2');
  });

  it('a range with no profiles says when the store has some, and keeps what was shown', async () => {
    await assert.rejects(api.timeRange.apply({ kind: 'custom', fromMs: T0 - 60 * MIN, toMs: T0 - 30 * MIN }), /no cpu profiles of checkout in .* The store has them from 2026-11-24T10:00/);
    assert.equal(sources().length, 2);
    assert.equal(api.timeRange.label(), 'all of v2');
  });

  it('loading other files resets the range to the default', async () => {
    await api.timeRange.apply({ kind: 'custom', fromMs: T0, toMs: T0 + 15 * MIN });
    await api.session.load({ sources: [store.file('v2', 70)], type: 'cpu', hints: { service: 'checkout', version: 'v2' }, fromStore: true });
    assert.equal(api.timeRange.choice.kind, 'newestVersion');
  });

  it('the flame graph panel gets a timeline with a bar per profile and one deploy, and follows a range to its files', async () => {
    await api.timeRange.apply({ kind: 'newestVersion' });
    await vscode.commands.executeCommand('perflens.showFlameGraph');
    const panels = () => vscode.commands.executeCommand<PanelInfo[]>('perflens.flameGraph.describePanels');
    const [p] = await waitFor(panels, (ps) => ps.length === 1 && ps[0].timeline !== undefined && (ps[0].rendered?.frames ?? 0) > 0, 'the panel drew and has a timeline');
    assert.deepEqual({ bars: p.timeline!.bars, boundaries: p.timeline!.boundaries }, { bars: 5, boundaries: 1 });
    // What a drag over the v1 bars sends (the page's 'selectRange' goes to the same method).
    await api.timeRange.selectFromTimeline({ fromMs: T0, toMs: T0 + 21 * MIN });
    const [after] = await waitFor(panels, (ps) => ps.length === 1 && ps[0].key.sources.length === 3 && ps[0].timeline?.label.includes('10:00–10:21') === true, 'the panel followed the range');
    assert.deepEqual([...after.key.sources].sort(), [store.file('v1', 0), store.file('v1', 10), store.file('v1', 20)].sort());
    assert.deepEqual(sources(), [...after.key.sources].sort(), 'the editor heat comes from the same files');
  });
});
