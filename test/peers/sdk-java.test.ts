// The real Pyroscope Java agent (io.pyroscope:agent from Maven Central, async-profiler inside) profiling a small
// Java service and pushing JFR (`/ingest?format=jfr`, multipart `jfr` + `labels`) straight into
// `perflens collect --ingest`. Until PerfLens reads JFR, each upload is refused with 415 naming the format — sent
// only after the whole body was read, so the agent reads the answer (and, a 415 not being retryable, gives that
// snapshot up) instead of seeing a reset and retrying it up to eight times.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { until } from '../harness/wait';
import { cachedInstall } from './sdk/cached-build';
import { repoRoot, startCollector, type RunningCollector } from './sdk/collector';

const VERSION = /AGENT_VERSION=(\S+)/.exec(readFileSync(join(repoRoot, 'scripts/setup-peers/sdk-java.sh'), 'utf8'))![1];
const service = resolve(__dirname, 'services/sdk-java/Service.java');

describe(`the Pyroscope Java agent ${VERSION} pushes JFR to perflens collect --ingest`, () => {
  let collector: RunningCollector;
  let log = '';

  before(async () => {
    const dir = cachedInstall(`sdk-java-${VERSION}`, `io.pyroscope:agent:${VERSION}`, 'sdk-java.sh');
    collector = await startCollector();
    const java: ChildProcess = spawn('java', [`-javaagent:${join(dir, 'agent.jar')}`, service], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: {
        ...process.env,
        PYROSCOPE_APPLICATION_NAME: 'inventory',
        PYROSCOPE_SERVER_ADDRESS: collector.url,
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
    await until(() => {
      if (java.exitCode !== null) throw new Error(`java exited: ${log}`);
      return collector.refused.length >= 3 && (log.match(/Error uploading snapshot/g) ?? []).length >= 3;
    }, 'three JFR uploads answered').finally(() => java.stdin!.end());
    assert.equal(await exited, 0, log);
  });

  after(async () => {
    await collector?.stop();
  });

  it('sends JFR to /ingest, and gets a 415 that names the format for each upload', () => {
    const attempts = [...log.matchAll(/Upload attempt (\d+) to (\S+)\. Profile: \d+ bytes/g)];
    assert.ok(attempts.length >= 3, log.slice(-2000));
    for (const [, , url] of attempts) {
      const u = new URL(url);
      assert.equal(u.pathname, '/ingest');
      assert.equal(u.searchParams.get('format'), 'jfr');
      assert.match(u.searchParams.get('name') ?? '', /^inventory\{.*version=4\.0\.0/);
    }
    const answers = [...log.matchAll(/Error uploading snapshot: (.*)/g)].map((m) => m[1]);
    assert.ok(answers.length >= 3);
    for (const a of answers) assert.match(a, /^415 format 'jfr' \(JFR recordings, as the Pyroscope Java agent sends\)/);
    assert.ok(collector.refused.every((r) => r.status === 415 && /format 'jfr'/.test(r.reason)), JSON.stringify(collector.refused));
    assert.deepEqual(collector.stored, []);
  });

  it('the agent read every answer: no reset, no retried snapshot', () => {
    const attempts = [...log.matchAll(/Upload attempt (\d+) to/g)].map((m) => Number(m[1]));
    assert.deepEqual([...new Set(attempts)], [1], 'every snapshot was sent once');
    assert.equal([...log.matchAll(/Error uploading snapshot: (?!415 )/g)].length, 0, 'no upload ended in an I/O error');
  });
});
