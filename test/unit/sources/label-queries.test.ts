// Label names and values from Pyroscope and Parca (for a label filter's picker and `perflens labels <source>`),
// and label filters pushed into the server's query, against the fake servers (which parse every selector strictly
// with the Prometheus grammar, helpers/selector.ts). test/peers/labels.test.ts runs the same against the real
// servers, where the filter really selects samples.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseLabelFilter } from '../../../src/core/query/labels';
import { CachedSource } from '../../../src/sources/cache/cached-source';
import { createSource } from '../../../src/sources/create-source';
import { startFakeParca, typeId, type FakeParcaData, type FakeParcaType } from './helpers/fake-parca';
import { startFakePyroscope, type FakePyroscopeData } from './helpers/fake-pyroscope';
import { fixtureRaw } from './helpers/profiles';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const NOW = Date.UTC(2026, 7, 1, 12, 0, 0);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CPU = 'process_cpu:cpu:nanoseconds:cpu:nanoseconds';
const HOSTILE = 'GET /x"}, service_name=~".*';
const deps = { now: () => NOW, retry: { retries: 0 } };
const cpu = fixtureRaw('go/cpu.pb.gz');

const pyroscopeData: FakePyroscopeData = {
  types: { checkout: [CPU] },
  labels: { checkout: { service_git_ref: ['3f2c1ab'], endpoint: ['POST /checkout', 'GET /search', HOSTILE], region: ['us', 'eu'] } },
  seen: {},
  profiles: { [`checkout|${CPU}|`]: cpu, [`checkout|${CPU}|3f2c1ab`]: cpu },
};

describe('label names and values from Pyroscope, label filters in its queries', () => {
  it('lists the service\'s label names without the internal ones and the service label', async () => {
    const server = await startFakePyroscope({ data: pyroscopeData });
    try {
      const source = createSource(`pyroscope+${server.url}`, deps);
      assert.deepEqual(await source.listLabelNames!('checkout'), ['endpoint', 'region', 'service_git_ref']);
      assert.deepEqual(server.calls.at(-1), { method: 'LabelNames', body: { matchers: ['{service_name="checkout"}'], filters: [], start: NOW - DAY, end: NOW } });
      await source.listLabelNames!('checkout', { labels: parseLabelFilter('region="eu"'), range: { fromMs: NOW - HOUR, toMs: NOW } });
      assert.deepEqual(server.calls.at(-1)?.body, {
        matchers: ['{service_name="checkout",region="eu"}'], filters: [{ name: 'region', op: '=', value: 'eu' }], start: NOW - HOUR, end: NOW,
      });
    } finally {
      await server.close();
    }
  });

  it('lists a label\'s values, costliest first with a type (SelectSeries grouped by it), the top N of how many', async () => {
    const server = await startFakePyroscope({ data: pyroscopeData });
    try {
      const source = createSource(`pyroscope+${server.url}`, deps);
      // Without a type: every value, sorted, no cost.
      assert.deepEqual(await source.listLabelValues!('checkout', 'endpoint'), {
        values: [{ value: 'GET /search' }, { value: HOSTILE }, { value: 'POST /checkout' }], count: 3,
      });
      // With one: the fake's costs are 300, 200, 100 in the order it lists them.
      const ranked = await source.listLabelValues!('checkout', 'endpoint', { type: 'cpu', limit: 2, labels: parseLabelFilter('region!="us"') });
      assert.deepEqual(ranked, { values: [{ value: 'POST /checkout', cost: 300 }, { value: 'GET /search', cost: 200 }], count: 3 });
      const series = server.calls.find((c) => c.method === 'SelectSeries')?.body;
      assert.deepEqual(series && { ...series, step: undefined }, {
        typeId: CPU, selector: '{service_name="checkout",region!="us"}', groupBy: ['endpoint'], step: undefined, start: NOW - DAY, end: NOW,
        filters: [{ name: 'region', op: '!=', value: 'us' }], limit: 2,
      });
      assert.ok((series?.step as number) >= DAY / 1000, 'one step over the range');
    } finally {
      await server.close();
    }
  });

  it('puts a label filter into the merge query (every operator, hostile values as data) and says it applied it', async () => {
    const server = await startFakePyroscope({ data: pyroscopeData });
    try {
      const source = createSource(`pyroscope+${server.url}`, deps);
      const labels = parseLabelFilter(`{endpoint=${JSON.stringify(HOSTILE)},region!="us",pod=~"web-.*",zone!~"a|b"}`);
      const [p] = await source.fetchProfiles({ service: 'checkout', type: 'cpu', versions: ['3f2c1ab'], labels });
      assert.deepEqual(p.labels, labels);
      assert.deepEqual(Buffer.from(p.bytes), cpu);
      const merge = server.calls.find((c) => c.method === 'SelectMergeProfile')?.body;
      assert.deepEqual(merge?.selector, { service_name: 'checkout', service_git_ref: '3f2c1ab' });
      assert.deepEqual(merge?.filters, labels.map((m) => ({ name: m.key, op: m.op, value: m.value })));

      const [whole] = await source.fetchProfiles({ service: 'checkout', type: 'cpu' });
      assert.equal(whole.labels, undefined, 'no filter, none claimed');
      assert.equal(server.calls.filter((c) => c.method === 'SelectMergeProfile').at(-1)?.body.filters, undefined);
    } finally {
      await server.close();
    }
  });

  it('caches a filtered fetch apart from the whole one, and keeps the filter it applied', async () => {
    const server = await startFakePyroscope({ data: pyroscopeData });
    const cacheDir = mkdtempSync(join(tmpdir(), 'perflens-label-cache-'));
    try {
      const range = { fromMs: NOW - 2 * HOUR, toMs: NOW - HOUR };
      const labels = parseLabelFilter('endpoint="POST /checkout"');
      const open = () => createSource(`pyroscope+${server.url}`, { ...deps, cacheDir });
      const first = open();
      assert.ok(first instanceof CachedSource);
      await first.fetchProfiles({ service: 'checkout', type: 'cpu', range, labels });
      await first.fetchProfiles({ service: 'checkout', type: 'cpu', range });
      assert.equal(server.calls.filter((c) => c.method === 'SelectMergeProfile').length, 2, 'two answers, two queries');
      const [again] = await open().fetchProfiles({ service: 'checkout', type: 'cpu', range, labels });
      assert.equal(server.calls.filter((c) => c.method === 'SelectMergeProfile').length, 2, 'from the cache');
      assert.deepEqual(again.labels, labels);
      assert.deepEqual(await open().listLabelNames!('checkout'), ['endpoint', 'region', 'service_git_ref'], 'label listing passes through the cache');
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
      await server.close();
    }
  });
});

