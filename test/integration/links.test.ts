// Links in the real VS Code: a vscode://perflens.perflens link (through the URI handler and through "Open Profile
// URL...") opens the file at the line with heat from the link's selection; a URL copied from the Pyroscope UI or
// from Grafana's Profiles Drilldown loads the same query from a Pyroscope source (the protocol-strict fake, on
// 127.0.0.1 inside the extension host); "Open in Pyroscope / Grafana" builds the URL of the loaded query; a
// malformed link or one naming a file outside the workspace loads nothing.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as vscode from 'vscode';
import type { PerfLensApi } from '../../src/extension';
import type { OpenedLink } from '../../src/editor/links/openLink';
import { grafanaDrilldownUrl, parseProfileUrl, pyroscopeUiUrl } from '../../src/sources/links/webLinks';
import { startFakePyroscope, type FakePyroscope } from '../unit/sources/helpers/fake-pyroscope';
import { Enc, fields, num, str, strs } from '../unit/sources/helpers/wire';
import { loadedApi, markerLine, workspaceFile, useSources } from './workbenchHelpers';
import { buildModel } from '../../src/core/model/buildModel';
import type { Profile } from '../../src/core/profile/model';
import { readProfileFile } from '../../src/core/profile/parse';
import type { LabelMatcher } from '../../src/core/query/labels';
import { select } from '../../src/core/query/select';

const CPU = 'process_cpu:cpu:nanoseconds:cpu:nanoseconds';
/**
 * What Pyroscope answers for one span (SelectMergeSpanProfile, format TREE): the samples that span recorded, one
 * stack here — nodes depth first, each varint(name length) name varint(self) varint(children).
 */
const SPAN_TREE = (() => {
  const node = (name: string, self: number, children: number) => [name.length, ...Buffer.from(name), ...varint(self), children];
  return Buffer.from([...node('', 0, 1), ...node('main.main', 0, 1), ...node('example.com/shop/pricing.Fib', 30_000_000, 0)]);
})();

function varint(v: number): number[] {
  const out: number[] = [];
  for (; v >= 128; v = Math.floor(v / 128)) out.push((v % 128) | 0x80);
  return [...out, v];
}
const shopProfile = gunzipSync(readFileSync(join(__dirname, '../../../test/fixtures/go/cpu-trimpath.pb.gz')));

/** Resolves when the session shows a profile of `service`/`version`. */
function sessionShows(api: PerfLensApi, service: string, version?: string): Promise<void> {
  const done = () => api.session.current?.profile.service === service && (version === undefined || api.session.current.profile.version === version);
  if (done()) return Promise.resolve();
  return new Promise((resolve) => {
    const sub = api.session.onDidChange(() => { if (done()) { sub.dispose(); resolve(); } });
  });
}

/** Resolves with the heat plan drawn for `uri` once it has a line at `line` (0-based). */
function heatOn(api: PerfLensApi, uri: vscode.Uri, line: number): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
      return editor !== undefined;
    };
    const sub = api.heat.onDidRender((e) => {
      if (e.uri.toString() === uri.toString() && e.plan.some((p) => p.line === line) && check()) { sub.dispose(); resolve(); }
    });
  });
}

