// Filters in the real VS Code: "Filter by Label..." picks a label and a value of the loaded samples and the heat
// moves to that endpoint's code; "My code only" and "Clear Filters"; a filter that keeps nothing says so and leaves
// the view as it was; the flame graph follows the filter and is grouped by a label. The profile is the shop's real
// -trimpath CPU profile with an endpoint label per sample, as pprof.Do sets it: GET /fib on the samples through
// pricing.Fib, POST /checkout on the others.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Label, Profile } from 'pprof-format';
import * as vscode from 'vscode';
import type { PerfLensApi } from '../../src/extension';
import { viewFilterChips } from '../../src/core/query/viewFilter';
import { until } from '../harness/wait';
import { startFakePyroscope, type FakePyroscope } from '../unit/sources/helpers/fake-pyroscope';
import { fields, str } from '../unit/sources/helpers/wire';
import { ENTER, LAST, answerPrompts, loadedApi, markerLine, workspaceFile, useSources } from './workbenchHelpers';

/** The shop's CPU profile with endpoint labels by stack. */
function labelledShopProfile(): Buffer {
  const p = Profile.decode(gunzipSync(readFileSync(join(__dirname, '../../../test/fixtures/go/cpu-trimpath.pb.gz'))));
  const names = p.stringTable.strings;
  const fnName = new Map(p.function.map((f) => [Number(f.id), names[Number(f.name)]]));
  const throughFib = (locationIds: readonly unknown[]) => locationIds.some((id) =>
    p.location.find((l) => Number(l.id) === Number(id))?.line.some((line) => /pricing\.Fib$/.test(fnName.get(Number(line.functionId)) ?? '')));
  const key = p.stringTable.dedup('endpoint');
  const fib = p.stringTable.dedup('GET /fib');
  const checkout = p.stringTable.dedup('POST /checkout');
  for (const s of p.sample) s.label = [new Label({ key, str: throughFib(s.locationId) ? fib : checkout })];
  return Buffer.from(p.encode());
}

interface PanelInfo { key: { labels?: unknown[] }; groupBy?: string; rendered?: { frames: number } }
const panels = () => vscode.commands.executeCommand<PanelInfo[]>('perflens.flameGraph.describePanels');

