// Real Java profiles of a real Java program, made here: test/fixtures/java/shop (a Maven-layout service with a
// planted hot function, using a stand-in third-party library from test/fixtures/java/acme-json that stays outside
// the workspace) is compiled with javac and profiled by JDK Flight Recorder (-XX:StartFlightRecording) and by
// async-profiler (tools.profiler:async-profiler from Maven Central; scripts/setup-test-env.sh fetches it). Each
// recording is read and mapped onto the service's workspace as `perflens lines` and the editor do, and:
// - at least 95% of the application frames' cost lands on the right workspace line: the file the frame's class is
//   declared in (inner classes and lambdas in their outer class's file), at the line the JVM recorded;
// - the planted line is the hottest line of the workspace;
// - JDK frames are runtime, the library's frames dependency, native frames (libc, libjvm…) runtime.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Profile } from '../../../../src/core/profile/model';
import { readJfr } from '../../../../src/core/readers/jfr/readJfr';
import { analyzeWorkspace, type WorkspaceAnalysis } from '../../../../src/core/workspace/analyzeWorkspace';
import { appLineAccuracy } from '../../symbolicate/app-line-accuracy';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/java', import.meta.url));
const ASYNC_PROFILER_VERSION = '4.1';
const APP_PREFIX = 'com/example/shop/';
const SOURCE_ROOT = 'src/main/java';

let work: string;
let workspace: string;
let classPath: string;

function run(command: string, args: string[], cwd: string): void {
  execFileSync(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });
}

/** The service's orders per worker: a fixed amount of work, a few seconds of CPU. */
const ORDERS = '3000';

before(() => {
  work = mkdtempSync(join(tmpdir(), 'perflens-java-'));
  workspace = join(work, 'shop');
  cpSync(join(FIXTURES, 'shop'), workspace, { recursive: true });
  classPath = join(work, 'classes');
  const sources = (dir: string): string[] => execFileSync('find', [dir, '-name', '*.java'], { encoding: 'utf8' }).trim().split('\n');
  run('javac', ['-g', '-d', classPath, ...sources(join(workspace, SOURCE_ROOT)), ...sources(join(FIXTURES, 'acme-json', SOURCE_ROOT))], work);
});

after(() => rmSync(work, { recursive: true, force: true }));

/**
 * Where the test derives, by itself, an application frame's source file: the outer class's file under
 * src/main/java.
 */
function expectedFile(functionName: string): string | undefined {
  if (!functionName.startsWith(APP_PREFIX)) return undefined;
  const owner = functionName.slice(0, functionName.lastIndexOf('.'));
  return `${SOURCE_ROOT}/${owner.split('$')[0]}.java`;
}

function plantedLine(): string {
  const file = `${SOURCE_ROOT}/com/example/shop/pricing/PriceCalculator.java`;
  const lines = readFileSync(join(workspace, file), 'utf8').split('\n');
  return `${file}:${lines.findIndex((l) => l.includes('// planted hot line')) + 1}`;
}

async function analyze(profile: Profile, type: string): Promise<{ analysis: WorkspaceAnalysis; typeIndex: number }> {
  const typeIndex = profile.sampleTypes.findIndex((t) => t.type === type);
  const analysis = await analyzeWorkspace({ profiles: [profile], query: { type: typeIndex }, roots: [{ name: 'shop', location: workspace }], gitEnabled: false });
  return { analysis, typeIndex };
}

function classOf(analysis: WorkspaceAnalysis, namePrefix: string): Set<string> {
  return new Set(analysis.functions.filter((f) => f.name.startsWith(namePrefix)).map((f) => f.class));
}

async function checkCpu(profiles: Profile[], source: string, say: (message: string) => void): Promise<WorkspaceAnalysis> {
  const cpu = profiles[0];
  assert.equal(cpu.defaultSampleType, 'cpu', `${source}: CPU is the first profile`);
  const { analysis, typeIndex } = await analyze(cpu, 'cpu');
  const result = appLineAccuracy(cpu, typeIndex, analysis, expectedFile);
  const samples = result.total / cpu.period;
  assert.ok(samples >= 20, `${source}: ${samples} application samples, too few to judge`);
  const share = result.right / result.total;
  assert.ok(share >= 0.95, `${source}: ${(share * 100).toFixed(1)}% of application-frame cost on the right workspace line (${result.right} of ${result.total})`);
  assert.equal(result.hottestLine, plantedLine(), `${source}: the planted line is the hottest line`);
  const unmapped = analysis.coverage.topUnmapped.map((u) => `${u.path}: ${u.reason}`);
  assert.ok(analysis.coverage.shares.unmapped < 0.005, `${source}: every frame is app, dependency or runtime (${unmapped.join('; ')})`);
  assert.ok(share <= 1.000001);
  say(`${source}: ${(share * 100).toFixed(2)}% of application-frame cost on the right workspace line, ${samples} application samples`);
  return analysis;
}

