import * as assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Label, Profile } from 'pprof-format';
import * as vscode from 'vscode';
import type { PerfLensApi } from '../../src/extension';
import { decodeDiffFlame } from '../../src/core/diff/diffFlamePayload';
import { until } from '../harness/wait';
import { answerPrompts, ENTER, loadedApi, useSources } from './workbenchHelpers';
import { startFakePyroscope, type FakePyroscope } from '../unit/sources/helpers/fake-pyroscope';

describe('release diff: the checkout service, v1 against v2 (v2 made applyTax slower)', () => {
  it('"Compare with Previous Release" finds the planted regression, marks its hot line in the gutter', async () => {
    // Once the start-up load is done (it would otherwise land after the clear below and name the service).
    const api = await loadedApi();
    // The workspace says which service it is (perflens.service); the local store is the only source.
    api.session.clear();
    // As in a new window: no editor open, so the diff panel and the file share one editor group.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const config = vscode.workspace.getConfiguration('perflens');
    await config.update('service', 'checkout', vscode.ConfigurationTarget.Workspace);
    try {
      await vscode.commands.executeCommand('perflens.compareWithPrevious');
    } finally {
      await config.update('service', undefined, vscode.ConfigurationTarget.Workspace);
    }
    const view = api.diff.current;
    assert.ok(view, 'a diff is shown');
    assert.equal(view.base.label, 'v1');
    assert.equal(view.head.label, 'v2');
    const top = view.functions[0];
    assert.equal(top.function, 'main.applyTax');
    assert.ok(top.significant && top.delta > 0.1, `applyTax rose by ${(top.delta * 100).toFixed(1)} pts`);
    assert.ok(top.path?.endsWith('tax.go'), `it maps to the workspace file: ${top.path}`);

    // The diff flame graph's data: applyTax's frame rose beyond noise and opens the same workspace file.
    const flame = decodeDiffFlame(view.flame);
    const tax = flame.fn.findIndex((f, i) => i > 0 && flame.names[f] === 'main.applyTax');
    assert.ok(tax > 0, 'applyTax is in the union call tree');
    assert.ok(flame.headTotal[tax] / flame.headRoot - flame.baseTotal[tax] / flame.baseRoot > 0.1);
    assert.equal(flame.significant[tax], 1);
    assert.equal(flame.paths[flame.locationPath[flame.fn[tax]]], top.path);
    for (const path of flame.paths) assert.ok(vscode.workspace.getWorkspaceFolder(vscode.Uri.file(path)), `${path} is a workspace file`);

    const uri = vscode.Uri.file(top.path!);
    const doc = await vscode.workspace.openTextDocument(uri);
    const hot = [...Array(doc.lineCount).keys()].find((l) => doc.lineAt(l).text.includes('HOT:diff tax-series'))!;
    const rendered = new Promise<{ line: number; mark: string; text: string }[]>((resolve) => {
      const sub = api.diff.onDidRender((e) => { if (e.uri.fsPath === uri.fsPath && e.plan.length > 0) { sub.dispose(); resolve(e.plan.map((p) => ({ line: p.line, mark: p.mark, text: p.text }))); } });
    });
    // Opened as a click in the explorer does: a preview tab in the panel's group. It must not replace the panel.
    await vscode.window.showTextDocument(uri);
    const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    await until(() => vscode.window.tabGroups.activeTabGroup.activeTab?.label === 'tax.go', 'tax.go to be the active tab');
    assert.ok(tabs().some((t) => t.label === 'Diff: v1 → v2'), `the diff panel is still open: ${tabs().map((t) => t.label)}`);
    assert.ok(api.diff.current, 'the diff is still shown');
    const plan = await rendered;
    const mark = plan.find((p) => p.line === hot);
    assert.ok(mark, `the hot line ${hot + 1} has a diff mark; marks on ${plan.map((p) => p.line + 1)}`);
    assert.equal(mark.mark, 'rose');
    assert.match(mark.text, /^▲ \+[\d.]+ pts \([\d.]+% → [\d.]+%\)$/);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(hot, 4));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
    assert.match(text, /Release diff/);
    assert.match(text.replace(/&nbsp;/g, ' '), /v1 → v2/);
    await vscode.commands.executeCommand('perflens.clearDiff');
    assert.equal(api.diff.current, undefined);
    assert.ok(api.heat.isEnabled, 'heat is back once the diff is cleared');
    // Leave the editor as the other suites expect it: the store's default profile loaded.
    await vscode.commands.executeCommand('perflens.loadStore');
    assert.equal(api.session.current?.profile.service, 'shop');
  });
});