describe('filters: label, frames, clear, group-by', () => {
  let api: PerfLensApi;
  let dir: string;
  let fibLine: number;
  let busyLine: number;
  const prices = workspaceFile('pricing/prices.go');
  /** The lines of prices.go with heat, once the heat drawn satisfies `ok`. */
  const heat = (ok: (lines: Set<number>) => boolean, what: string) => until(() => {
    const lines = new Set(api.session.fileCost(prices)?.lines.filter((l) => l.flat > 0 || l.cum > 0).map((l) => l.line - 1) ?? []);
    return ok(lines) && lines;
  }, what);

  before(async () => {
    api = await loadedApi();
    dir = mkdtempSync(join(tmpdir(), 'perflens-filters-'));
    writeFileSync(join(dir, 'labelled.pb'), labelledShopProfile());
    fibLine = await markerLine(prices, 'cpu recursive');
    busyLine = await markerLine(prices, 'cpu busy-loop');
    await api.filters.clear();
    await api.session.load({ sources: [join(dir, 'labelled.pb')], type: 'cpu', hints: { service: 'shop', version: 'v1' } });
  });
  after(async () => {
    await api.filters.clear();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // The workspace's store again, for the suites after this one.
    await vscode.commands.executeCommand('perflens.loadStore');
    rmSync(dir, { recursive: true, force: true });
  });

  it('"Filter by Label..." offers the samples\' labels with their share; one endpoint\'s samples move the heat to its code', async () => {
    await heat((l) => l.has(fibLine) && l.has(busyLine), 'heat on both Fib and the busy loop before filtering');
    // The hover's "Spent in (endpoint)": where each function's cost comes from, by the most telling label (with the
    // function details, which come after the heat).
    await api.session.current!.profile.functionDetails?.();
    const spent = (name: string) => api.session.current!.profile.functions.find((f) => f.name.endsWith(name))?.spanNames?.map((s) => `${s.key}=${s.name}`);
    assert.deepEqual(spent('pricing.Fib'), ['endpoint=GET /fib']);
    assert.deepEqual(spent('pricing.SumPrices'), ['endpoint=POST /checkout']);
    // endpoint → POST /checkout (the costliest value) → != (keep the rest: GET /fib).
    const { asked } = await answerPrompts(() => vscode.commands.executeCommand('perflens.filterByLabel'),
      (q) => (q.prompt === 'Keep or drop?' ? [LAST, ENTER] : [ENTER]));
    assert.deepEqual(asked.map((q) => q.prompt), ['Which label? (from the loaded samples)', 'Which value of endpoint?', 'Keep or drop?']);
    assert.equal(asked[0].items[0], 'endpoint');
    assert.deepEqual(asked[1].items.slice(0, 2), ['POST /checkout', 'GET /fib']);
    assert.deepEqual(asked[2].items, ['endpoint="POST /checkout"', 'endpoint!="POST /checkout"']);
    assert.deepEqual(viewFilterChips(api.filters.filter), ['endpoint!="POST /checkout"']);
    assert.deepEqual(api.session.shown?.labels, [{ key: 'endpoint', op: '!=', value: 'POST /checkout' }]);
    await heat((l) => l.has(fibLine) && !l.has(busyLine), 'heat on Fib only: the busy loop is POST /checkout\'s');
    const fns = api.session.current!.profile.functions;
    assert.ok(!fns.some((f) => f.name.endsWith('pricing.SumPrices')), 'SumPrices has no cost under GET /fib');
  });

  it('a filter that keeps no sample says so and leaves the view and the filter as they were', async () => {
    const before = api.session.current;
    await assert.rejects(api.filters.apply({ labels: [{ key: 'endpoint', op: '=', value: 'DELETE /nothing' }] }), /the filter matches no samples/);
    assert.equal(api.session.current, before);
    assert.deepEqual(viewFilterChips(api.filters.filter), ['endpoint!="POST /checkout"']);
  });

  it('the flame graph shows the filtered samples, follows a new filter, and groups by a label', async () => {
    await vscode.commands.executeCommand('perflens.showFlameGraph');
    await until(async () => (await panels()).find((p) => (p.rendered?.frames ?? 0) > 0 && p.key.labels?.length === 1), 'the flame graph of the filtered samples');
    await vscode.commands.executeCommand('perflens.toggleMyCodeOnly');
    assert.deepEqual(viewFilterChips(api.filters.filter), ['endpoint!="POST /checkout"', 'my code only']);
    assert.ok(api.session.current!.profile.functions.every((f) => !f.name.startsWith('runtime.')), 'my code only: no runtime function of its own');
    await until(async () => (await panels()).length === 1 && (await panels())[0].key.labels?.length === 1 && JSON.stringify((await panels())[0].key).includes('app-only'), 'the panel follows the filter');
    const { asked } = await answerPrompts(() => vscode.commands.executeCommand('perflens.groupFlameGraphByLabel'), () => [LAST, ENTER]);
    assert.deepEqual(asked[0].items, ['No grouping', 'endpoint']);
    await until(async () => (await panels()).find((p) => p.groupBy === 'endpoint' && (p.rendered?.frames ?? 0) > 0), 'the panel grouped by endpoint, drawn');
  });

  it('"Clear Filters" shows every sample again, in the editor and the flame graph', async () => {
    await vscode.commands.executeCommand('perflens.clearFilters');
    assert.equal(viewFilterChips(api.filters.filter).length, 0);
    await heat((l) => l.has(fibLine) && l.has(busyLine), 'heat on both again');
    await until(async () => (await panels()).find((p) => (p.key.labels ?? []).length === 0 && !JSON.stringify(p.key).includes('app-only')), 'the panel unfiltered');
  });

  it('Hotspots "Group by…" splits its rows by endpoint, each with its own functions, and follows the filter', async () => {
    /** The view's roots and, per root, its function rows: label and description. */
    const view = () => api.hotspots.getChildren().map((root) => {
      const item = api.hotspots.getTreeItem(root);
      return { label: String(item.label), description: String(item.description ?? ''), rows: api.hotspots.getChildren(root).map((n) => api.hotspots.getTreeItem(n)).map((i) => String(i.label)) };
    });
    const { asked } = await answerPrompts(() => vscode.commands.executeCommand('perflens.groupHotspotsBy'), () => [LAST, ENTER]);
    assert.deepEqual(asked[0].items, ['No grouping', 'endpoint']);
    assert.match(asked[0].title ?? '', /group Hotspots by a label/);
    const grouped = await until(() => {
      const v = view();
      return v.length === 2 && v.every((g) => g.label.startsWith('endpoint=') && g.rows.length > 0) && v;
    }, 'Hotspots grouped by endpoint');
    // The costliest endpoint first; each lists the functions its samples run, and only those.
    assert.deepEqual(grouped.map((g) => g.label), ['endpoint=POST /checkout', 'endpoint=GET /fib']);
    const [checkout, fib] = grouped;
    assert.ok(fib.rows.includes('pricing.Fib') && !checkout.rows.includes('pricing.Fib'), `Fib under GET /fib only: ${JSON.stringify(grouped)}`);
    assert.ok(checkout.rows.includes('pricing.SumPrices') && !fib.rows.includes('pricing.SumPrices'), 'SumPrices under POST /checkout only');
    // The groups' shares are of the whole profile and add up to it.
    const shares = grouped.map((g) => Number(/^([\d.]+)%/.exec(g.description)?.[1]));
    assert.ok(Math.abs(shares[0] + shares[1] - 100) < 0.2, `shares ${shares.join(' + ')} make the whole`);
    // Under a filter, the groups are of the samples it keeps.
    await api.filters.apply({ labels: [{ key: 'endpoint', op: '!=', value: 'POST /checkout' }] });
    await until(() => {
      const v = view();
      return v.length === 1 && v[0].label === 'endpoint=GET /fib' && v[0].rows.includes('pricing.Fib') && v;
    }, 'only the GET /fib group under the filter');
    // Ungrouped: the usual view again.
    await vscode.commands.executeCommand('perflens.groupHotspotsBy', null);
    await until(() => view()[0]?.label === 'Application', 'Hotspots ungrouped');
    await api.filters.clear();
  });
});

