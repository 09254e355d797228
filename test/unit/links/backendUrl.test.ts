// "Open in Pyroscope / Grafana / Parca": which UI a source's selection opens in, with the selection's service,
// version, label filters and the window fetched — read back by the same parser users paste URLs into.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backendUrl } from '../../../src/sources/links/backendUrl';
import { parseProfileUrl } from '../../../src/sources/links/webLinks';

const selection = { service: 'shop', type: 'cpu', version: 'v1.4.2', labels: [{ key: 'endpoint', op: '=' as const, value: 'GET /search' }] };
const range = { fromMs: 1_767_225_600_000, toMs: 1_767_229_200_000 };

describe('Open in the web UI of the source', () => {
  it('a Pyroscope server opens its UI with the service, version label and filters, in Unix seconds', () => {
    const target = backendUrl({ kind: 'pyroscope', baseUrl: 'https://pyroscope.example.net' }, selection, range, undefined, 0)!;
    assert.equal(target.ui, 'Pyroscope');
    const back = parseProfileUrl(target.url);
    assert.equal(back.source, 'pyroscope+https://pyroscope.example.net');
    assert.deepEqual(back.selection, { service: 'shop', version: 'v1.4.2', type: 'cpu', from: '1767225600', to: '1767229200', labels: selection.labels });
  });

  it('a Grafana data source proxy opens Profiles Drilldown on that data source', () => {
    const target = backendUrl({ kind: 'pyroscope', baseUrl: 'https://grafana.example.net/api/datasources/proxy/uid/pyro%20uid' }, selection, undefined, undefined, 0)!;
    assert.equal(target.ui, 'Grafana');
    const back = parseProfileUrl(target.url);
    assert.equal(back.dataSourceUid, 'pyro uid');
    assert.equal(back.source, 'pyroscope+https://grafana.example.net/api/datasources/proxy/uid/pyro%20uid');
    assert.deepEqual(back.selection.labels, selection.labels);
  });

  it('a Parca server opens its UI with the source\'s own type id and service label', () => {
    const target = backendUrl({ kind: 'parca', baseUrl: 'https://parca.example.net', serviceLabels: ['job'] }, { ...selection, version: undefined }, range, 'parca_agent:samples:count:cpu:nanoseconds:delta', 0)!;
    assert.equal(target.ui, 'Parca');
    const back = parseProfileUrl(target.url);
    assert.equal(back.query.profileTypeId, 'parca_agent:samples:count:cpu:nanoseconds:delta');
    assert.deepEqual(back.query.matchers[0], { key: 'job', op: '=', value: 'shop' });
    assert.deepEqual([back.query.from, back.query.to], [String(range.fromMs), String(range.toMs)]);
  });

  it('the store and live pprof endpoints have no web UI', () => {
    assert.equal(backendUrl({ kind: 'store', root: '/tmp/store' }, selection, undefined, undefined, 0), undefined);
    assert.equal(backendUrl({ kind: 'pprof-http', baseUrl: 'http://127.0.0.1:6060/debug/pprof' }, selection, undefined, undefined, 0), undefined);
  });
});