const AGENT_CPU: FakeParcaType = { name: 'parca_agent', sampleType: 'samples', sampleUnit: 'count', periodType: 'cpu', periodUnit: 'nanoseconds', delta: true };
const CPU_ID = typeId(AGENT_CPU);

const parcaData: FakeParcaData = {
  types: [AGENT_CPU],
  labelNames: ['__name__', 'comm', 'job', 'node', 'version'],
  values: { job: ['api', 'worker'], node: ['b', 'a'] },
  seen: {},
  profiles: { [`${CPU_ID}${JSON.stringify({ job: 'api' })}`]: cpu },
  labelCosts: { node: { a: 5, b: 7, c: 0 } },
};

describe('label names and values from Parca, label filters in its queries', () => {
  it('lists label names (Labels, with the type: matchers apply only with one) without the service label', async () => {
    const server = await startFakeParca({ data: parcaData });
    try {
      const source = createSource(`parca+${server.url}`, deps);
      assert.deepEqual(await source.listLabelNames!('api', { type: 'cpu', labels: parseLabelFilter('node!="a"') }), ['comm', 'node', 'version']);
      const labels = server.calls.filter((c) => c.method === 'Labels').at(-1)?.body;
      assert.deepEqual(labels, { match: ['job="api"', 'node!="a"'], profileType: CPU_ID, start: NOW - DAY, end: NOW });
      await source.listLabelNames!('api');
      assert.equal(server.calls.filter((c) => c.method === 'Labels').at(-1)?.body.profileType, CPU_ID, 'the first type, so that the service matcher applies');
    } finally {
      await server.close();
    }
  });

  it('lists values with their cost (QueryRange summed by the label) with a type, sorted values without', async () => {
    const server = await startFakeParca({ data: parcaData });
    try {
      const source = createSource(`parca+${server.url}`, deps);
      assert.deepEqual(await source.listLabelValues!('api', 'node'), { values: [{ value: 'a' }, { value: 'b' }], count: 2 });
      assert.deepEqual(await source.listLabelValues!('api', 'node', { type: 'cpu', labels: parseLabelFilter('comm=~"api.*"') }), {
        values: [{ value: 'b', cost: 7 }, { value: 'a', cost: 5 }, { value: 'c', cost: 0 }], count: 3,
      });
      const range = server.calls.filter((c) => c.method === 'QueryRange').at(-1)?.body;
      assert.deepEqual(range, { query: `${CPU_ID}{job="api",comm=~"api.*"}`, sumBy: ['node'], start: NOW - DAY, end: NOW, filters: [{ name: 'comm', op: '=~', value: 'api.*' }] });
    } finally {
      await server.close();
    }
  });

  it('puts a label filter into the merge query and says it applied it', async () => {
    const server = await startFakeParca({ data: parcaData });
    try {
      const source = createSource(`parca+${server.url}`, deps);
      const labels = parseLabelFilter(`{node!=${JSON.stringify(HOSTILE)},"k8s.pod"=~"web-\\n.*"}`);
      const [p] = await source.fetchProfiles({ service: 'api', type: 'cpu', labels });
      assert.deepEqual(p.labels, labels);
      const query = server.calls.find((c) => c.method === 'Query')?.body;
      assert.deepEqual(query?.selector, { job: 'api' });
      assert.deepEqual(query?.filters, labels.map((m) => ({ name: m.key, op: m.op, value: m.value })));
    } finally {
      await server.close();
    }
  });
});