describe('filters on profiles from Pyroscope: labels from the server, the filter in its query', () => {
  const CPU = 'process_cpu:cpu:nanoseconds:cpu:nanoseconds';
  const SOURCE = 'Filters Pyroscope';
  let forgetSources: (() => Promise<void>) | undefined;
  const shopProfile = gunzipSync(readFileSync(join(__dirname, '../../../test/fixtures/go/cpu-trimpath.pb.gz')));
  let api: PerfLensApi;
  let server: FakePyroscope;
  const selectors: string[] = [];

  before(async () => {
    api = await loadedApi();
    await api.filters.clear();
    server = await startFakePyroscope({
      data: { types: { shop: [CPU] }, labels: { shop: { endpoint: ['GET /search', 'POST /checkout'], region: ['eu', 'us'] } }, seen: {}, profiles: {} },
      override: (method, req, res) => {
        if (method !== 'SelectMergeProfile') return false;
        // querier.v1.SelectMergeProfileRequest { profile_typeID = 1; label_selector = 2; int64 start = 3; int64 end = 4; }
        selectors.push(str(fields(req.body, { 1: 2, 2: 2, 3: 0, 4: 0, 5: 0 }).get(2)?.[0]));
        res.writeHead(200, { 'content-type': 'application/proto' });
        res.end(shopProfile);
        return true;
      },
    });
    forgetSources = await useSources([{ name: SOURCE, url: `pyroscope+${server.url}` }]);
    await vscode.commands.executeCommand('perflens.openProfileUrl', `vscode://perflens.perflens/open?source=${encodeURIComponent(SOURCE)}&service=shop&type=cpu`);
    await until(() => api.session.current?.profile.service === 'shop' && selectors.length === 1, 'the shop profile from Pyroscope');
  });
  after(async () => {
    await api.filters.clear();
    await forgetSources?.();
    await server.close();
  });

  it('"Filter by Label..." offers the server\'s label names and values, and fetches again with the filter in the selector', async () => {
    assert.equal(selectors[0], '{service_name="shop"}');
    const { asked } = await answerPrompts(() => vscode.commands.executeCommand('perflens.filterByLabel'));
    assert.match(asked[0].prompt ?? '', /from the .* series of shop/);
    assert.deepEqual(asked[0].items.slice(0, 2), ['endpoint', 'region']);
    assert.deepEqual(asked[1].items.slice(0, 2), ['GET /search', 'POST /checkout']);
    assert.equal(selectors.length, 2, `fetched again: ${JSON.stringify(selectors)}`);
    assert.equal(selectors[1], '{service_name="shop",endpoint="GET /search"}');
    // The server selected the samples: its merged profile keeps no labels, so the worker applies none.
    assert.deepEqual(api.session.shown?.fetchedWith, [{ key: 'endpoint', op: '=', value: 'GET /search' }]);
    assert.deepEqual(api.session.shown?.labels, []);
    assert.deepEqual(viewFilterChips(api.filters.filter), ['endpoint="GET /search"']);
    assert.ok(api.session.current!.profile.files.some((f) => f.relativePath === 'pricing/prices.go'), 'the filtered profile is shown');
  });

  it('a frame filter on top is applied in the worker, without fetching again; clearing fetches without the label', async () => {
    await vscode.commands.executeCommand('perflens.toggleMyCodeOnly');
    assert.equal(selectors.length, 2);
    assert.deepEqual(viewFilterChips(api.filters.filter), ['endpoint="GET /search"', 'my code only']);
    await vscode.commands.executeCommand('perflens.clearFilters');
    assert.equal(selectors.at(-1), '{service_name="shop"}');
    assert.equal(viewFilterChips(api.filters.filter).length, 0);
    assert.equal(api.session.shown?.fetchedWith, undefined);
  });
});