describe('real Java profiles map onto the Java workspace', { timeout: 900_000 }, () => {
  it('JDK Flight Recorder (-XX:StartFlightRecording)', async (t) => {
    const recording = join(work, 'jdk.jfr');
    run('java', [`-XX:StartFlightRecording=filename=${recording},settings=profile,jdk.ExecutionSample#period=1ms`, '-cp', classPath, 'com.example.shop.ShopService', ORDERS], work);
    const profiles = readJfr(readFileSync(recording), 'jdk.jfr');
    assert.equal(profiles[0].period, 1_000_000, 'the ExecutionSample period the recording states');
    const analysis = await checkCpu(profiles, 'JDK Flight Recorder', (m) => t.diagnostic(m));
    assert.deepEqual(classOf(analysis, 'java/'), new Set(['runtime']), 'JDK frames are runtime');
    const library = classOf(analysis, 'org/acme/');
    assert.ok(library.size === 0 || (library.size === 1 && library.has('dependency')), `the library is a dependency (${[...library]})`);
    assert.ok(profiles.some((p) => p.sampleTypes.some((t) => t.type === 'alloc_sample_bytes')), 'JDK 17 allocation samples');
  });

  it(`async-profiler ${ASYNC_PROFILER_VERSION} (tools.profiler:async-profiler from Maven Central)`, async (t) => {
    const classifier = process.arch === 'arm64' ? 'linux-arm64' : 'linux-x64';
    const jar = process.env.PERFLENS_ASYNC_PROFILER_JAR
      ?? join(homedir(), `.m2/repository/tools/profiler/async-profiler/${ASYNC_PROFILER_VERSION}/async-profiler-${ASYNC_PROFILER_VERSION}-${classifier}.jar`);
    assert.ok(existsSync(jar), `${jar} is missing: scripts/setup-test-env.sh fetches it from Maven Central`);
    run('unzip', ['-o', '-q', jar, `${classifier}/libasyncProfiler.so`, '-d', work], work);
    const agent = join(work, classifier, 'libasyncProfiler.so');
    // itimer: CPU time without perf events (often not allowed in containers), as the Pyroscope agent samples.
    const cpuRecording = join(work, 'ap-cpu.jfr');
    run('java', [`-agentpath:${agent}=start,event=itimer,interval=1ms,alloc,lock=10us,jfr,file=${cpuRecording}`, '-cp', classPath, 'com.example.shop.ShopService', ORDERS], work);
    const profiles = readJfr(readFileSync(cpuRecording), 'ap-cpu.jfr');
    assert.equal(profiles[0].period, 1_000_000, 'async-profiler\'s interval');
    const analysis = await checkCpu(profiles, 'async-profiler', (m) => t.diagnostic(m));
    assert.deepEqual(classOf(analysis, 'java/'), new Set(['runtime']), 'JDK frames are runtime');
    assert.deepEqual(classOf(analysis, 'libc.so'), new Set(['runtime']), 'native frames are runtime');
    assert.ok(profiles.some((p) => p.sampleTypes.some((t) => t.type === 'alloc_in_new_tlab_bytes')), 'allocations in new TLABs');
    const lock = profiles.find((p) => p.periodType?.type === 'mutex');
    assert.ok(lock, 'monitor contention on the ledger lock');
    const { analysis: lockAnalysis } = await analyze(lock, 'delay');
    assert.ok(lockAnalysis.functions.some((f) => f.name === 'com/example/shop/ShopService.record' && f.class === 'app'), 'the contended method is app code');

    const wallRecording = join(work, 'ap-wall.jfr');
    run('java', [`-agentpath:${agent}=start,event=wall,interval=5ms,jfr,file=${wallRecording}`, '-cp', classPath, 'com.example.shop.ShopService', ORDERS], work);
    const wall = readJfr(readFileSync(wallRecording), 'ap-wall.jfr').find((p) => p.defaultSampleType === 'wall');
    assert.ok(wall, 'a wall-clock profile');
    const threads = new Set<string>();
    for (let l = 0; l < wall.labels.count; l++) if (wall.strings.get(wall.labels.key[l]) === 'thread') threads.add(wall.strings.get(wall.labels.str[l]));
    assert.ok([...threads].some((t) => /^pool-1-thread-[123]$/.test(t)), `samples carry their Java thread (${[...threads].slice(0, 5)})`);
  });
});
