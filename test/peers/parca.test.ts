// PerfLens against a real Parca server (scripts/setup-peers/parca.sh): Parca scrapes two copies of a real Go
// service (test/peers/services/go-service) labelled as two versions, and PerfLens lists and fetches through the
// CLI (`perflens sources ls`, `perflens fetch`, then `perflens top` on what it wrote) and the source API. A
// second job labels its targets with a dotted name (`service.version`), which only a quoted label name in the
// selector can select, and one of its values is hostile (quotes, a backslash, braces). "Open in Parca" builds a
// URL that reads back as the same selection and whose expression and range, sent as the Parca UI sends them
// (QueryService/Query, merge), give the totals of the direct fetch; a URL in the Parca UI's form loads the same
// totals (the UI itself is not in a binary built from the module proxy: only a placeholder is embedded). Label
// names and values are listed (values ranked by cost) and label filters go into Parca's query, which selects the
// matching samples.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createSource } from '../../src/sources/create-source';
import { HttpClient } from '../../src/sources/http/client';
import { backendUrl } from '../../src/sources/links/backendUrl';
import { parseProfileUrl } from '../../src/sources/links/webLinks';
import { grpcWebUnary } from '../../src/sources/parca/grpc-web';
import { decodeQueryResponsePprof, encodeMergeQueryRequest } from '../../src/sources/parca/messages';
import { parseTimeSpec } from '../../src/sources/time-range';
import { parseLabelFilter, type LabelMatcher } from '../../src/core/query/labels';
import { SourceError } from '../../src/sources/errors';
import type { ProfileSource, TimeRange, VersionInfo } from '../../src/sources/types';
import type { RunningService } from '../unit/sources/helpers/services';
import { perflens, perflensJson, top } from './harness/cli';
import { ALLOC_FUNCTION, HOT_FUNCTION, startGoService } from './harness/go-service';
import { startParca, type RunningParca } from './harness/parca';
import { until } from '../harness/wait';

const HOSTILE_VERSION = 'x", evil="1\\ {}';

