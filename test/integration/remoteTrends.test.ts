// The Trends view on a Pyroscope source: profiles loaded from the server (the source tests' protocol-strict fake, a
// real HTTP server on 127.0.0.1 inside the extension host) show the trends of the server's history, not of a store.
// The fake holds ten profiles of the shop a quarter of an hour apart, pricing.Fib's samples multiplied by the
// profile's number (test/harness/growingStore.ts); each SelectMergeProfile gets the newest profile of its window
// (nothing: no data). Once on screen, the view asks day buckets, then narrower ones over the profiles' extent, and
// ranks Fib first.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PerfLensApi } from '../../src/extension';
import { growingProfile } from '../harness/growingStore';
import { until } from '../harness/wait';
import { mergeWindow, startFakePyroscope, type FakePyroscope } from '../unit/sources/helpers/fake-pyroscope';
import { answerPrompts, workspaceFile, useSources } from './workbenchHelpers';

const CPU = 'process_cpu:cpu:nanoseconds:cpu:nanoseconds';
const SOURCE = 'Trends Pyroscope';
const GROWS = 'example.com/shop/pricing.Fib';
const STEP = 15 * 60_000;
const COUNT = 10;

/**
 * The fake with the ten profiles, the last of them taken as the test starts: the load's window (its first choice,
 * the last 15 minutes) holds it. Each merge asked is kept in `merges`.
 */
function growingServer(merges: { start: number; end: number }[]): Promise<FakePyroscope> {
  const now = Date.now();
  const taken = Array.from({ length: COUNT }, (_, i) => now - (COUNT - 1 - i) * STEP);
  return startFakePyroscope({
    data: { types: { shop: [CPU] }, labels: {}, seen: {}, profiles: {} },
    override: (method, req, res) => {
      if (method !== 'SelectMergeProfile') return false;
      const { start, end } = mergeWindow(req.body);
      merges.push({ start, end });
      let i = -1;
      taken.forEach((t, j) => { if (t >= start && t <= end) i = j; });
      res.writeHead(200, { 'content-type': 'application/proto' });
      res.end(i < 0 ? new Uint8Array(0) : growingProfile(GROWS, i + 1, taken[i]));
      return true;
    },
  });
}

describe('the Trends view, on profiles loaded from a Pyroscope server', () => {
  let api: PerfLensApi;
  let server: FakePyroscope;
  const merges: { start: number; end: number }[] = [];
  let forgetSources: (() => Promise<void>) | undefined;

  before(async () => {
    server = await growingServer(merges);
    forgetSources = await useSources([{ name: SOURCE, url: `pyroscope+${server.url}` }]);
    api = await vscode.extensions.getExtension<PerfLensApi>('perflens.perflens')!.activate();
  });

  after(async () => {
    await forgetSources?.();
    await server.close();
  });

  it('ranks the function whose share grows over the server\'s history first, asking a bounded number of merges', async () => {
    await answerPrompts(() => vscode.commands.executeCommand('perflens.loadFromSource', { source: SOURCE }));
    const loaded = api.session.current!.profile;
    assert.equal(loaded.service, 'shop', `the server's profile is shown: ${loaded.sources.join(', ')}`);
    // Off screen, the view asks the server nothing: only the load's merge was asked.
    assert.equal(merges.length, 1, JSON.stringify(merges));
    await vscode.commands.executeCommand('perflens.trends.focus');
    const rows = await until(() => (api.trendsTree.rows.length > 0 ? api.trendsTree.rows : undefined),
      () => `a rising function in the Trends view; shown: ${api.session.current?.profile.sources.join(', ')}; trends: ${JSON.stringify(api.trends.current?.view.notes)}`);
    assert.equal(rows[0].name, GROWS);
    const view = api.trends.current!.view;
    assert.ok(view.bucketStarts.length >= 2 && view.widthMs < 24 * 3_600_000, `narrower buckets over the profiles: ${view.widthMs} ms, ${view.bucketStarts.length} buckets`);
    const note = view.notes.find((n) => /^\d+ merged profiles asked of Pyroscope/.test(n));
    assert.ok(note, view.notes.join('; '));
    const asked = Number(/^(\d+) merged/.exec(note)![1]);
    assert.ok(asked <= 64 && merges.length >= asked, `${asked} merges said, ${merges.length} asked`);
    // The hover's series: Fib's share rises from the first bucket to the last.
    const trend = api.trends.trendOf({ name: GROWS, profileFile: 'pricing/prices.go' });
    assert.ok(trend && trend.shares[trend.shares.length - 1] > trend.shares[0], JSON.stringify(trend));
    assert.match(trend!.caption, /^cpu share, \d+ (hours?|minutes)$/);
  });
});

describe('the function hover, on profiles loaded from a Pyroscope server while the Trends view is closed', () => {
  let api: PerfLensApi;
  let server: FakePyroscope;
  const merges: { start: number; end: number }[] = [];
  let forgetSources: (() => Promise<void>) | undefined;
  const hoverSource = 'Hover Pyroscope';

  before(async () => {
    server = await growingServer(merges);
    forgetSources = await useSources([{ name: hoverSource, url: `pyroscope+${server.url}` }]);
    api = await vscode.extensions.getExtension<PerfLensApi>('perflens.perflens')!.activate();
    // The PerfLens views off screen: the Explorer in the side bar.
    await vscode.commands.executeCommand('workbench.view.explorer');
  });

  after(async () => {
    await forgetSources?.();
    await server.close();
  });

  it('shows the hover at once saying the trend is being asked, asks it in the background, and the next hover draws it', async () => {
    await answerPrompts(() => vscode.commands.executeCommand('perflens.loadFromSource', { source: hoverSource }));
    assert.equal(api.session.current!.profile.service, 'shop');
    assert.equal(merges.length, 1, `only the load's merge: ${JSON.stringify(merges)}`);
    const uri = workspaceFile('pricing/prices.go');
    const doc = await vscode.workspace.openTextDocument(uri);
    const decl = [...Array(doc.lineCount).keys()].find((l) => doc.lineAt(l).text.startsWith('func Fib('))!;
    const at = new vscode.Position(decl, doc.lineAt(decl).text.indexOf('Fib') + 1);
    const hover = async () => hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, at));
    const first = await hover();
    assert.match(first, /Fib/);
    assert.match(first, /cpu share, 14 days: asking Hover Pyroscope… \\\(hover again to see it\\\)/, first);
    const trend = await until(() => api.trends.trendOf({ name: GROWS, profileFile: 'pricing/prices.go' }), () => `the trends asked for the hover; ${merges.length} merges`);
    assert.ok(trend.shares[trend.shares.length - 1] > trend.shares[0], JSON.stringify(trend));
    assert.ok(merges.length > 1 && merges.length <= 1 + 64, `${merges.length - 1} merges asked for the trend`);
    const second = await hover();
    assert.ok(second.includes(trend.sparkline), `the sparkline ${trend.sparkline} in: ${second}`);
    assert.doesNotMatch(second, /asking/);
  });
});

function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
}