describe('links in and out', () => {
  let api: PerfLensApi;
  let pyroscope: FakePyroscope;
  let grafana: FakePyroscope;
  const merges: { server: string; selector: string; start: number; end: number }[] = [];
  let forgetSources: (() => Promise<void>) | undefined;

  const spanAsks: { spans: string[] }[] = [];
  const override = (server: string) => (method: string, req: { body: Buffer }, res: import('node:http').ServerResponse) => {
    if (method === 'SelectMergeSpanProfile') {
      const f = fields(req.body, { 1: 2, 2: 2, 3: 2, 4: 0, 5: 0, 7: 0 });
      assert.equal(num(f.get(7)?.[0]), 2, 'tree format');
      spanAsks.push({ spans: strs(f.get(3)) });
      res.writeHead(200, { 'content-type': 'application/proto' });
      res.end(new Enc().bytesField(2, SPAN_TREE).done());
      return true;
    }
    if (method !== 'SelectMergeProfile') return false;
    const f = fields(req.body, { 1: 2, 2: 2, 3: 0, 4: 0, 5: 0 });
    assert.equal(str(f.get(1)?.[0]), CPU);
    merges.push({ server, selector: str(f.get(2)?.[0]), start: num(f.get(3)?.[0]), end: num(f.get(4)?.[0]) });
    res.writeHead(200, { 'content-type': 'application/proto' });
    res.end(shopProfile);
    return true;
  };

  before(async () => {
    api = await loadedApi();
    const data = { types: { shop: [CPU] }, labels: {}, seen: {}, profiles: {} };
    pyroscope = await startFakePyroscope({ data, override: override('pyroscope') });
    grafana = await startFakePyroscope({ data, prefix: '/api/datasources/proxy/uid/pyro-uid', override: override('grafana') });
    forgetSources = await useSources([
      { name: 'Team Pyroscope', url: `pyroscope+${pyroscope.url}` },
      { name: 'Grafana', url: `pyroscope+${grafana.url}/api/datasources/proxy/uid/pyro-uid` },
    ]);
  });

  after(async () => {
    await forgetSources?.();
    await pyroscope.close();
    await grafana.close();
  });

  // The URI handler passes the link to the same openLink as this command (test/e2e/links.e2e.ts drives the handler
  // itself, through VS Code's URL service); here the command opens it, inside the extension host.
  it('a vscode:// link opens the file at the line, with heat from the link\'s service and version', async () => {
    const tax = workspaceFile('checkout/tax.go');
    const line = await markerLine(tax, 'diff tax-series');
    const heat = heatOn(api, tax, line);
    const loaded = sessionShows(api, 'checkout', 'v2');
    const link = `${vscode.env.uriScheme}://perflens.perflens/open?file=checkout/tax.go&line=${line + 1}&service=checkout&version=v2&type=cpu`;
    const opened = await vscode.commands.executeCommand<OpenedLink | undefined>('perflens.openProfileUrl', link);
    assert.equal(opened?.line, line + 1);
    await loaded;
    await heat;
    const editor = vscode.window.activeTextEditor!;
    assert.equal(editor.document.uri.toString(), tax.toString());
    assert.equal(editor.selection.active.line, line);
    assert.equal(api.session.current!.profile.type, 'cpu');
  });

  it('"Open Profile URL..." takes the same link and a function name, with v1 this time', async () => {
    const loaded = sessionShows(api, 'checkout', 'v1');
    const opened = await vscode.commands.executeCommand<OpenedLink | undefined>('perflens.openProfileUrl', 'vscode://perflens.perflens/open?function=main.applyTax&service=checkout&version=v1');
    await loaded;
    assert.equal(opened?.uri?.toString(), workspaceFile('checkout/tax.go').toString());
    const fn = api.session.current!.profile.functions.find((f) => f.name === 'main.applyTax')!;
    assert.equal(opened?.line, fn.firstLine);
  });

  it('a link\'s frame filter is applied with it, and a link without one shows every frame again', async () => {
    const hidden = 'vscode://perflens.perflens/open?function=main.applyTax&service=checkout&version=v1&frames=%7Bhide%3D%22%5Eruntime%5C%5C.%22%7D';
    await vscode.commands.executeCommand('perflens.openProfileUrl', hidden);
    assert.deepEqual(api.filters.filter.frames, { hide: '^runtime\\.' });
    assert.deepEqual(api.session.shown?.frames, { hide: '^runtime\\.' });
    const names = api.session.current!.profile.functions.map((f) => f.name);
    assert.ok(names.includes('main.applyTax') && !names.some((n) => n.startsWith('runtime.')), 'runtime frames hidden');
    await vscode.commands.executeCommand('perflens.openProfileUrl', 'vscode://perflens.perflens/open?function=main.applyTax&service=checkout&version=v1');
    assert.equal(api.filters.filter.frames, undefined, 'the link is the whole filter');
    assert.ok(api.session.current!.profile.functions.some((f) => f.name.startsWith('runtime.')), 'runtime frames shown again');
  });

  it('a Pyroscope UI URL loads the same query from the configured Pyroscope source, and "Open in Pyroscope" builds it back', async () => {
    const from = Math.floor(Date.now() / 1000) - 7200;
    const url = pyroscopeUiUrl(pyroscope.url, { profileTypeId: CPU, matchers: [{ key: 'service_name', op: '=', value: 'shop' }], from: `${from * 1000}`, to: `${(from + 1800) * 1000}` });
    const loaded = sessionShows(api, 'shop');
    const before = merges.length;
    await vscode.commands.executeCommand('perflens.openProfileUrl', url);
    await loaded;
    assert.deepEqual(merges.slice(before), [{ server: 'pyroscope', selector: '{service_name="shop"}', start: from * 1000, end: (from + 1800) * 1000 }]);
    assert.ok(api.session.current!.profile.files.some((f) => f.relativePath === 'pricing/prices.go'));
    const back = await vscode.commands.executeCommand<string>('perflens.openInBackend', { copy: true });
    assert.equal(await vscode.env.clipboard.readText(), back);
    const reread = parseProfileUrl(back);
    assert.equal(reread.source, `pyroscope+${pyroscope.url}`);
    assert.deepEqual(reread.query, { profileTypeId: CPU, matchers: [{ key: 'service_name', op: '=', value: 'shop' }], from: String(from), to: String(from + 1800) });
  });

  it('a Grafana Profiles Drilldown URL loads from the Grafana data source, and "Open in Grafana" builds the Drilldown URL', async () => {
    const url = grafanaDrilldownUrl(grafana.url, 'pyro-uid', { profileTypeId: CPU, matchers: [{ key: 'service_name', op: '=', value: 'shop' }], from: 'now-30m', to: 'now' });
    const before = merges.length;
    const t0 = Date.now();
    await vscode.commands.executeCommand('perflens.openProfileUrl', url);
    const t1 = Date.now();
    const asked = merges.slice(before);
    assert.equal(asked.length, 1);
    assert.equal(asked[0].server, 'grafana');
    assert.equal(asked[0].end - asked[0].start, 30 * 60_000, 'now-30m .. now');
    assert.ok(asked[0].end >= t0 && asked[0].end <= t1);
    const back = new URL((await vscode.commands.executeCommand<string>('perflens.openInBackend', { copy: true }))!);
    assert.equal(back.pathname, '/a/grafana-pyroscope-app/explore');
    assert.equal(back.searchParams.get('var-dataSource'), 'pyro-uid');
    assert.equal(back.searchParams.get('var-serviceName'), 'shop');
    assert.equal(back.searchParams.get('var-profileMetricId'), CPU);
  });

  it('"Profile of a Trace or Span..." shows only the samples Pyroscope has for that span', async () => {
    const asked = spanAsks.length;
    await vscode.commands.executeCommand('perflens.profileOfSpan', { id: '00F067AA0BA902B7' });
    assert.equal(spanAsks.length, asked + 1, 'Pyroscope was asked for the span');
    assert.deepEqual(spanAsks.at(-1), { spans: ['00f067aa0ba902b7'] });
    const p = api.session.current!.profile;
    assert.equal(p.total, 30_000_000, 'the span profile\'s total');
    assert.deepEqual(p.functions.filter((f) => f.flat > 0).map((f) => f.name), ['example.com/shop/pricing.Fib'], 'only the span\'s own stack');
    const shown = api.session.current;
    assert.equal(await vscode.commands.executeCommand('perflens.profileOfSpan', { id: 'not-a-span' }), undefined);
    assert.equal(api.session.current, shown, 'a bad id loads nothing');
  });

  const refused = [
    'vscode://perflens.perflens/open?file=../../../etc/passwd&line=1&service=shop',
    'vscode://perflens.perflens/open?file=/etc/passwd',
    'vscode://perflens.perflens/open?file=pricing/prices.go&line=zero&service=checkout',
    'vscode://perflens.perflens/open?service=checkout&labels=%7Bregion%3D',
    'vscode://perflens.perflens/open?service=checkout&frames=%7Bfocus%3D%22main.(%22%7D',
    'https://grafana.example.invalid/d/some-dashboard?orgId=1',
    'https://grafana.example.invalid/a/grafana-pyroscope-app/explore?var-serviceName=shop',
  ];
  for (const link of refused) {
    it(`refuses ${link.length > 70 ? `${link.slice(0, 70)}…` : link} and loads nothing`, async () => {
      const shown = api.session.current;
      const requests = pyroscope.requests.length + grafana.requests.length;
      const opened = await vscode.commands.executeCommand<OpenedLink | undefined>('perflens.openProfileUrl', link);
      assert.equal(opened, undefined);
      assert.equal(api.session.current, shown, 'the session still shows what it showed');
      assert.equal(pyroscope.requests.length + grafana.requests.length, requests, 'no server was asked');
    });
  }
});

