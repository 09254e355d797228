// PerfLens against a real Parca server (scripts/setup-peers/parca.sh): Parca scrapes two copies of a real Go
// service (test/peers/fixtures/go-service) labelled as two versions, and PerfLens lists and fetches through the
// CLI (`perflens sources ls`, `perflens fetch`, then `perflens top` on what it wrote) and the source API. A
// second job labels its targets with a dotted name (`service.version`), which only a quoted label name in the
// selector can select, and one of its values is hostile (quotes, a backslash, braces).
import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createSource } from '../../src/sources/create-source';
import type { ProfileSource, VersionInfo } from '../../src/sources/types';
import type { RunningService } from '../unit/sources/helpers/services';
import { perflens, perflensJson, top } from './harness/cli';
import { ALLOC_FUNCTION, buildGoService, HOT_FUNCTION, startGoService } from './harness/go-service';
import { startParca, type RunningParca } from './harness/parca';
import { waitFor } from './harness/wait';

const HOSTILE_VERSION = 'x", evil="1\\ {}';

describe('Parca (real server) through PerfLens', () => {
  let parca: RunningParca;
  let services: RunningService[] = [];
  let cleanup = () => {};
  let source: ProfileSource;
  let spec: string;
  const out = mkdtempSync(join(tmpdir(), 'perflens-parca-out-'));

  before(async () => {
    const built = await buildGoService();
    cleanup = built.cleanup;
    services = [await startGoService(built.binary), await startGoService(built.binary)];
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
    await waitFor('Parca has CPU profiles of both versions of shop', async () => {
      const versions = await source.listVersions('shop', { type: 'cpu' });
      return versions.length === 2 ? versions : undefined;
    }, { abortIf: () => parca.process.exitReason() && parca.process.output() });
  });

  after(async () => {
    await parca?.stop();
    await Promise.all(services.map((s) => s.stop()));
    cleanup();
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
    const versions = await waitFor('Parca has both service.version values', async () => {
      const v: VersionInfo[] = await dotted.listVersions('shop-otel', { type: 'alloc_space' });
      return v.length === 2 ? v : undefined;
    });
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
});
