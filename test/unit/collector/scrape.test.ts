// The collector scraping real services (1 s CPU captures, 1 s interval) until it has stored two profiles of every
// kind: the Go sample service of examples/shop (net/http/pprof) and the Node service of test/fixtures/sources
// (@datadog/pprof). Every stored file must decode and say its service and version, both in its path and in its own
// comments. Collection stops on that condition, not after a set time: on a loaded machine captures take longer.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Collector } from '../../../src/collector/collector';
import type { StoredProfileEvent } from '../../../src/collector/scraper';
import { readProfileFile } from '../../../src/core/profile/parse';
import { parseLabelFilter } from '../../../src/core/query/labels';
import { matchLabelSets, sampleLabelSets } from '../../../src/core/query/labelsMatch';
import { describeProfile } from '../../../src/core/readers/metadata';
import { LocalStore } from '../../../src/sources/store/local-store';
import { cumulativeByFunction, total } from '../sources/helpers/profiles';
import { startNodeService, type RunningService } from '../sources/helpers/services';
import { until } from '../../harness/wait';
import { allFiles, buildShop, driveLoad, startShop } from './helpers/shop';

describe('perflens collect: scraping a real Go and a real Node service', () => {
  let store: string;
  let cleanup = () => {};
  let shop: RunningService;
  let node: RunningService;
  const stored: StoredProfileEvent[] = [];
  const warnings: string[] = [];

  before(async () => {
    store = mkdtempSync(join(tmpdir(), 'perflens-collect-'));
    const built = await buildShop('v2');
    cleanup = built.cleanup;
    [shop, node] = await Promise.all([startShop(built.binary, 'v2'), startNodeService()]);
    const load = driveLoad(built.binary, shop.address);
    const count = (service: string, type: string) => stored.filter((e) => e.service === service && e.type === type).length;
    const enough = () => ['cpu', 'inuse_space', 'mutex_delay', 'block_delay'].every((t) => count('shop', t) >= 2)
      && ['wall', 'inuse_space'].every((t) => count('node-svc', t) >= 2)
      && warnings.some((w) => /node-svc/.test(w) && /mutex/.test(w));
    const collector = new Collector({
      store,
      targets: [
        { url: `http://${shop.address}`, service: 'shop', version: { kind: 'url', url: `http://${shop.address}/version` }, kinds: ['cpu', 'heap', 'mutex', 'block'], cpuSeconds: 1, intervalMs: 1000 },
        { url: `http://${node.address}/debug/pprof`, service: 'node-svc', version: { kind: 'command', argv: [process.execPath, '-e', 'console.log("build-42")'] }, kinds: ['cpu', 'heap', 'mutex'], cpuSeconds: 1, intervalMs: 1000 },
      ],
    }, { onStored: (e) => stored.push(e), onWarning: (m) => warnings.push(m) });
    const running = collector.run();
    // When the deadline passes, the assertions below say which kind is missing.
    await until(enough, 'two stored profiles of every kind').catch(() => {});
    await collector.stop();
    await running;
    await load.stop();
  });

  after(async () => {
    await Promise.all([shop?.stop(), node?.stop()]);
    cleanup();
    rmSync(store, { recursive: true, force: true });
  });

  it('stores back-to-back CPU captures and interval snapshots for each service, in the store layout', () => {
    const count = (service: string, type: string) => stored.filter((e) => e.service === service && e.type === type).length;
    assert.ok(count('shop', 'cpu') >= 2, `shop cpu: ${count('shop', 'cpu')}`);
    assert.ok(count('shop', 'inuse_space') >= 2, `shop heap: ${count('shop', 'inuse_space')}`);
    assert.ok(count('shop', 'mutex_delay') >= 2 && count('shop', 'block_delay') >= 2);
    // Node answers /profile with wall time, and has no mutex route: that type is dropped with a warning.
    assert.ok(count('node-svc', 'wall') >= 2, `node wall: ${count('node-svc', 'wall')}`);
    assert.ok(count('node-svc', 'inuse_space') >= 2);
    assert.equal(count('node-svc', 'mutex_delay'), 0);
    assert.ok(warnings.some((w) => /node-svc/.test(w) && /mutex/.test(w)), warnings.join('\n'));
    for (const e of stored) assert.ok(e.path.startsWith(join(store, e.service, e.version, e.type)), e.path);
  });

  it('leaves only complete profiles that decode and carry service, version and time comments', () => {
    const files = allFiles(store);
    assert.equal(files.length, stored.length, 'one file per stored profile, no temp files left');
    for (const rel of files) {
      const p = readProfileFile(join(store, rel));
      const meta = describeProfile(p);
      const [service, version] = rel.split('/');
      assert.equal(meta.service, service, rel);
      assert.equal(meta.version, version, rel);
      assert.ok(p.comments.some((c) => /^collected_at=\d{4}-\d\d-\d\dT/.test(c)), rel);
    }
    assert.deepEqual([...new Set(stored.map((e) => `${e.service}@${e.version}`))].sort(), ['node-svc@build-42', 'shop@v2']);
  });

  it('is readable by the local store, and the v2 regression shows in the stored CPU profiles', async () => {
    const local = new LocalStore(store);
    assert.deepEqual(await local.listServices(), ['node-svc', 'shop']);
    assert.deepEqual((await local.listVersions('shop')).map((v) => v.version), ['v2']);
    const cpu = await local.fetchProfiles({ service: 'shop', type: 'cpu' });
    let compileUnderHelper = 0;
    let all = 0;
    for (const f of cpu) {
      const p = readProfileFile(f.origin);
      compileUnderHelper += cumulativeByFunction(p, 'cpu').get('main.newMatcher') ?? 0;
      all += total(p, 'cpu');
    }
    // v2's matchesQuery compiles the query's regexp for every product: compilation is a visible share of CPU.
    assert.ok(compileUnderHelper > 0.02 * all, `main.newMatcher has ${compileUnderHelper} of ${all} ns`);
  });

  it('keeps the endpoint labels the shop sets with pprof.Do: the search regression is all under endpoint="GET /search"', async () => {
    const cpu = await new LocalStore(store).fetchProfiles({ service: 'shop', type: 'cpu' });
    const endpoints = new Set<string>();
    let underSearch = 0;
    let underOthers = 0;
    for (const f of cpu) {
      const p = readProfileFile(f.origin);
      for (let i = 0; i < p.labels.count; i++) if (p.strings.get(p.labels.key[i]) === 'endpoint') endpoints.add(p.strings.get(p.labels.str[i]));
      const search = matchLabelSets(sampleLabelSets(p), p.strings, parseLabelFilter('endpoint="GET /search"')).pass;
      underSearch += cumulativeByFunction(p, 'cpu', (s) => search[s] === 1).get('main.newMatcher') ?? 0;
      underOthers += cumulativeByFunction(p, 'cpu', (s) => search[s] === 0).get('main.newMatcher') ?? 0;
    }
    assert.ok(endpoints.has('GET /search'), [...endpoints].join(', '));
    assert.ok([...endpoints].every((e) => /^GET \/(search|checkout|report)$/.test(e)), [...endpoints].join(', '));
    assert.ok(underSearch > 0 && underOthers === 0, `newMatcher: ${underSearch} ns under GET /search, ${underOthers} elsewhere`);
  });
});
