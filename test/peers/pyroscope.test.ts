// PerfLens against a real Grafana Pyroscope server (scripts/setup-peers/pyroscope.sh), multi-tenant: two
// copies of a real Go service push with the real pyroscope-go SDK as two versions of one service; PerfLens lists
// and fetches through the CLI (`perflens sources ls`, `perflens fetch`, then `perflens top` on what it wrote) and
// the source API, directly and through a Grafana-style data source proxy (test/peers/harness/grafana-proxy.ts).
// Hostile label values go in through Pyroscope's own Connect push and must come back as data; a range longer than
// the server's max-query-length (1d by default) is fetched in windows and merged. A third copy serves requests as
// spans (pprof labels span_id, span_name): the profile of one span comes from Pyroscope's span profile query. The
// links PerfLens builds for "Open in Pyroscope" and "Open in Grafana" round-trip: the Pyroscope UI's query string
// is the one the server's own render endpoint takes (the UI itself is not in a binary built from the Go module
// proxy: its route answers "not available in dev mode"), and a Grafana Profiles Drilldown URL loads the same totals
// as the direct query. A real Go profile labelled per sample (endpoint, as pprof.Do sets it) is listed by label
// (names, values ranked by cost) and fetched through label filters the server applies.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createSource, type SourceConfig } from '../../src/sources/create-source';
import { backendUrl } from '../../src/sources/links/backendUrl';
import { grafanaDrilldownUrl, parseProfileUrl } from '../../src/sources/links/webLinks';
import { parseTimeSpec } from '../../src/sources/time-range';
import { SourceError } from '../../src/sources/errors';
import type { ProfileSource, ProgressEvent } from '../../src/sources/types';
import { parseLabelFilter } from '../../src/core/query/labels';
import { fixtureRaw, withSampleLabel } from '../unit/sources/helpers/profiles';
import type { RunningService } from '../unit/sources/helpers/services';
import { perflens, perflensJson, top } from './harness/cli';
import { finishedSpans, HOT_FUNCTION, SPAN_FUNCTIONS, startGoService, type FinishedSpan } from './harness/go-service';
import { startGrafanaProxy, type RunningGrafanaProxy } from './harness/grafana-proxy';
import { startPyroscope, type RunningPyroscope } from './harness/pyroscope';
import { freshGoCpuProfile, GO_CPU_FIXTURE, pushProfile } from './harness/pyroscope-push';
import { until } from '../harness/wait';

const TENANT = 'team-a';
const SERVICE = 'peers-shop';
const SPAN_SERVICE = 'peers-spans';
const CPU = 'process_cpu:cpu:nanoseconds:cpu:nanoseconds';
const GRAFANA_TOKEN = 'glsa_peers_test_token';
const HOUR = 3_600_000;

interface Listing {
  services: string[];
  types: { type: string; sourceId: string }[];
  versions: { version: string; firstSeen: string | null; lastSeen: string | null; label: string | null }[] | null;
}