describe('"PerfLens: Compare...": any two selections of the store', () => {
  const MIN = 60_000;
  // test/harness/workspaces.mjs: checkout v1 is stamped 2026-11-24T10:00Z, v2 an hour later.
  const T = Date.UTC(2026, 10, 24, 10);

  it('the range dragged on the timeline vs the hour before it: the planted regression, both sides in the header, the same perflens diff command, the gutter in shares then per second', async () => {
    // Once the start-up load is done (a load started meanwhile would cancel it, or be cancelled by it).
    const api = await loadedApi();
    // No editor open: opening tax.go below is what draws its marks (an editor already shown was drawn before we listen).
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const store = join(vscode.workspace.workspaceFolders![0].uri.fsPath, '.perflens/store/checkout');
    const files = ['v1', 'v2'].flatMap((v) => readdirSync(join(store, v, 'cpu')).map((f) => join(store, v, 'cpu', f)));
    await api.session.load({ sources: files, type: 'cpu', hints: { service: 'checkout' }, fromStore: true });
    // The peak, as a user drags it on the flame graph's timeline: 10:50 to 11:50 (v2's profile).
    await api.timeRange.selectFromTimeline({ fromMs: T + 50 * MIN, toMs: T + 110 * MIN });
    // The preset, the local store (other suites may have configured servers too), then the first item of each list.
    const wanted: Record<string, string> = { 'Compare what?': 'Two time ranges...', 'Where are the profiles?': 'Local store' };
    const { asked } = await answerPrompts(() => vscode.commands.executeCommand('perflens.compare'), (q) => {
      const at = q.prompt && wanted[q.prompt] ? q.items.indexOf(wanted[q.prompt]) : 0;
      return [...Array<string>(Math.max(0, at)).fill('quickInput.next'), ENTER];
    });
    assert.deepEqual(asked.map((q) => q.prompt).filter((p) => p !== 'Where are the profiles?'),
      ['Compare what?', 'After: the time range to look at (the peak)', 'Before: the time range to compare against (normal)'], JSON.stringify(asked));
    const after = asked.find((q) => q.prompt?.startsWith('After'))!;
    const before = asked.find((q) => q.prompt?.startsWith('Before'))!;
    assert.match(after.items[0], /^The range shown: 2026-11-24 10:50–11:50 UTC$/);
    assert.equal(before.items[0], 'The hour just before');

    const view = api.diff.current;
    assert.ok(view, 'a comparison is shown');
    assert.deepEqual([view.base.profiles, view.head.profiles], [1, 1], 'one profile in each window');
    const top = view.functions[0];
    assert.equal(top.function, 'main.applyTax');
    assert.ok(top.significant && top.delta > 0.1, `applyTax's share rose by ${(top.delta * 100).toFixed(1)} pts`);
    assert.ok(top.absolute.second!.significant && top.absolute.second!.head > 2 * top.absolute.second!.base, JSON.stringify(top.absolute));
    const header = api.diffPanel.shownHeader!;
    assert.equal(header.base.label, 'the hour just before');
    assert.equal(header.head.label, '2026-11-24 10:50–11:50 UTC');
    assert.deepEqual(Object.fromEntries(header.head.details).labels, 'all samples');
    assert.match(Object.fromEntries(header.base.details).time, /2026-11-24 09:50–10:50 UTC/);
    assert.match(header.command!, / --service checkout --type cpu --base-from 2026-11-24T09:50:00\.000Z --base-to 2026-11-24T10:50:00\.000Z --head-from 2026-11-24T10:50:00\.000Z --head-to 2026-11-24T11:50:00\.000Z --root /);

    // The link opens the same comparison again (as a colleague would, from a ticket).
    await vscode.commands.executeCommand('perflens.clearDiff');
    assert.equal(api.diff.current, undefined);
    await vscode.commands.executeCommand('perflens.openProfileUrl', header.link);
    const shown = () => api.diff.current;
    const again = shown();
    assert.ok(again, 'the link shows the comparison');
    assert.deepEqual(again.functions.map((f) => [f.function, f.delta, f.absolute.second?.change]), view.functions.map((f) => [f.function, f.delta, f.absolute.second?.change]));
    assert.equal(api.diffPanel.shownHeader!.command, header.command);

    // The gutter: the hot line in shares, then (toggled) in cost per second of profiled time.
    const uri = vscode.Uri.file(top.path!);
    const doc = await vscode.workspace.openTextDocument(uri);
    const hot = [...Array(doc.lineCount).keys()].find((l) => doc.lineAt(l).text.includes('HOT:diff tax-series'))!;
    const markOn = (pattern: RegExp, show: () => unknown) => new Promise<{ mark: string; text: string }>((resolve) => {
      const sub = api.diff.onDidRender((e) => {
        const m = e.uri.fsPath === uri.fsPath ? e.plan.find((p) => p.line === hot) : undefined;
        if (m && pattern.test(m.text)) { sub.dispose(); resolve(m); }
      });
      void show();
    });
    const share = await markOn(/pts/, () => vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One, preview: false }));
    assert.equal(share.mark, 'rose');
    assert.equal(api.diff.mode, 'share');
    const absolute = await markOn(/\/s/, () => vscode.commands.executeCommand('perflens.toggleDiffMode'));
    assert.equal(api.diff.mode, 'second');
    assert.equal(absolute.mark, 'rose');
    assert.match(absolute.text, /^▲ \+[\d.]+ ms\/s \([\d.]+ ms\/s → [\d.]+ ms\/s\)$/);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(hot, 4));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n').replace(/&nbsp;/g, ' ');
    assert.match(text, /Comparison/);
    assert.match(text, /per second \| [\d.]+ ms\/s \| [\d.]+ ms\/s/);
    api.diff.setMode('share');

    await vscode.commands.executeCommand('perflens.clearDiff');
    await vscode.commands.executeCommand('perflens.loadStore');
    assert.equal(api.session.current?.profile.service, 'shop');
  });
});

