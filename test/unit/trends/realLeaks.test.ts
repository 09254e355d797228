// Memory growth on real services profiled by the collector (what `perflens collect` runs): a Go service whose
// requests store their sessions in a map that is never cleared, and a Node service whose requests leave closures in
// a cache, each beside the same service without the leak (it churns: allocates much per request and drops it).
// Heap snapshots are scraped every half second until each service has enough; then `perflens growth` on the last
// ones (the first are the processes warming up) must rank the planted leak first and flag nothing in the services
// without one.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runGrowth } from '../../../src/cli/commands/growth';
import { Collector } from '../../../src/collector/collector';
import type { StoredProfileEvent } from '../../../src/collector/scraper';
import { until } from '../../harness/wait';
import { goBuild, startListening, type RunningService } from '../sources/helpers/services';

const fixtures = resolve(__dirname, '../../fixtures/growth');
/** Snapshots analysed, after as many taken while the processes warm up (profiler buffers, JIT, first GCs). */
const SNAPSHOTS = 20;
const WARM_UP = 20;

interface Site { function: string; file: string; line: number | null; leak: boolean; retained: number | null; allocated: number | null }

describe('memory growth of real services, profiled by the collector', () => {
  let work: string;
  let store: string;
  const services: RunningService[] = [];

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'perflens-growth-'));
    store = join(work, 'store');
    const src = join(work, 'go-src');
    cpSync(join(fixtures, 'go-service'), src, { recursive: true });
    const binary = join(work, 'growth-go');
    await goBuild(src, binary, ['-trimpath']);
    // Without TurboFan inlining, as in test/fixtures/README.md: otherwise keepSession is charged to its caller.
    const node = (leak: boolean) => startListening(process.execPath, ['--no-turbo-inlining', '--expose-gc', join(fixtures, 'node-service', 'server.js'), ...(leak ? ['--leak'] : [])], resolve(__dirname, '../../..'));
    const [goLeak, goSteady, nodeLeak, nodeSteady] = await Promise.all([startListening(binary, ['-leak']), startListening(binary, []), node(true), node(false)]);
    services.push(goLeak, goSteady, nodeLeak, nodeSteady);
    const stored: StoredProfileEvent[] = [];
    const target = (s: RunningService, service: string, prefix = '') => ({ url: `http://${s.address}${prefix}`, service, version: { kind: 'fixed' as const, version: 'v1' }, kinds: ['heap' as const], cpuSeconds: 1, intervalMs: 500 });
    const collector = new Collector({
      store,
      targets: [target(goLeak, 'go-leak'), target(goSteady, 'go-steady'), target(nodeLeak, 'node-leak', '/debug/pprof'), target(nodeSteady, 'node-steady', '/debug/pprof')],
    }, { onStored: (e) => stored.push(e), onWarning: () => undefined });
    const running = collector.run();
    const count = (service: string) => stored.filter((e) => e.service === service).length;
    await until(() => ['go-leak', 'go-steady', 'node-leak', 'node-steady'].every((s) => count(s) >= WARM_UP + SNAPSHOTS), `${WARM_UP + SNAPSHOTS} heap snapshots of each service`);
    await collector.stop();
    await running;
  });

  after(async () => {
    await Promise.all(services.map((s) => s.stop()));
    rmSync(work, { recursive: true, force: true });
  });

  const growth = async (service: string) => {
    let out = '';
    let err = '';
    const code = await runGrowth([store, '--service', service, '--since', '1d', '--last', String(SNAPSHOTS), '--limit', '0', '--json'], { stdout: { write: (s: string) => void (out += s) }, stderr: { write: (s: string) => void (err += s) } }, {});
    assert.equal(code, 0, err);
    return JSON.parse(out) as { snapshots: number; sites: Site[]; churn: Site[]; notes: string[] };
  };

  it('Go: the line that keeps every session ranks first, flagged, retaining nearly all it allocated', async () => {
    const out = await growth('go-leak');
    assert.equal(out.snapshots, SNAPSHOTS);
    const leakLine = readFileSync(join(fixtures, 'go-service', 'main.go'), 'utf8').split('\n').findIndex((l) => l.includes('// LEAK')) + 1;
    const top = out.sites[0];
    assert.deepEqual([top.function, top.line, top.leak], ['main.handle', leakLine, true], JSON.stringify(out.sites.slice(0, 3)));
    assert.ok(top.retained !== null && top.retained > 0.5, `retained ${top.retained}`);
    const churn = out.sites.find((s) => s.function === 'main.handle' && s.line !== leakLine);
    assert.ok(!churn?.leak, 'the churning buffer of the same handler is not a leak');
  });

  it('Go without the leak: churn only, nothing flagged', async () => {
    const out = await growth('go-steady');
    assert.equal(out.snapshots, SNAPSHOTS);
    assert.deepEqual(out.sites.filter((s) => s.leak).map((s) => `${s.function}:${s.line}`), []);
    // Apart, as churn: sites that allocated much over the window and kept little of it (here the pprof handler's
    // compression buffers, allocated at every scrape), most allocated first, none a leak.
    assert.ok(out.churn.length > 0, 'churn is listed');
    assert.ok(out.churn.every((s) => !s.leak && s.retained !== null && s.retained < 0.2 && (s.allocated ?? 0) > 0), JSON.stringify(out.churn.slice(0, 3)));
    assert.deepEqual(out.churn.map((s) => s.allocated), [...out.churn.map((s) => s.allocated)].sort((x, y) => y! - x!));
  });

  it('Node: the closure cache ranks first, flagged', async () => {
    const out = await growth('node-leak');
    assert.equal(out.snapshots, SNAPSHOTS);
    assert.deepEqual([out.sites[0].function, out.sites[0].leak], ['keepSession', true], JSON.stringify(out.sites.slice(0, 3)));
  });

  it('Node without the leak: nothing flagged', async () => {
    const out = await growth('node-steady');
    assert.deepEqual(out.sites.filter((s) => s.leak).map((s) => `${s.function}:${s.line}`), [], JSON.stringify(out.sites.filter((s) => s.leak)));
  });
});
