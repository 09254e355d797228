// URLs copied from Grafana's Profiles Drilldown and Explore, the Pyroscope UI and the Parca UI: read into the same
// query and selection, built back ("Open in …") so that reading the built URL gives the same query again, and
// refused with one clear line when they are not what they claim.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LinkError } from '../../../src/sources/links/selection';
import { grafanaDrilldownUrl, parcaUiUrl, parseProfileUrl, pyroscopeUiUrl } from '../../../src/sources/links/webLinks';

const CPU = 'process_cpu:cpu:nanoseconds:cpu:nanoseconds';

describe('profile URLs from web UIs', () => {
  it("reads a Profiles Drilldown link (Grafana play's own) with its service, type and data source", () => {
    const link = parseProfileUrl(`https://play.grafana.org/a/grafana-pyroscope-app/explore?searchText=&panelType=time-series&layout=grid&hideNoData=off&explorationType=all&var-serviceName=ebpf&var-profileMetricId=${CPU}&var-spanSelector=undefined&var-dataSource=grafanacloud-profiles&var-filters=&var-filtersBaseline=&var-filtersComparison=&var-groupBy=`);
    assert.equal(link.ui, 'grafana');
    assert.equal(link.source, 'pyroscope+https://play.grafana.org/api/datasources/proxy/uid/grafanacloud-profiles');
    assert.deepEqual(link.selection, { service: 'ebpf', version: undefined, type: 'cpu', from: undefined, to: undefined, labels: [] });
    assert.equal(link.spanSelector, undefined, "Grafana writes 'undefined' for no span selector");
  });

  it('reads Drilldown filters with Grafana scenes escapes, ranges and a span selector, under a sub-path', () => {
    const u = new URL('https://grafana.example.net/grafana/a/grafana-pyroscope-app/explore');
    u.searchParams.set('explorationType', 'flame-graph');
    u.searchParams.set('var-dataSource', 'pyro-uid');
    u.searchParams.set('var-serviceName', 'checkout');
    u.searchParams.set('var-profileMetricId', 'memory:alloc_space:bytes:space:bytes');
    u.searchParams.append('var-filters', 'region|=~|eu-.*');
    u.searchParams.append('var-filters', 'endpoint|!=|/a__gfp__b__gfc__c');
    u.searchParams.append('var-filters', 'service_git_ref|=|3f2c1ab');
    u.searchParams.set('var-spanSelector', '00f067aa0ba902b7,00f067aa0ba902b8');
    u.searchParams.set('from', 'now-2w/d');
    u.searchParams.set('to', 'now');
    const link = parseProfileUrl(u.toString());
    assert.equal(link.source, 'pyroscope+https://grafana.example.net/grafana/api/datasources/proxy/uid/pyro-uid');
    assert.deepEqual(link.selection, {
      service: 'checkout',
      version: '3f2c1ab',
      type: 'alloc_space',
      from: 'now-14d',
      to: 'now',
      labels: [{ key: 'region', op: '=~', value: 'eu-.*' }, { key: 'endpoint', op: '!=', value: '/a|b,c' }],
    });
    assert.deepEqual(link.spanSelector, ['00f067aa0ba902b7', '00f067aa0ba902b8']);
  });

  it('reads Grafana Explore links with the Pyroscope data source (panes and the older left form)', () => {
    const panes = { x1: { datasource: 'pyro-uid', queries: [{ refId: 'A', datasource: { type: 'grafana-pyroscope-datasource', uid: 'pyro-uid' }, queryType: 'profile', profileTypeId: CPU, labelSelector: '{service_name="checkout", pod=~"api-.*"}' }], range: { from: 'now-6h', to: 'now' } } };
    const link = parseProfileUrl(`https://grafana.example.net/explore?schemaVersion=1&panes=${encodeURIComponent(JSON.stringify(panes))}&orgId=1`);
    assert.equal(link.source, 'pyroscope+https://grafana.example.net/api/datasources/proxy/uid/pyro-uid');
    assert.deepEqual(link.selection, { service: 'checkout', version: undefined, type: 'cpu', from: 'now-6h', to: 'now', labels: [{ key: 'pod', op: '=~', value: 'api-.*' }] });
    const left = { datasource: 'pyro-uid', queries: [{ profileTypeId: CPU, labelSelector: '{service_name="a"}' }], range: { from: '1767225600000', to: '1767229200000' } };
    assert.deepEqual(parseProfileUrl(`https://g.example/explore?left=${encodeURIComponent(JSON.stringify(left))}`).selection.from, '1767225600000');
  });

  it('reads a Pyroscope UI link, with Unix-second times', () => {
    const link = parseProfileUrl(`http://127.0.0.1:4040/?query=${encodeURIComponent(`${CPU}{service_name="ride-sharing-app",region="eu-north"}`)}&from=1767225600&until=1767229200`);
    assert.equal(link.ui, 'pyroscope');
    assert.equal(link.source, 'pyroscope+http://127.0.0.1:4040');
    assert.deepEqual(link.selection, { service: 'ride-sharing-app', version: undefined, type: 'cpu', from: '1767225600', to: '1767229200', labels: [{ key: 'region', op: '=', value: 'eu-north' }] });
  });

  it("reads a Parca UI link: its relative range, agent type and service label (comm)", () => {
    const link = parseProfileUrl(`https://parca.example.net/?expression_a=${encodeURIComponent('parca_agent:samples:count:cpu:nanoseconds:delta{comm="api"}')}&from_a=1767225600000&to_a=1767226500000&time_selection_a=${encodeURIComponent('relative:minute|15')}&sum_by_a=comm`);
    assert.equal(link.source, 'parca+https://parca.example.net');
    assert.deepEqual(link.selection, { service: 'api', version: undefined, type: 'cpu', from: 'now-15m', to: 'now', labels: [] });
    const absolute = parseProfileUrl(`https://parca.example.net/?expression_a=${encodeURIComponent('memory:alloc_space:bytes:space:bytes{job="x"}')}&from_a=1767225600000&to_a=1767226500000&time_selection_a=absolute:1767225600000-1767226500000`);
    assert.deepEqual([absolute.selection.from, absolute.selection.to, absolute.selection.type], ['1767225600000', '1767226500000', 'alloc_space']);
  });

  it('builds "Open in" URLs that read back to the same query, whatever the label values hold', () => {
    const query = {
      profileTypeId: CPU,
      matchers: [{ key: 'service_name', op: '=' as const, value: 'checkout' }, { key: 'endpoint', op: '=' as const, value: 'x"},evil=~".*|a,b' }, { key: 'region', op: '!~' as const, value: 'us-.*' }],
      from: 'now-1h',
      to: 'now',
    };
    const grafana = parseProfileUrl(grafanaDrilldownUrl('https://grafana.example.net', 'pyro-uid', query));
    assert.deepEqual(grafana.query, query);
    assert.equal(grafana.source, 'pyroscope+https://grafana.example.net/api/datasources/proxy/uid/pyro-uid');
    const pyroscope = parseProfileUrl(pyroscopeUiUrl('http://127.0.0.1:4040', query));
    assert.deepEqual(pyroscope.query, query);
    const absolute = { ...query, from: '1767225600000', to: '1767229200000' };
    assert.deepEqual(parseProfileUrl(pyroscopeUiUrl('http://127.0.0.1:4040', absolute)).query, { ...absolute, from: '1767225600', to: '1767229200' }, 'Pyroscope takes Unix seconds');
    const now = Date.UTC(2026, 0, 1, 12);
    const parca = parseProfileUrl(parcaUiUrl('https://parca.example.net', query, now));
    assert.deepEqual(parca.query, query);
    const parcaUrl = new URL(parcaUiUrl('https://parca.example.net', query, now));
    assert.deepEqual([parcaUrl.searchParams.get('from_a'), parcaUrl.searchParams.get('to_a')], [String(now - 3_600_000), String(now)]);
    assert.equal(parcaUrl.searchParams.get('time_selection_a'), 'relative:hour|1');
  });

  const refusals: [string, RegExp][] = [
    ['not a url at all', /is not a URL/],
    ['ftp://example.net/?query=x', /not an http\(s\) URL/],
    ['https://user:secret@grafana.example.net/a/grafana-pyroscope-app/explore?var-dataSource=x', /user name or password/],
    ['https://grafana.example.net/a/grafana-pyroscope-app/explore?var-serviceName=x', /names no data source/],
    ['https://grafana.example.net/a/grafana-pyroscope-app/explore?var-dataSource=x&var-filters=region', /cannot read the filter 'region'/],
    ['https://grafana.example.net/a/grafana-pyroscope-app/explore?var-dataSource=x&from=yesterday', /cannot read the link's 'from' time 'yesterday'/],
    ['https://grafana.example.net/explore?panes=%7Bnot-json', /not valid JSON/],
    ['https://grafana.example.net/explore?panes=%7B%7D', /holds no profile query/],
    [`http://127.0.0.1:4040/?query=${encodeURIComponent('cpu{service_name="x"}')}`, /is not a profile type id/],
    [`http://127.0.0.1:4040/?query=${encodeURIComponent(`${CPU}{service_name="x"`)}`, /missing closing "}"/],
    ['https://example.net/some/page?x=1', /holds no profile query: copy it from Grafana's Profiles Drilldown/],
    [`https://example.net/?query=${'a'.repeat(40_000)}`, /over the limit/],
  ];
  for (const [url, message] of refusals) {
    it(`refuses ${url.length > 70 ? `${url.slice(0, 70)}…` : url}`, () => {
      assert.throws(() => parseProfileUrl(url), (e: unknown) => e instanceof LinkError && message.test(e.message) && !e.message.includes('\n'));
    });
  }
});