describe('a release comparison under the session\'s label filter', () => {
  const MIN = 60_000;
  // Two endpoints of one service, each release two runs: POST /checkout ran v1 then v2 (v2 made applyTax slower);
  // GET /quote ran the v1 binary in both releases (two separate runs: test/fixtures/diff/README.md). Real profiles,
  // their samples labelled as pprof.Do labels them.
  const T = Date.UTC(2026, 10, 24, 10);
  const SERVICE = 'checkout-endpoints';
  const fixture = (name: string) => join(__dirname, '../../../test/fixtures/diff', name);
  const labelled = (file: string, endpoint: string): Buffer => {
    const p = Profile.decode(gunzipSync(readFileSync(fixture(file))));
    const key = p.stringTable.dedup('endpoint');
    const value = p.stringTable.dedup(endpoint);
    for (const s of p.sample) s.label = [new Label({ key, str: value })];
    return gzipSync(p.encode());
  };
  let api: PerfLensApi;
  let store: string;

  before(async () => {
    api = await loadedApi();
    store = join(vscode.workspace.workspaceFolders![0].uri.fsPath, '.perflens/store', SERVICE);
    const files: [string, number, string, string][] = [
      ['v1', T, 'v1-a.pb.gz', 'POST /checkout'], ['v1', T + MIN, 'v1-b.pb.gz', 'GET /quote'],
      ['v2', T + 60 * MIN, 'v2.pb.gz', 'POST /checkout'], ['v2', T + 61 * MIN, 'v1-a.pb.gz', 'GET /quote'],
    ];
    for (const [version, at, file, endpoint] of files) {
      mkdirSync(join(store, version, 'cpu'), { recursive: true });
      writeFileSync(join(store, version, 'cpu', `${at}.pb.gz`), labelled(file, endpoint));
    }
    const v2 = readdirSync(join(store, 'v2/cpu')).map((f) => join(store, 'v2/cpu', f));
    await api.session.load({ sources: v2, type: 'cpu', hints: { service: SERVICE, version: 'v2' }, fromStore: true });
  });
  after(async () => {
    await api.filters.clear();
    await vscode.commands.executeCommand('perflens.clearDiff');
    rmSync(store, { recursive: true, force: true });
    await vscode.commands.executeCommand('perflens.loadStore');
  });

  /** "Compare..." → this release vs the previous, from the local store: the diff shown. */
  const compareReleases = async () => {
    const wanted: Record<string, string> = { 'Compare what?': 'This release vs the previous release', 'Where are the profiles?': 'Local store' };
    await answerPrompts(() => vscode.commands.executeCommand('perflens.compare'), (q) => {
      const at = q.prompt && wanted[q.prompt] ? q.items.indexOf(wanted[q.prompt]) : 0;
      return [...Array<string>(Math.max(0, at)).fill('quickInput.next'), ENTER];
    });
    const view = api.diff.current;
    assert.ok(view, 'a comparison is shown');
    const tax = view.functions.find((f) => f.function === 'main.applyTax');
    assert.ok(tax, 'applyTax is on both sides');
    return { view, tax, header: api.diffPanel.shownHeader! };
  };

  it('GET /quote ran the same code in both releases: applyTax does not change; POST /checkout carries the whole regression', async () => {
    const all = await compareReleases();
    assert.deepEqual([all.view.base.label, all.view.head.label], ['v1', 'v2']);
    assert.deepEqual([all.view.base.profiles, all.view.head.profiles], [2, 2]);
    assert.ok(all.tax.significant && all.tax.delta > 0.05, `unfiltered, applyTax rose by ${(all.tax.delta * 100).toFixed(1)} pts`);

    // With "my code only" on as well: both sides compare the workspace's functions, runtime runs folded into one frame.
    await api.filters.apply({ labels: [{ key: 'endpoint', op: '=', value: 'GET /quote' }], frames: { presets: ['app-only'] } });
    const quote = await compareReleases();
    for (const side of [quote.header.base, quote.header.head]) assert.equal(Object.fromEntries(side.details).frames, 'my code only');
    const names = quote.view.functions.map((f) => f.function);
    assert.ok(names.includes('[runtime]') && !names.some((n) => n.startsWith('runtime.')), `my code only: ${names.join(', ')}`);
    assert.ok(all.view.functions.some((f) => f.function.startsWith('runtime.')), 'without it the runtime\'s functions are compared');
    assert.match(quote.header.command!, / --preset app-only --root /);
    assert.deepEqual([quote.view.base.label, quote.view.head.label], ['v1', 'v2']);
    assert.ok(!quote.tax.significant && Math.abs(quote.tax.delta) < 0.03, `GET /quote: applyTax moved ${(quote.tax.delta * 100).toFixed(1)} pts`);
    assert.ok(quote.view.functions.every((f) => !f.significant), `nothing changed for GET /quote: ${quote.view.functions.filter((f) => f.significant).map((f) => f.function)}`);
    assert.ok(quote.view.base.total < all.view.base.total / 1.5, 'only the endpoint\'s samples were compared');
    for (const side of [quote.header.base, quote.header.head]) assert.equal(Object.fromEntries(side.details).labels, '{endpoint="GET /quote"}');
    assert.match(quote.header.command!, / --labels '\{endpoint="GET \/quote"\}'/);
    assert.match(decodeURIComponent(quote.header.link ?? ''), /base\.labels=\{endpoint="GET \/quote"\}.*head\.labels=\{endpoint="GET \/quote"\}/);

    await api.filters.apply({ labels: [{ key: 'endpoint', op: '=', value: 'POST /checkout' }] });
    const checkout = await compareReleases();
    assert.equal(checkout.view.functions[0].function, 'main.applyTax');
    assert.ok(checkout.tax.significant && checkout.tax.delta > all.tax.delta, `POST /checkout: applyTax rose by ${(checkout.tax.delta * 100).toFixed(1)} pts, more than ${(all.tax.delta * 100).toFixed(1)} unfiltered`);
    for (const side of [checkout.header.base, checkout.header.head]) assert.equal(Object.fromEntries(side.details).labels, '{endpoint="POST /checkout"}');
  });
});

