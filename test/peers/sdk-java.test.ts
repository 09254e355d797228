// The real Pyroscope Java agent (io.pyroscope:agent from Maven Central, async-profiler inside) profiling a small
// Java service and pushing JFR (`/ingest?format=jfr`, multipart `jfr` + `labels`) into `perflens collect --ingest`
// through a recording proxy. Every upload must be accepted, and each kind of sample in it stored under the
// application name, the version label and its type, as pprof, with the totals of the recording that was sent.
// (The JFR reader itself is checked against Pyroscope's own converter in test/unit/readers; here the point is the
// agent's upload: its parts, its sampleRate, its labels, end to end.)
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { multipartBoundary, parseMultipart } from '../../src/collector/ingest/multipart';
import { readProfileFile } from '../../src/core/profile/parse';
import { readJfr } from '../../src/core/readers/jfr/index';
import { until } from '../harness/wait';
import { cachedInstall } from './sdk/cached-build';
import { startCaptureProxy, type CaptureProxy } from './sdk/capture-proxy';
import { repoRoot, startCollector, type RunningCollector } from './sdk/collector';
import { storedTotals } from './sdk/totals';

const VERSION = /AGENT_VERSION=(\S+)/.exec(readFileSync(join(repoRoot, 'scripts/setup-peers/sdk-java.sh'), 'utf8'))![1];
const service = resolve(__dirname, 'services/sdk-java/Service.java');

describe(`the Pyroscope Java agent ${VERSION} pushes JFR into perflens collect --ingest`, () => {
  let collector: RunningCollector;
  let proxy: CaptureProxy;
  let log = '';

  before(async () => {
    const dir = cachedInstall(`sdk-java-${VERSION}`, `io.pyroscope:agent:${VERSION}`, 'sdk-java.sh');
    collector = await startCollector();
    proxy = await startCaptureProxy(collector.url);
    const java: ChildProcess = spawn('java', [`-javaagent:${join(dir, 'agent.jar')}`, service], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: {
        ...process.env,
        PYROSCOPE_APPLICATION_NAME: 'inventory',
        PYROSCOPE_SERVER_ADDRESS: proxy.url,
        PYROSCOPE_LABELS: 'version=4.0.0,region=eu',
        PYROSCOPE_UPLOAD_INTERVAL: '1s',
        // CPU time by setitimer: perf events may be closed to unprivileged processes in containers.
        PYROSCOPE_PROFILER_EVENT: 'itimer',
        PYROSCOPE_LOG_LEVEL: 'debug',
      },
    });
    java.stdout!.on('data', (d: Buffer) => (log += d.toString()));
    java.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    const exited = new Promise<number | null>((ok) => java.once('exit', (code) => ok(code)));
    // The JVM first compiles Service.java and loads the agent: wait until two stored CPU profiles show the service's
    // own loop running.
    const showsService = new Map<string, boolean>();
    const serviceProfiles = () => collector.stored.filter((s) => {
      if (s.type !== 'cpu') return false;
      if (!showsService.has(s.path)) showsService.set(s.path, functionNames(s.path).some((n) => /Service\.checksumRounds/.test(n)));
      return showsService.get(s.path);
    }).length;
    await until(() => {
      if (java.exitCode !== null) throw new Error(`java exited: ${log}`);
      return serviceProfiles() >= 2;
    }, 'two stored CPU profiles of the service\'s loop').finally(() => java.stdin!.end());
    assert.equal(await exited, 0, log);
  });

  after(async () => {
    await proxy?.close();
    await collector?.stop();
  });

  /** The uploads as the agent sent them: query, recording, labels part. */
  const uploads = () => proxy.captured.filter((r) => r.path.startsWith('/ingest')).map((r) => {
    const url = new URL(r.path, 'http://x');
    const parts = parseMultipart(r.body, multipartBoundary(r.headers['content-type'])!);
    return { url, status: r.status, answer: r.answer, jfr: parts.find((p) => p.name === 'jfr')!.data, labels: parts.find((p) => p.name === 'labels')?.data };
  });

  it('sends JFR with its labels part to /ingest, and every upload is accepted', () => {
    const sent = uploads();
    assert.ok(sent.length >= 2, log.slice(-2000));
    for (const u of sent) {
      assert.equal(u.url.searchParams.get('format'), 'jfr');
      assert.match(u.url.searchParams.get('name') ?? '', /^inventory\{.*version=4\.0\.0/);
      assert.equal(u.status, 200, u.answer);
    }
    assert.deepEqual(collector.refused, []);
    assert.equal([...log.matchAll(/Error uploading snapshot/g)].length, 0, 'the agent saw no error');
  });

  it('stores each kind of sample of each recording under inventory, 4.0.0 and its type, with the recording\'s totals', () => {
    const expected = new Map<string, Map<string, number>>();
    let profiles = 0;
    for (const u of uploads()) {
      const rate = Number(u.url.searchParams.get('sampleRate')) || undefined;
      for (const p of readJfr(u.jfr, 'sent', { sampleRate: rate, labels: u.labels })) {
        profiles++;
        // Where each kind should land: CPU and wall by name, lock waits (monitor or thread park, as their period type
        // says) as mutex or block, kinds PerfLens has no name for under their own sample type.
        const type = p.defaultSampleType === 'delay' ? `${p.periodType?.type === 'block' ? 'block' : 'mutex'}_delay` : p.defaultSampleType;
        const totals = expected.get(type) ?? new Map<string, number>();
        p.sampleTypes.forEach((t, i) => {
          let sum = 0;
          for (let s = 0; s < p.samples.count; s++) sum += p.samples.values[s * p.sampleTypes.length + i];
          totals.set(t.type, (totals.get(t.type) ?? 0) + sum);
        });
        expected.set(type, totals);
      }
    }
    assert.equal(collector.stored.length, profiles, 'one stored profile per kind of sample per upload');
    for (const s of collector.stored) assert.deepEqual([s.service, s.version], ['inventory', '4.0.0']);
    for (const [type, totals] of expected) {
      assert.deepEqual(storedTotals(collector.stored.filter((s) => s.type === type).map((s) => s.path)), totals, type);
    }
    assert.ok((expected.get('cpu')?.get('cpu') ?? 0) > 0, 'CPU time was sent and stored');
  });

  it('names Java frames as Pyroscope does, the service\'s own hot method among them', () => {
    const names = new Set(collector.stored.filter((x) => x.type === 'cpu').flatMap((s) => functionNames(s.path)));
    assert.ok(names.has('Service.checksumRounds'), [...names].filter((n) => /Service/.test(n)).join(', '));
    assert.ok(names.has('java/security/MessageDigest.digest'), 'JDK frames are package/Class.method');
  });
});

function functionNames(path: string): string[] {
  const p = readProfileFile(path);
  const names: string[] = [];
  for (let f = 0; f < p.functions.count; f++) names.push(p.strings.get(p.functions.name[f]));
  return names;
}