describe('Parca (real server) through PerfLens', () => {
  let parca: RunningParca;
  let services: RunningService[] = [];
  let source: ProfileSource;
  let spec: string;
  const out = mkdtempSync(join(tmpdir(), 'perflens-parca-out-'));

  before(async () => {
    services = [await startGoService(), await startGoService()];
    const [a, b] = services.map((s) => s.address);
    parca = await startParca([
      { job: 'shop', intervalSeconds: 2, groups: [{ targets: [a], labels: { version: '1.0.0' } }, { targets: [b], labels: { version: '1.1.0' } }] },
      // Memory only: a second CPU scrape of the same process would collide with the first (Go runs one at a time).
      {
        job: 'shop-otel',
        intervalSeconds: 2,
        cpu: false,
        groups: [{ targets: [a], labels: { 'service.version': '2.0.0' } }, { targets: [b], labels: { 'service.version': HOSTILE_VERSION } }],
      },
    ]);
    spec = `parca+${parca.url}`;
    source = createSource(spec, { retry: { retries: 0 } });
    await until(async () => {
      const versions = await source.listVersions('shop', { type: 'cpu' });
      return versions.length === 2 ? versions : undefined;
    }, 'Parca has CPU profiles of both versions of shop', { abortIf: () => parca.process.exitReason() && parca.process.output() });
  });

  after(async () => {
    await parca?.stop();
    await Promise.all(services.map((s) => s.stop()));
    rmSync(out, { recursive: true, force: true });
  });

  it('`perflens sources ls` lists the services, the profile types and the versions with when they were seen', async () => {
    const all = await perflensJson<{ services: string[]; types: { type: string; sourceId: string }[] }>(['sources', 'ls', spec, '--json']);
    assert.deepEqual(all.services, ['shop', 'shop-otel']);
    const types = all.types.map((t) => t.type);
    for (const t of ['cpu', 'alloc_space', 'alloc_objects']) assert.ok(types.includes(t), `${t} in ${types.join(', ')}`);
    assert.equal(all.types.find((t) => t.type === 'cpu')?.sourceId, 'process_cpu:cpu:nanoseconds:cpu:nanoseconds:delta');

    const shop = await perflensJson<{ versions: { version: string; firstSeen: string; lastSeen: string; label: string }[] }>(['sources', 'ls', spec, '--service', 'shop', '--type', 'cpu', '--json']);
    assert.deepEqual(shop.versions.map((v) => v.version).sort(), ['1.0.0', '1.1.0']);
    for (const v of shop.versions) {
      assert.equal(v.label, 'version');
      assert.ok(Date.parse(v.firstSeen) <= Date.parse(v.lastSeen) && Date.parse(v.lastSeen) <= Date.now() + 60_000, JSON.stringify(v));
    }
  });

  it('`perflens fetch` writes the merged CPU profile of one version, whose hottest function is the service\'s', async () => {
    const file = join(out, 'shop-1.1.0.pb.gz');
    const r = await perflens(['fetch', spec, '--service', 'shop', '--type', 'cpu', '--version', '1.1.0', '--from', 'now-1h', '-o', file]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /\tcpu\tshop\t1\.1\.0\t/);
    const t = await top(file, 'cpu');
    assert.equal(t.rows[0]?.function, HOT_FUNCTION, JSON.stringify(t.rows.slice(0, 5)));
    assert.ok(t.rows[0].flat > 0.5 * t.total, `${HOT_FUNCTION} has ${t.rows[0].flat} of ${t.total} ns`);
  });

  it('fetches one profile per version into a folder', async () => {
    const folder = join(out, 'both/');
    const r = await perflens(['fetch', spec, '--service', 'shop', '--type', 'cpu', '--version', '1.0.0', '--version', '1.1.0', '-o', folder]);
    assert.equal(r.code, 0, r.stderr);
    const files = readdirSync(folder).sort();
    assert.equal(files.length, 2, files.join(', '));
    assert.match(files[0], /^shop_1\.0\.0_cpu_\d+\.pb\.gz$/);
    assert.match(files[1], /^shop_1\.1\.0_cpu_\d+\.pb\.gz$/);
    for (const f of files) assert.equal((await top(join(folder, f), 'cpu')).rows[0]?.function, HOT_FUNCTION, f);
  });

  it('selects a dotted label name (quoted in the selector) and a hostile value, each exactly', async () => {
    const dotted = createSource({ kind: 'parca', baseUrl: parca.url, versionLabels: ['service.version'] }, { retry: { retries: 0 } });
    const versions = await until(async () => {
      const v: VersionInfo[] = await dotted.listVersions('shop-otel', { type: 'alloc_space' });
      return v.length === 2 ? v : undefined;
    }, 'Parca has both service.version values');
    assert.deepEqual(versions.map((v) => v.version).sort(), ['2.0.0', HOSTILE_VERSION].sort());
    assert.ok(versions.every((v) => v.label === 'service.version'));

    for (const version of ['2.0.0', HOSTILE_VERSION]) {
      const [fetched, ...rest] = await dotted.fetchProfiles({ service: 'shop-otel', type: 'alloc_space', versions: [version] });
      assert.equal(rest.length, 0);
      assert.equal(fetched.version, version);
      assert.ok(fetched.origin.includes(`"service.version"=${JSON.stringify(version)}`), fetched.origin);
      const file = join(out, `otel-${version === '2.0.0' ? 'plain' : 'hostile'}.pb.gz`);
      writeFileSync(file, fetched.bytes);
      const t = await top(file, 'alloc_space');
      assert.ok(t.rows.some((row) => row.function === ALLOC_FUNCTION && row.cum > 0.5 * t.total), JSON.stringify(t.rows.slice(0, 5)));
    }
    await assert.rejects(dotted.fetchProfiles({ service: 'shop-otel', type: 'alloc_space', versions: ['x'] }), /no profiles|no samples|no version/);
  });

  /** A closed window in the past, with data of both versions; the total of version 1.0.0 in it, fetched directly. */
  const direct = async (range: { fromMs: number; toMs: number }, name: string) => {
    const [p] = await source.fetchProfiles({ service: 'shop', type: 'cpu', versions: ['1.0.0'], range });
    const file = join(out, `direct-${name}.pb.gz`);
    writeFileSync(file, p.bytes);
    return { total: (await top(file, 'cpu')).total, selector: p.selector };
  };
  const pastWindow = () => {
    const toMs = Date.now() - 10_000;
    return { fromMs: toMs - 15 * 60_000, toMs };
  };
  const totalOfPprof = async (pprof: Uint8Array, name: string) => {
    const file = join(out, `${name}.pb.gz`);
    writeFileSync(file, pprof);
    return (await top(file, 'cpu')).total;
  };

  it('"Open in Parca": the URL reads back as the same selection, and its expression over its range is the direct fetch\'s totals', async () => {
    // The service has been scraped for seconds only: a window ending in the past has data once time has moved on.
    const { range, selector } = await until(async () => {
      const w = pastWindow();
      return { range: w, selector: (await direct(w, 'selector')).selector };
    }, 'Parca has profiles in a closed window');
    assert.equal(selector, '{job="shop",version="1.0.0"}', 'the service is the job label on this server');
    const typeId = 'process_cpu:cpu:nanoseconds:cpu:nanoseconds:delta';
    const target = backendUrl({ kind: 'parca', baseUrl: parca.url }, { service: 'shop', version: '1.0.0', type: 'cpu', labels: [] }, range, typeId, Date.now(), selector)!;
    assert.equal(target.ui, 'Parca');
    const url = new URL(target.url);
    const back = parseProfileUrl(target.url);
    assert.equal(back.source, `parca+${parca.url}`);
    assert.deepEqual({ ...back.selection, from: parseTimeSpec(back.selection.from!, 0), to: parseTimeSpec(back.selection.to!, 0) },
      { service: 'shop', version: '1.0.0', type: 'cpu', from: range.fromMs, to: range.toMs, labels: [] });
    // What the Parca UI asks the server for this URL: a merge of expression_a from from_a to to_a.
    const client = new HttpClient({ sourceName: 'Parca (test)', origin: new URL(parca.url).origin });
    await until(async () => {
      const reply = await grpcWebUnary(client, {
        base: new URL(parca.url), service: 'parca.query.v1alpha1.QueryService', method: 'Query',
        request: encodeMergeQueryRequest(url.searchParams.get('expression_a')!, Number(url.searchParams.get('from_a')), Number(url.searchParams.get('to_a'))),
      });
      const { pprof } = decodeQueryResponsePprof(reply);
      const fromUrl = await totalOfPprof(pprof!, 'open-in-parca');
      return fromUrl > 0 && fromUrl === (await direct(range, 'open-in-parca')).total ? fromUrl : undefined;
    }, 'the URL\'s query and the direct fetch agree on the window');
  });

  it('a URL in the Parca UI\'s form loads the same totals as the direct fetch', async () => {
    const range = pastWindow();
    const expression = 'process_cpu:cpu:nanoseconds:cpu:nanoseconds:delta{job="shop",version="1.0.0"}';
    const ui = `${parca.url}/?expression_a=${encodeURIComponent(expression)}&from_a=${range.fromMs}&to_a=${range.toMs}`
      + `&time_selection_a=${encodeURIComponent(`absolute:${range.fromMs}-${range.toMs}`)}&sum_by_a=${encodeURIComponent('comm')}&merge_from_a=${range.fromMs}&merge_to_a=${range.toMs}`;
    const link = parseProfileUrl(ui);
    assert.equal(link.source, `parca+${parca.url}`);
    const s = link.selection;
    assert.deepEqual([s.service, s.version, s.type], ['shop', '1.0.0', 'cpu']);
    const fromLink = createSource(link.source, { retry: { retries: 0 } });
    await until(async () => {
      const [p] = await fromLink.fetchProfiles({ service: s.service!, type: s.type!, versions: [s.version!], range: { fromMs: parseTimeSpec(s.from!, 0)!, toMs: parseTimeSpec(s.to!, 0)! } });
      const total = await totalOfPprof(p.bytes, 'parca-ui-url');
      return total > 0 && total === (await direct(range, 'parca-ui-url')).total ? total : undefined;
    }, 'the UI URL and the direct fetch agree on the window');
  });

  it('lists label names and values by cost, and fetches only the samples a label filter selects', async () => {
    const names = await source.listLabelNames!('shop', { type: 'cpu' });
    for (const n of ['instance', 'version']) assert.ok(names.includes(n), names.join(', '));
    assert.ok(!names.includes('job') && !names.some((n) => n.startsWith('__')), names.join(', '));
    const values = await source.listLabelValues!('shop', 'version', { type: 'cpu' });
    assert.equal(values.count, 2);
    assert.deepEqual(values.values.map((v) => v.value).sort(), ['1.0.0', '1.1.0']);
    assert.ok(values.values.every((v) => (v.cost ?? 0) > 0) && values.values[0].cost! >= values.values[1].cost!, JSON.stringify(values));

    // A range that has ended, so every answer is about the same samples once Parca has stored them all.
    const range: TimeRange = { fromMs: Date.now() - 3_600_000, toMs: Date.now() };
    const notV10 = parseLabelFilter('version!="1.0.0"');
    const likeV11 = parseLabelFilter('version=~`1\\.1\\..*`');
    const totalOf = async (query: { labels?: LabelMatcher[]; versions?: string[] }, name: string) => {
      const [p, ...rest] = await source.fetchProfiles({ service: 'shop', type: 'cpu', range, versions: query.versions, labels: query.labels });
      assert.equal(rest.length, 0);
      const file = join(out, `${name}.pb.gz`);
      writeFileSync(file, p.bytes);
      return (await top(file, 'cpu')).total;
    };
    await until(async () => {
      const [whole, v10, v11, notV10Total, likeV11Total] = [
        await totalOf({}, 'whole'), await totalOf({ versions: ['1.0.0'] }, 'v10'), await totalOf({ versions: ['1.1.0'] }, 'v11'),
        await totalOf({ labels: notV10 }, 'not-v10'), await totalOf({ labels: likeV11 }, 'like-v11'),
      ];
      return notV10Total === v11 && likeV11Total === v11 && whole === v10 + v11 && v10 > 0 && v11 > 0 ? true : undefined;
    }, 'label filters select what the versions select, of fewer samples than the whole service');
    // A value written to break out of the selector selects nothing rather than everything.
    await assert.rejects(source.fetchProfiles({ service: 'shop', type: 'cpu', range, labels: [{ key: 'version', op: '=', value: '1.0.0", version=~".*' }] }),
      (e: unknown) => e instanceof SourceError && e.kind === 'no-data');

    const listing = await perflensJson<{ keys: { key: string; valueCount: number; values: { value: string; cost: number | null }[] }[] }>(
      ['labels', spec, '--service', 'shop', '--type', 'cpu', '--key', 'version', '--labels', 'version!="1.0.0"', '--json']);
    assert.deepEqual(listing.keys.map((k) => [k.key, k.valueCount, k.values.map((v) => v.value)]), [['version', 1, ['1.1.0']]]);
    assert.ok((listing.keys[0].values[0].cost ?? 0) > 0);
  });
});