describe('"PerfLens: Compare..." → "Two sources...": a Pyroscope server against the local store', () => {
  const MIN = 60_000;
  const T = Date.UTC(2026, 10, 24, 10);
  const SERVICE = 'checkout-edge';
  const SOURCE = 'Edge Pyroscope';
  const CPU = 'process_cpu:cpu:nanoseconds:cpu:nanoseconds';
  const fixture = (name: string) => readFileSync(join(__dirname, '../../../test/fixtures/diff', name));
  let api: PerfLensApi;
  let server: FakePyroscope;
  let store: string;
  let forgetSources: (() => Promise<void>) | undefined;

  before(async () => {
    api = await loadedApi();
    // The server has v1 (the release before the tax change), the store v2.
    server = await startFakePyroscope({ data: { types: { [SERVICE]: [CPU] }, labels: {}, seen: {}, profiles: { [`${SERVICE}|${CPU}|`]: gunzipSync(fixture('v1-a.pb.gz')) } } });
    forgetSources = await useSources([{ name: SOURCE, url: `pyroscope+${server.url}` }]);
    store = join(vscode.workspace.workspaceFolders![0].uri.fsPath, '.perflens/store', SERVICE);
    mkdirSync(join(store, 'v2/cpu'), { recursive: true });
    const file = join(store, 'v2/cpu', `${T + 60 * MIN}.pb.gz`);
    writeFileSync(file, fixture('v2.pb.gz'));
    await api.session.load({ sources: [file], type: 'cpu', hints: { service: SERVICE, version: 'v2' }, fromStore: true });
    await api.timeRange.selectFromTimeline({ fromMs: T + 50 * MIN, toMs: T + 110 * MIN });
  });
  after(async () => {
    await vscode.commands.executeCommand('perflens.clearDiff');
    await forgetSources?.();
    rmSync(store, { recursive: true, force: true });
    await vscode.commands.executeCommand('perflens.loadStore');
    await server.close();
  });

  it('picks a source per side, compares the same window of both, and the header, command and link name both sources', async () => {
    const wanted: Record<string, string> = {
      'Compare what?': 'Two sources...',
      'Before: where are the profiles to compare against?': SOURCE,
      'After: where are the profiles to look at?': 'Local store',
    };
    const { asked } = await answerPrompts(() => vscode.commands.executeCommand('perflens.compare'), (q) => {
      const at = q.prompt && wanted[q.prompt] ? q.items.indexOf(wanted[q.prompt]) : 0;
      return [...Array<string>(Math.max(0, at)).fill('quickInput.next'), ENTER];
    });
    assert.deepEqual(asked.map((q) => q.prompt), ['Compare what?', 'Before: where are the profiles to compare against?', 'After: where are the profiles to look at?', 'The time range to compare, the same on both sides'], JSON.stringify(asked));
    assert.ok(!asked[2].items.includes(SOURCE), 'the after side offers the other sources');
    assert.match(asked[3].items[0], /^The range shown: 2026-11-24 10:50–11:50 UTC$/);

    const view = api.diff.current;
    assert.ok(view, 'a comparison is shown');
    assert.equal(view.functions[0].function, 'main.applyTax', 'the tax change tops the comparison');
    assert.ok(view.functions[0].significant);
    const merges = server.calls.filter((c) => c.method === 'SelectMergeProfile').map((c) => c.body);
    assert.deepEqual(merges.map((m) => [m.start, m.end]), [[T + 50 * MIN, T + 110 * MIN]], 'the server is asked for the window once: the before side');

    const header = api.diffPanel.shownHeader!;
    assert.equal(Object.fromEntries(header.base.details).source, SOURCE);
    assert.equal(Object.fromEntries(header.head.details).source, 'Local store');
    assert.deepEqual([header.base.label.split(' · ')[0], header.head.label.split(' · ')[0]], [SOURCE, 'Local store']);
    assert.match(header.command!, new RegExp(`^perflens diff --base-source pyroscope\\+http://127\\.0\\.0\\.1:\\d+ --head-source \\S+store --service ${SERVICE} --type cpu `));
    // A server is named by its URL (a colleague may call it anything), the store by its name (never its folder).
    assert.match(header.link!, new RegExp(`&base\\.source=${encodeURIComponent(`pyroscope+${server.url}`).replace(/[.+]/g, '\\$&')}&`));
    assert.match(header.link!, /&head\.source=Local%20store&/);
  });

  it('two servers of one name: the link names each by its URL and opens the same two; a link naming them by the name is refused', async () => {
    const twin = await startFakePyroscope({ data: { types: { [SERVICE]: [CPU] }, labels: {}, seen: {}, profiles: { [`${SERVICE}|${CPU}|`]: gunzipSync(fixture('v2.pb.gz')) } } });
    try {
      await useSources([{ name: SOURCE, url: `pyroscope+${server.url}` }, { name: SOURCE, url: `pyroscope+${twin.url}` }]);
      // Before: the first server called so; after: the other one (the only one offered under that name).
      const { asked } = await answerPrompts(() => vscode.commands.executeCommand('perflens.compare'), (q) => {
        const at = q.prompt === 'Compare what?' ? q.items.indexOf('Two sources...') : q.prompt?.startsWith('Before') || q.prompt?.startsWith('After') ? q.items.indexOf(SOURCE) : 0;
        return [...Array<string>(Math.max(0, at)).fill('quickInput.next'), ENTER];
      });
      assert.deepEqual(asked[1].items, ['Local store', SOURCE, SOURCE]);
      assert.ok(twin.calls.some((c) => c.method === 'SelectMergeProfile'), 'the other server is asked for its side');
      const view = api.diff.current!;
      assert.equal(view.functions[0].function, 'main.applyTax', 'v1 on the first server against v2 on the other: the tax change tops the comparison');
      assert.ok(view.functions[0].significant);
      const header = api.diffPanel.shownHeader!;
      assert.deepEqual([header.base.label.split(' · ')[0], header.head.label.split(' · ')[0]], [`${SOURCE} (pyroscope+${server.url})`, `${SOURCE} (pyroscope+${twin.url})`]);
      assert.match(header.command!, new RegExp(`^perflens diff --base-source pyroscope\\+${server.url.replace(/[.]/g, '\\.')} --head-source pyroscope\\+${twin.url.replace(/[.]/g, '\\.')} `));

      // The link opens the same two servers again, not one of them twice (which would show no change at all).
      await vscode.commands.executeCommand('perflens.clearDiff');
      await vscode.commands.executeCommand('perflens.openProfileUrl', header.link);
      assert.deepEqual(api.diff.current?.functions.map((f) => [f.function, f.delta]), view.functions.map((f) => [f.function, f.delta]));

      // A link that names them by their name (as links did) cannot say which: nothing is fetched or shown.
      await vscode.commands.executeCommand('perflens.clearDiff');
      const byName = header.link!.replace(/base\.source=[^&]*/, `base.source=${encodeURIComponent(SOURCE)}`);
      await vscode.commands.executeCommand('perflens.openProfileUrl', byName);
      assert.equal(api.diff.current, undefined, 'an ambiguous link shows no comparison');
    } finally {
      await useSources([{ name: SOURCE, url: `pyroscope+${server.url}` }]);
      await twin.close();
    }
  });

  it('two tenants of one server, unnamed: each side says its tenant, the link names both tenants and opens the same two; a link of one tenant opens that one', async () => {
    const data = (name: string) => ({ types: { [SERVICE]: [CPU] }, labels: {}, seen: {}, profiles: { [`${SERVICE}|${CPU}|`]: gunzipSync(fixture(name)) } });
    // Each tenant answers with its own release; a request naming no tenant (or another) breaks the fake's protocol.
    const shared = await startFakePyroscope({ data: data('v1-a.pb.gz'), tenants: { a: data('v1-a.pb.gz'), b: data('v2.pb.gz') } });
    const url = `pyroscope+${shared.url}`;
    try {
      // No names: both entries are called by their URL.
      await useSources([{ url, tenant: 'a' }, { url, tenant: 'b' }]);
      const { asked } = await answerPrompts(() => vscode.commands.executeCommand('perflens.compare'), (q) => {
        const at = q.prompt === 'Compare what?' ? q.items.indexOf('Two sources...') : q.prompt?.startsWith('Before') || q.prompt?.startsWith('After') ? q.items.indexOf(url) : 0;
        return [...Array<string>(Math.max(0, at)).fill('quickInput.next'), ENTER];
      });
      assert.deepEqual(asked[2].items, ['Local store', url], 'the other tenant of the same URL is offered for the after side');
      const view = api.diff.current!;
      assert.equal(view.functions[0].function, 'main.applyTax', 'tenant a (v1) against tenant b (v2): the tax change tops the comparison');
      assert.ok(view.functions[0].significant);
      const header = api.diffPanel.shownHeader!;
      assert.deepEqual([header.base.label.split(' · ')[0], header.head.label.split(' · ')[0]], [`${url} (tenant a)`, `${url} (tenant b)`]);
      assert.deepEqual([Object.fromEntries(header.base.details).tenant, Object.fromEntries(header.head.details).tenant], ['a', 'b']);
      assert.match(header.command!, new RegExp(`^PERFLENS_BASE_TENANT=a PERFLENS_HEAD_TENANT=b perflens diff --base-source ${url.replace(/[.+]/g, '\\$&')} --head-source ${url.replace(/[.+]/g, '\\$&')} `));
      assert.match(header.link!, /&base\.tenant=a&/);
      assert.match(header.link!, /&head\.tenant=b&/);

      // The link opens tenant a against tenant b again.
      await vscode.commands.executeCommand('perflens.clearDiff');
      await vscode.commands.executeCommand('perflens.openProfileUrl', header.link);
      assert.deepEqual(api.diff.current?.functions.map((f) => [f.function, f.delta]), view.functions.map((f) => [f.function, f.delta]));

      // One tenant on both sides: that tenant's profiles, no change at all.
      await vscode.commands.executeCommand('perflens.clearDiff');
      await vscode.commands.executeCommand('perflens.openProfileUrl', header.link!.replace('&head.tenant=b&', '&head.tenant=a&'));
      assert.ok(api.diff.current, 'a link of one tenant opens');
      assert.ok(api.diff.current.functions.every((f) => !f.significant && Math.abs(f.delta) < 1e-9), 'tenant a against itself');

      // A link without tenants cannot say which: nothing is fetched or shown.
      await vscode.commands.executeCommand('perflens.clearDiff');
      await vscode.commands.executeCommand('perflens.openProfileUrl', header.link!.replace(/&(base|head)\.tenant=[^&]*/g, ''));
      assert.equal(api.diff.current, undefined, 'an ambiguous link shows no comparison');
    } finally {
      await useSources([{ name: SOURCE, url: `pyroscope+${server.url}` }]);
      await shared.close();
    }
  });
});