describe('Grafana Pyroscope (real server) through PerfLens', () => {
  let pyroscope: RunningPyroscope;
  let grafana: RunningGrafanaProxy;
  let services: RunningService[] = [];
  let source: ProfileSource;
  let spec: string;
  const tenantEnv = { PERFLENS_TENANT: TENANT };
  const out = mkdtempSync(join(tmpdir(), 'perflens-pyroscope-out-'));

  before(async () => {
    pyroscope = await startPyroscope({ multitenancy: true, acceptOldProfiles: true });
    spec = `pyroscope+${pyroscope.url}`;
    const push = (version: string) => ({ server: pyroscope.url, service: SERVICE, tenant: TENANT, tags: { version } });
    services = [await startGoService(push('1.0.0')), await startGoService(push('1.1.0')),
      await startGoService({ server: pyroscope.url, service: SPAN_SERVICE, tenant: TENANT, tags: { version: '1.0.0' } }, { spans: true })];
    grafana = await startGrafanaProxy(GRAFANA_TOKEN, [
      { uid: 'pyroscope-team-a', url: pyroscope.url, headers: { 'X-Scope-OrgID': TENANT } },
      { uid: 'pyroscope-no-tenant', url: pyroscope.url },
    ]);
    source = createSource(spec, { tenant: TENANT, retry: { retries: 0 } });
    await until(async () => {
      const versions = await source.listVersions(SERVICE, { type: 'cpu' });
      return versions.length === 2 ? versions : undefined;
    }, 'Pyroscope has CPU profiles of both versions pushed by pyroscope-go', { abortIf: () => pyroscope.process.exitReason() && pyroscope.process.output() });
  });

  after(async () => {
    await Promise.all(services.map((s) => s.stop()));
    await grafana?.stop();
    await pyroscope?.stop();
    rmSync(out, { recursive: true, force: true });
  });

  it('`perflens sources ls` lists the service, its profile types and both versions', async () => {
    const all = await perflensJson<Listing>(['sources', 'ls', spec, '--json'], tenantEnv);
    assert.ok(all.services.includes(SERVICE), all.services.join(', '));
    const shop = await perflensJson<Listing>(['sources', 'ls', spec, '--service', SERVICE, '--type', 'cpu', '--json'], tenantEnv);
    const types = shop.types.map((t) => t.type);
    for (const t of ['cpu', 'alloc_space', 'inuse_space']) assert.ok(types.includes(t), `${t} in ${types.join(', ')}`);
    assert.equal(shop.types.find((t) => t.type === 'cpu')?.sourceId, 'process_cpu:cpu:nanoseconds:cpu:nanoseconds');
    assert.deepEqual(shop.versions?.map((v) => v.version).sort(), ['1.0.0', '1.1.0']);
    for (const v of shop.versions ?? []) {
      assert.equal(v.label, 'version');
      assert.ok(v.lastSeen && Date.parse(v.lastSeen) > Date.now() - HOUR, JSON.stringify(v));
    }
  });

  it('`perflens fetch` writes the merged CPU profile of one version, whose hottest function is the service\'s', async () => {
    const file = join(out, 'shop-1.1.0.pb.gz');
    const r = await perflens(['fetch', spec, '--service', SERVICE, '--type', 'cpu', '--version', '1.1.0', '-o', file], tenantEnv);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /\tcpu\tpeers-shop\t1\.1\.0\t/);
    const t = await top(file, 'cpu');
    assert.equal(t.rows[0]?.function, HOT_FUNCTION, JSON.stringify(t.rows.slice(0, 5)));
    assert.ok(t.rows[0].flat > 0.5 * t.total, `${HOT_FUNCTION} has ${t.rows[0].flat} of ${t.total} ns`);
  });

  it('says that the tenant is missing when the server wants one', async () => {
    const r = await perflens(['sources', 'ls', spec], {});
    assert.equal(r.code, 1);
    assert.match(r.stderr, /HTTP 401/);
    assert.match(r.stderr, /tenant/i);
    assert.match(r.stderr, /PERFLENS_TENANT/);
  });

  it('works through a Grafana data source proxy path, with Grafana\'s token', async () => {
    const proxied = `pyroscope+${grafana.url}/api/datasources/proxy/uid/pyroscope-team-a`;
    const env = { PERFLENS_TOKEN: GRAFANA_TOKEN };
    const before = grafana.forwarded.get('pyroscope-team-a') ?? 0;
    const listing = await perflensJson<Listing>(['sources', 'ls', proxied, '--service', SERVICE, '--type', 'cpu', '--json'], env);
    assert.deepEqual(listing.versions?.map((v) => v.version).sort(), ['1.0.0', '1.1.0']);
    const file = join(out, 'proxied.pb.gz');
    const r = await perflens(['fetch', proxied, '--service', SERVICE, '--type', 'cpu', '--version', '1.0.0', '-o', file], env);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((await top(file, 'cpu')).rows[0]?.function, HOT_FUNCTION);
    assert.ok((grafana.forwarded.get('pyroscope-team-a') ?? 0) > before, 'the requests went through the proxy');
  });

  it('shows Grafana\'s "Authentication to data source failed" as an authentication problem with what to do', async () => {
    const proxied = `pyroscope+${grafana.url}/api/datasources/proxy/uid/pyroscope-no-tenant`;
    const r = await perflens(['sources', 'ls', proxied], { PERFLENS_TOKEN: GRAFANA_TOKEN });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Authentication to data source failed/);
    assert.match(r.stderr, /Grafana/);
    assert.match(r.stderr, /data source's (own )?(credentials|authentication)/i);
    const direct = createSource(`pyroscope+${grafana.url}/api/datasources/proxy/uid/pyroscope-no-tenant`, { credentials: { token: GRAFANA_TOKEN }, retry: { retries: 0 } });
    await assert.rejects(direct.listServices(), (e: unknown) => e instanceof SourceError && e.kind === 'auth' && e.status === 400);
  });

  it('takes hostile label values as data: each selects exactly its own profiles, with the pushed totals', async () => {
    const fixture = await top(GO_CPU_FIXTURE, 'cpu');
    const hostileService = 'peers "hostile"\\ {service_name="peers-shop"}, x=~".*"\nline two ✓';
    const decoy = 'peers';
    const v1 = 'v1 "quoted" \\ back';
    const v2 = 'v2\n}{,=';
    const labels = (service: string, version: string) => ({ __name__: 'process_cpu', service_name: service, version });
    // v1 once, v2 twice, the decoy (a prefix of the hostile name) once.
    for (const [service, version] of [[hostileService, v1], [hostileService, v2], [hostileService, v2], [decoy, 'v1']] as const) {
      await pushProfile(pyroscope.url, labels(service, version), freshGoCpuProfile(), TENANT);
    }
    const services = await until(async () => {
      const s = await source.listServices();
      return s.includes(hostileService) && s.includes(decoy) ? s : undefined;
    }, 'the hostile service is listed');
    assert.ok(services.includes(SERVICE));
    const versions = await until(async () => {
      const v = await source.listVersions(hostileService, { type: 'cpu' });
      return v.length === 2 ? v.map((x) => x.version).sort() : undefined;
    }, 'both hostile versions are listed');
    assert.deepEqual(versions, [v1, v2].sort());

    const totalOf = async (service: string, version?: string) => {
      const fetched = await source.fetchProfiles({ service, type: 'cpu', versions: version === undefined ? undefined : [version] });
      assert.equal(fetched.length, 1);
      const file = join(out, `hostile-${service === decoy ? 'decoy' : 'service'}-${version === v1 ? 1 : version === v2 ? 2 : 'all'}.pb`);
      writeFileSync(file, fetched[0].bytes);
      const t = await top(file, 'cpu');
      assert.equal(t.rows[0]?.function, fixture.rows[0].function);
      return t.total;
    };
    assert.equal(await totalOf(hostileService, v1), fixture.total);
    assert.equal(await totalOf(hostileService, v2), 2 * fixture.total);
    assert.equal(await totalOf(hostileService), 3 * fixture.total);
    assert.equal(await totalOf(decoy), fixture.total);

    // The CLI passes the same values through argv.
    const file = join(out, 'hostile-cli.pb.gz');
    const r = await perflens(['fetch', spec, '--service', hostileService, '--type', 'cpu', '--version', v2, '-o', file], tenantEnv);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((await top(file, 'cpu')).total, 2 * fixture.total);
  });

  it('fetches a range longer than the server\'s max-query-length in windows, merged, and says so', async () => {
    const fixture = await top(GO_CPU_FIXTURE, 'cpu');
    const now = Date.now();
    const range = { fromMs: now - 50 * HOUR, toMs: now };
    // Besides what pyroscope-go pushes now (the last of 3 windows), a profile of the same version 30 h ago (the first).
    await pushProfile(pyroscope.url, { __name__: 'process_cpu', service_name: SERVICE, version: '1.1.0' }, freshGoCpuProfile(now - 30 * HOUR), TENANT);
    // The server itself refuses the whole range in one query.
    const raw = await fetch(`${pyroscope.url}/querier.v1.QuerierService/SelectMergeProfile`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'connect-protocol-version': '1', 'x-scope-orgid': TENANT },
      body: JSON.stringify({ profileTypeID: 'process_cpu:cpu:nanoseconds:cpu:nanoseconds', labelSelector: `{service_name="${SERVICE}"}`, start: range.fromMs, end: range.toMs }),
    });
    assert.equal(raw.status, 400);
    assert.match(await raw.text(), /exceeds the limit \(max_query_length, actual: 50h0m0s, limit: 1d\)/);

    const progress: ProgressEvent[] = [];
    const fetched = await until(async () => {
      const f = await source.fetchProfiles({ service: SERVICE, type: 'cpu', versions: ['1.1.0'], range }, { onProgress: (e) => progress.push(e) });
      return f.length === 2 ? f : undefined;
    }, 'the profile of 30 h ago is queryable');
    assert.deepEqual(fetched.map((f) => [f.version, f.timeMs, f.durationMs]), [['1.1.0', now - 50 * HOUR, 24 * HOUR], ['1.1.0', now - 2 * HOUR, 2 * HOUR]]);
    assert.ok(progress.some((e) => /window 3 of 3 \(the server answers at most 1d per query; the windows are merged\)/.test(e.message)), JSON.stringify(progress.map((e) => e.message)));

    const file = join(out, 'long.pb.gz');
    const r = await perflens(['fetch', spec, '--service', SERVICE, '--type', 'cpu', '--version', '1.1.0', '--from', 'now-50h', '-o', file], tenantEnv);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /peers-shop 1\.1\.0 cpu: the server answered in 2 time windows \(it limits the range of one query\); merged into one profile/);
    const merged = await top(file, 'cpu');
    const flat = (t: typeof merged, name: string) => t.rows.find((row) => row.function === name)?.flat ?? 0;
    assert.ok(flat(merged, HOT_FUNCTION) > 0, 'the window of now');
    assert.equal(flat(merged, fixture.rows[0].function), fixture.rows[0].flat, 'the window of 30 h ago, whole');
  });

  it('finds the version in `service.version`, which Pyroscope 1.x stores as service_version', async () => {
    await pushProfile(pyroscope.url, { __name__: 'process_cpu', service_name: 'peers-otel', 'service.version': '3.0.0' }, freshGoCpuProfile(), TENANT);
    const listing = await until(async () => {
      const l = await perflensJson<Listing>(['sources', 'ls', spec, '--service', 'peers-otel', '--json'], tenantEnv);
      return l.versions?.length ? l : undefined;
    }, 'peers-otel has a version');
    assert.deepEqual(listing.versions?.map((v) => [v.version, v.label]), [['3.0.0', 'service_version']]);
  });

  it('the profile of one span holds only that span\'s samples (Pyroscope\'s span profile query)', async () => {
    const spanService = services[2];
    const found = await until(async () => {
      // The newest spans that ended a while ago (their profile is pushed every 2 s): the first with samples.
      const done = (await finishedSpans(spanService)).filter((s) => s.end_ms < Date.now() - 6_000).slice(-6).reverse();
      for (const span of done) {
        try {
          const [p] = await source.fetchProfiles({ service: SPAN_SERVICE, type: 'cpu', range: { fromMs: span.start_ms - 60_000, toMs: Date.now() }, spans: { spanIds: [span.span_id] } });
          return { span, bytes: p.bytes };
        } catch (e) {
          if (!(e instanceof SourceError && e.kind === 'no-data')) throw e;
        }
      }
      return undefined;
    }, 'Pyroscope has the samples of a finished span');
    const { span }: { span: FinishedSpan } = found;
    const file = join(out, `span-${span.span_id}.pb`);
    writeFileSync(file, found.bytes);
    const t = await top(file, 'cpu');
    const own = SPAN_FUNCTIONS[span.span_name];
    const other = Object.values(SPAN_FUNCTIONS).find((f) => f !== own)!;
    assert.ok(t.total > 0);
    assert.equal(t.rows.find((r) => r.function === own)?.cum, t.total, `span ${span.span_id} (${span.span_name}): all in ${own}: ${JSON.stringify(t.rows)}`);
    assert.ok(!t.rows.some((r) => r.function === other || r.function === HOT_FUNCTION), `nothing of ${other} or ${HOT_FUNCTION}`);
    assert.ok(t.total <= (span.end_ms - span.start_ms) * 1e6 + 10_000_000, `${t.total} ns of CPU in a span of ${span.end_ms - span.start_ms} ms`);
  });

  /** A window in the past, whole seconds (the Pyroscope UI's times are Unix seconds), with both versions' data. */
  const pastWindow = () => {
    const toMs = Math.floor((Date.now() - 15_000) / 1000) * 1000;
    return { fromMs: toMs - 10 * 60_000, toMs };
  };
  const direct = async (range: { fromMs: number; toMs: number }, name: string) => {
    const [p] = await source.fetchProfiles({ service: SERVICE, type: 'cpu', versions: ['1.0.0'], range });
    const file = join(out, `direct-${name}.pb`);
    writeFileSync(file, p.bytes);
    return { total: (await top(file, 'cpu')).total, selector: p.selector };
  };
  const directTotal = async (range: { fromMs: number; toMs: number }, name: string) => (await direct(range, name)).total;

  it('"Open in Pyroscope": the URL reads back as the same selection, and its query string is what the server\'s render endpoint answers with the same totals', async () => {
    const config: SourceConfig = { kind: 'pyroscope', baseUrl: pyroscope.url };
    // As the editor does: the link selects what the fetch asked the server, with the label names the source found.
    const { range, selector } = await until(async () => {
      const w = pastWindow();
      return { range: w, selector: (await direct(w, 'selector')).selector };
    }, 'Pyroscope has profiles in a closed window');
    assert.equal(selector, `{service_name="${SERVICE}",version="1.0.0"}`);
    const target = backendUrl(config, { service: SERVICE, version: '1.0.0', type: 'cpu', labels: [] }, range, CPU, Date.now(), selector)!;
    assert.equal(target.ui, 'Pyroscope');
    const url = new URL(target.url);
    assert.equal(`${url.origin}${url.pathname}`, `${pyroscope.url}/`);
    const back = parseProfileUrl(target.url);
    assert.equal(back.source, `pyroscope+${pyroscope.url}`);
    assert.deepEqual({ ...back.selection, from: parseTimeSpec(back.selection.from!, 0), to: parseTimeSpec(back.selection.to!, 0) },
      { service: SERVICE, version: '1.0.0', type: 'cpu', from: range.fromMs, to: range.toMs, labels: [] });
    // The UI route is served (200) though a binary built from the module proxy has no UI assets in it.
    const ui = await fetch(target.url, { headers: { 'X-Scope-OrgID': TENANT } });
    assert.equal(ui.status, 200);
    await ui.body?.cancel();
    const rendered = await until(async () => {
      const res = await fetch(`${pyroscope.url}/pyroscope/render${url.search}&format=json`, { headers: { 'X-Scope-OrgID': TENANT } });
      assert.equal(res.status, 200, await res.clone().text());
      const numTicks = ((await res.json()) as { flamebearer: { numTicks: number } }).flamebearer.numTicks;
      const direct = await directTotal(range, 'pyroscope');
      return numTicks === direct && direct > 0 ? direct : undefined;
    }, 'the render endpoint and the direct query agree on the window');
    assert.ok(rendered > 0);
  });

  it('a Grafana Profiles Drilldown URL (as Grafana writes it) loads the same totals as the direct query', async () => {
    const range = pastWindow();
    const url = grafanaDrilldownUrl(grafana.url, 'pyroscope-team-a', {
      profileTypeId: CPU,
      matchers: [{ key: 'service_name', op: '=', value: SERVICE }, { key: 'version', op: '=', value: '1.0.0' }],
      from: String(range.fromMs), to: String(range.toMs),
    });
    const link = parseProfileUrl(url);
    assert.equal(link.source, `pyroscope+${grafana.url}/api/datasources/proxy/uid/pyroscope-team-a`);
    const viaGrafana = createSource(link.source, { credentials: { token: GRAFANA_TOKEN }, retry: { retries: 0 } });
    const s = link.selection;
    const linkRange = { fromMs: parseTimeSpec(s.from!, 0)!, toMs: parseTimeSpec(s.to!, 0)! };
    assert.deepEqual(linkRange, range);
    await until(async () => {
      const [p] = await viaGrafana.fetchProfiles({ service: s.service!, type: s.type!, versions: [s.version!], range: linkRange });
      const file = join(out, 'drilldown.pb');
      writeFileSync(file, p.bytes);
      const total = (await top(file, 'cpu')).total;
      return total === (await directTotal(range, 'grafana')) ? total : undefined;
    }, 'the Drilldown link and the direct query agree on the window');
  });

  it('lists a service\'s labels and values by cost, and fetches only the samples a label filter selects', async () => {
    const service = 'peers-labels';
    const checkout = 'POST /checkout';
    const endpointOf = (functions: readonly string[]) => (functions.some((f) => f.includes('pricing')) ? checkout : 'GET /search');
    const labelled = withSampleLabel(fixtureRaw('go/cpu.pb.gz'), 'endpoint', endpointOf, Date.now());
    const file = join(out, 'labelled.pb');
    writeFileSync(file, labelled);
    const totalWhere = async (filter: string) => (await perflensJson<{ selected: number }>(['top', file, '--labels', filter, '--json'])).selected;
    const [checkoutCost, searchCost] = [await totalWhere(`endpoint="${checkout}"`), await totalWhere('endpoint="GET /search"')];
    assert.ok(checkoutCost > searchCost && searchCost > 0, `${checkoutCost} ${searchCost}`);
    await pushProfile(pyroscope.url, { __name__: 'process_cpu', service_name: service, region: 'eu "west"' }, labelled, TENANT);

    // Pyroscope files the profile's sample labels as series labels: the server knows the endpoint.
    const values = await until(async () => {
      const v = await source.listLabelValues!(service, 'endpoint', { type: 'cpu' });
      return v.count === 2 && v.values.every((x) => x.cost !== undefined) ? v : undefined;
    }, 'Pyroscope lists the endpoints with their cost');
    assert.deepEqual(values, { values: [{ value: checkout, cost: checkoutCost }, { value: 'GET /search', cost: searchCost }], count: 2 });
    const names = await source.listLabelNames!(service);
    for (const n of ['endpoint', 'region']) assert.ok(names.includes(n), names.join(', '));
    assert.ok(!names.includes('service_name') && !names.some((n) => n.startsWith('__')), names.join(', '));
    const limited = await source.listLabelValues!(service, 'endpoint', { type: 'cpu', limit: 1, labels: parseLabelFilter('region="eu \\"west\\""') });
    assert.deepEqual(limited, { values: [{ value: checkout, cost: checkoutCost }], count: 2 });

    const fetchedTotal = async (filter: string) => {
      const [p, ...rest] = await source.fetchProfiles({ service, type: 'cpu', labels: parseLabelFilter(filter) });
      assert.equal(rest.length, 0);
      const path = join(out, 'filtered.pb');
      writeFileSync(path, p.bytes);
      return (await top(path, 'cpu')).total;
    };
    assert.equal(await fetchedTotal(`endpoint="${checkout}"`), checkoutCost);
    assert.equal(await fetchedTotal('endpoint!~"POST .*"'), searchCost);
    assert.equal(await fetchedTotal('endpoint=~"(GET|POST) /.*", region="eu \\"west\\""'), checkoutCost + searchCost);
    // A value written to break out of the selector selects nothing rather than everything.
    await assert.rejects(source.fetchProfiles({ service, type: 'cpu', labels: [{ key: 'endpoint', op: '=', value: 'x"}, endpoint=~".*' }] }), (e: unknown) => e instanceof SourceError && e.kind === 'no-data');

    const listing = await perflensJson<{ type: string; keys: { key: string; valueCount: number; values: { value: string; cost: number }[] }[] }>(
      ['labels', spec, '--service', service, '--key', 'endpoint', '--json'], tenantEnv);
    assert.equal(listing.type, 'cpu');
    assert.deepEqual(listing.keys, [{ key: 'endpoint', valueCount: 2, values: [{ value: checkout, cost: checkoutCost }, { value: 'GET /search', cost: searchCost }] }]);
    const fetched = join(out, 'checkout.pb.gz');
    const r = await perflens(['fetch', spec, '--service', service, '--type', 'cpu', '--labels', `endpoint="${checkout}"`, '-o', fetched], tenantEnv);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((await top(fetched, 'cpu')).total, checkoutCost);

    // Two selections of the service compared: each side's label filter goes into its own query.
    const diff = await perflensJson<{ baseTotal: number; headTotal: number; functions: { function: string; head: number; base: number }[] }>(
      ['diff', '--source', spec, '--service', service, '--type', 'cpu', '--base-labels', 'endpoint="GET /search"', '--head-labels', `endpoint="${checkout}"`, '--json'], tenantEnv);
    assert.deepEqual([diff.baseTotal, diff.headTotal], [searchCost, checkoutCost]);
    assert.ok(diff.functions.some((r) => r.function.includes('pricing.') && r.base === 0 && r.head > 0), 'the checkout code is new on the head side');
  });
});
