// The real Pyroscope Python SDK (pyroscope-io from PyPI, built on pyroscope-rs) pushing CPU profiles into
// `perflens collect --ingest` through a recording proxy. pyroscope-rs sends Pyroscope's Connect push
// (`POST /push.v1.PusherService/Push`, gzipped `application/proto`); every push must be accepted and its profiles
// stored under the application name, the version tag and `cpu`, with the totals that were sent.
import * as assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { decodePushRequest, type PushSeries } from '../../src/collector/ingest/push-request';
import { readProfileFile } from '../../src/core/profile/parse';
import { until } from '../harness/wait';
import { cachedInstall } from './sdk/cached-build';
import { startCaptureProxy, type CaptureProxy } from './sdk/capture-proxy';
import { repoRoot, startCollector, type RunningCollector } from './sdk/collector';
import { addTotals, sentTotals, storedTotals } from './sdk/totals';

const VERSION = /PYROSCOPE_IO_VERSION=(\S+)/.exec(readFileSync(join(repoRoot, 'scripts/setup-peers/sdk-python.sh'), 'utf8'))![1];
const service = resolve(__dirname, 'services/sdk-python/service.py');

describe(`pyroscope-io ${VERSION} (Python) pushes into perflens collect --ingest`, () => {
  let collector: RunningCollector;
  let proxy: CaptureProxy;
  let series: PushSeries[] = [];
  let stderr = '';

  before(async () => {
    const python = execFileSync('python3', ['--version'], { encoding: 'utf8' }).trim();
    const dir = cachedInstall(`sdk-python-${VERSION}`, `pyroscope-io==${VERSION} ${python}`, 'sdk-python.sh');
    collector = await startCollector();
    proxy = await startCaptureProxy(collector.url);
    const app: ChildProcess = spawn(join(dir, 'venv/bin/python'), [service, proxy.url, '2.0.1'], { stdio: ['pipe', 'ignore', 'pipe'] });
    app.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((ok) => app.once('exit', (code) => ok(code)));
    await until(() => {
      if (app.exitCode !== null) throw new Error(`the service exited: ${stderr}`);
      return collector.stored.length >= 2;
    }, 'two stored profiles').finally(() => app.stdin!.end());
    assert.equal(await exited, 0, stderr);
    series = proxy.captured.flatMap((r) => decodePushRequest(r.headers['content-encoding'] === 'gzip' ? gunzipSync(r.body) : r.body));
  });

  after(async () => {
    await proxy?.close();
    await collector?.stop();
  });

  it('sends Pyroscope\'s Connect push, and every push is accepted', () => {
    assert.ok(proxy.captured.length >= 2);
    for (const r of proxy.captured) {
      assert.deepEqual([r.method, r.path, r.headers['content-type'], r.headers['content-encoding']], ['POST', '/push.v1.PusherService/Push', 'application/proto', 'gzip']);
      assert.equal(r.status, 200, r.answer);
    }
    assert.deepEqual(collector.refused, []);
    const labels = Object.fromEntries(series[0].labels.map((l) => [l.name, l.value]));
    assert.deepEqual([labels.__name__, labels.service_name, labels.version, labels.region], ['process_cpu', 'billing', '2.0.1', 'eu']);
  });

  it('stores each pushed profile once under billing, 2.0.1, cpu, with the totals that were sent', () => {
    const pushed = series.flatMap((s) => s.profiles);
    assert.equal(collector.stored.length, pushed.length, 'one stored profile per pushed profile');
    for (const s of collector.stored) assert.deepEqual([s.service, s.version, s.type], ['billing', '2.0.1', 'cpu']);
    const sent = new Map<string, number>();
    for (const p of pushed) addTotals(sent, sentTotals(p));
    assert.deepEqual(storedTotals(collector.stored.map((s) => s.path)), sent);
    assert.ok((sent.get('cpu') ?? 0) > 0, 'the pushes carry CPU time');
  });

  it('shows the service\'s own hot function', () => {
    const names = new Set<string>();
    for (const s of collector.stored) {
      const p = readProfileFile(s.path);
      for (let f = 0; f < p.functions.count; f++) names.add(p.strings.get(p.functions.name[f]));
    }
    assert.ok([...names].some((n) => /checksum_rounds/.test(n)), [...names].slice(0, 20).join(', '));
  });
});