// Spans and label filters on local profiles: a real Go CPU profile whose requests ran as spans (pprof labels
// span_id and span_name; test/fixtures/spans), filtered in the profile worker. The expected totals come from the
// core's query (select with the same matchers), a different path from the worker's.
describe('spans and label filters on local profiles', () => {
  const spansProfile = join(__dirname, '../../../test/fixtures/spans/cpu.pb.gz');
  const expected = (labels: readonly LabelMatcher[]) => select(buildModel([readProfileFile(spansProfile)]), { type: 'cpu', labels }).total;
  let api: PerfLensApi;

  before(async () => {
    api = await loadedApi();
  });

  it('"Profile of a Trace or Span..." on a loaded file shows only that span\'s samples, and a span it lacks loads nothing', async () => {
    await api.session.load({ sources: [spansProfile], type: 'cpu' });
    const whole = api.session.current!.profile.total;
    assert.equal(whole, expected([]));
    // The hover's "Spent in (span)": both endpoints reach the shared loop, one each their own function (with the
    // function details, which come after the heat).
    await api.session.current!.profile.functionDetails?.();
    const fn = (name: string) => api.session.current!.profile.functions.find((f) => f.name === name);
    assert.deepEqual(fn('main.spin')?.spanNames?.map((s) => s.name).sort(), ['GET /search', 'POST /checkout']);
    assert.deepEqual(fn('main.chargeCard')?.spanNames?.map((s) => s.name), ['POST /checkout']);
    assert.equal(fn('main.plantedHotspot')?.spanNames, undefined);
    const spanIds = labelValues(readProfileFile(spansProfile), 'span_id');
    assert.ok(spanIds.length >= 2);
    for (const id of spanIds.slice(0, 2)) {
      await vscode.commands.executeCommand('perflens.profileOfSpan', { id: id.toUpperCase() });
      const p = api.session.current!.profile;
      const want = expected([{ key: 'span_id', op: '=', value: id }]);
      assert.ok(want > 0 && want < whole);
      assert.equal(p.total, want, `span ${id}: only its samples`);
      assert.deepEqual(api.session.shown!.labels, [{ key: 'span_id', op: '=', value: id }], 'the span\'s filter replaces the filter shown before');
    }
    const shown = api.session.current;
    await vscode.commands.executeCommand('perflens.profileOfSpan', { id: '00f067aa0ba902b7' });
    assert.equal(api.session.current, shown, 'a span without samples loads nothing (and says so)');
  });

  it('a label filter in the load selects the samples that carry those labels', async () => {
    const labels: LabelMatcher[] = [{ key: 'span_name', op: '=', value: 'POST /checkout' }];
    await api.session.load({ sources: [spansProfile], type: 'cpu', labels });
    assert.equal(api.session.current!.profile.total, expected(labels));
    assert.ok(expected(labels) < expected([]));
  });
});

function labelValues(profile: Profile, key: string): string[] {
  const values = new Set<string>();
  const { labels, strings } = profile;
  for (let l = 0; l < labels.count; l++) if (strings.get(labels.key[l]) === key) values.add(strings.get(labels.str[l]));
  return [...values].sort();
}
