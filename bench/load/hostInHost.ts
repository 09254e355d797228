// The extension-host bench's in-host driver: runs inside the extension host (bundled by host.ts and started as VS
// Code's extensionTestsPath) while the extension starts up. It opens the hot file at once and waits for its heat (the
// store listed and the 90 MB profile loaded on start-up), lists the store again, opens ten flame graphs and changes the
// time range four times — with the extension host's event-loop delay histogram (perf_hooks.monitorEventLoopDelay)
// taken over each phase, with the main thread's garbage-collection pauses and its heap at the phase's end.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import { constants, monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import * as vscode from 'vscode';
import type { PerfLensApi } from '../../src/extension';
import { cpuMsOf, profileWorkers, rssMB, sumOf } from './flamegraphsProcesses';
import { HOST_CONTROL_FILE, type EventLoopDelay, type GcPauses, type HostControl, type HostResult, type Phase, type Stall } from './hostProtocol';

interface PanelInfo {
  readonly key: { readonly sources: readonly string[]; readonly type: string };
  readonly renders: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/**
 * CPU time of the extension host process (getrusage: every thread) and of the profile worker process now running
 * (a child of it: its CPU is not the host's), ms.
 */
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000 + sumOf(profileWorkers(process.pid), cpuMsOf);
};
const round = (x: number) => Math.round(x * 10) / 10;
const sameKey = (a: PanelInfo['key'], b: PanelInfo['key']) => a.type === b.type && [...a.sources].sort().join('\n') === [...b.sources].sort().join('\n');

/**
 * How long the main thread is held by `spawn` of a trivial command (fork and exec, as every extension's child
 * process costs it), median of three: fork copies the process's page tables (the profile worker, a process of its own,
 * no longer among them).
 */
async function spawnTime(): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    const child = spawn('true', { stdio: 'ignore' });
    times.push(performance.now() - started);
    await new Promise((r) => child.on('close', r));
  }
  return round(times.sort((a, b) => a - b)[1]);
}

export async function run(): Promise<void> {
  const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
  const control = JSON.parse(readFileSync(join(folder, HOST_CONTROL_FILE), 'utf8')) as HostControl;
  // node:http, not fetch: the driver's own first fetch costs the extension host's main thread hundreds of ms.
  const post = (path: string, body: unknown) => new Promise<void>((ok, fail) => {
    const req = request(control.url + path, { method: 'POST' }, (res) => { res.resume(); res.on('end', () => ok()); });
    req.on('error', fail);
    req.end(JSON.stringify(body));
  });
  const log = (line: string) => post('/log', { line });
  await post('/pid', { pid: process.pid });
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  // Each stall over 50 ms with its times (the histogram has none): a 10 ms timer that fires late, by the clock of
  // V8's CPU profiles. Stalls found while phase i runs are named by the phase at the end.
  const STALL_US = 50_000;
  const TICK_MS = 10;
  const nowUs = () => Number(process.hrtime.bigint() / 1000n);
  const stallsAt: { phase: number; fromUs: number; toUs: number }[] = [];
  let lastTickUs = nowUs();
  let ending = false;
  const stallTimer = setInterval(() => {
    const t = nowUs();
    if (!ending && t - lastTickUs - TICK_MS * 1000 > STALL_US) stallsAt.push({ phase: phases.length, fromUs: lastTickUs, toUs: t });
    lastTickUs = t;
  }, TICK_MS);
  // Garbage collection of the main thread's isolate (the profile worker's is its own): each pause, ms.
  let gcPauses: { ms: number; major: boolean }[] = [];
  const gcObserver = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcPauses.push({ ms: e.duration, major: (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR });
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  // What the host still holds at a phase's end: the heap after a full collection (the inspector's, no --expose-gc).
  const heapSession = new Session();
  heapSession.connect();
  const collectGarbage = () => new Promise<void>((ok) => heapSession.post('HeapProfiler.collectGarbage', () => ok()));
  const mb = (bytes: number) => round(bytes / 1e6);
  const phases: Phase[] = [];
  const errors: string[] = [];
  let phaseStarted = performance.now();
  let phaseCpu = cpuMs();
  // With profileDir: the extension host's main thread profiled over each phase, to see what a stall was.
  const inspector = control.profileDir ? new Session() : undefined;
  const call = (method: string, params?: object) => new Promise<unknown>((ok, fail) => inspector!.post(method, params ?? {}, (e, r) => (e ? fail(e) : ok(r))));
  if (inspector) {
    inspector.connect();
    await call('Profiler.enable');
    await call('Profiler.setSamplingInterval', { interval: 500 });
    await call('Profiler.start');
  }
  const endPhase = async (name: string) => {
    // A stall running into the phase's end is the phase's; the end's own work (a forced full collection, the profile
    // written) is the driver's, not a stall.
    const endAt = nowUs();
    if (endAt - lastTickUs - TICK_MS * 1000 > STALL_US) stallsAt.push({ phase: phases.length, fromUs: lastTickUs, toUs: endAt });
    ending = true;
    // The phase's figures first: what the driver does next (a log line, the profile) is not the phase's.
    const ms = (n: number) => round(n / 1e6);
    const eventLoop: EventLoopDelay = { max: ms(histogram.max), p99: ms(histogram.percentile(99)), p50: ms(histogram.percentile(50)), mean: ms(histogram.mean), samples: histogram.count };
    const total = (ps: typeof gcPauses) => round(ps.reduce((a, p) => a + p.ms, 0));
    const major = gcPauses.filter((p) => p.major);
    const gc: GcPauses = { count: gcPauses.length, totalMs: total(gcPauses), maxMs: round(Math.max(0, ...gcPauses.map((p) => p.ms))), major: major.length, majorMs: total(major) };
    const phaseMs = Math.round(performance.now() - phaseStarted);
    const phaseCpuMs = Math.round(cpuMs() - phaseCpu);
    const usedMB = mb(getHeapStatistics().used_heap_size);
    const forking = { rssMB: mb(process.memoryUsage().rss), workerRssMB: sumOf(profileWorkers(process.pid), rssMB), spawnMs: await spawnTime() };
    await collectGarbage();
    const heap = { usedMB, retainedMB: mb(getHeapStatistics().used_heap_size) };
    const phase = { name, ms: phaseMs, cpuMs: phaseCpuMs, eventLoop, gc, heap, forking };
    await post('/phase', { name });
    if (inspector) {
      const { profile } = await call('Profiler.stop') as { profile: unknown };
      writeFileSync(join(control.profileDir!, `${phases.length + 1}.cpuprofile`), JSON.stringify(profile));
      await call('Profiler.start');
    }
    phases.push(phase);
    await log(`${name}: ${phase.ms} ms; event loop delay max ${eventLoop.max} ms, p99 ${eventLoop.p99} ms; gc ${gc.count} pauses, ${gc.totalMs} ms (max ${gc.maxMs}; ${gc.major} full, ${gc.majorMs} ms); heap ${heap.usedMB} MB, ${heap.retainedMB} MB retained; spawn ${forking.spawnMs} ms at ${forking.rssMB} MB resident (the worker process: ${forking.workerRssMB} MB)`);
    histogram.reset();
    gcPauses = [];
    phaseStarted = performance.now();
    phaseCpu = cpuMs();
    lastTickUs = nowUs();
    ending = false;
  };
  const panels = async () => (await vscode.commands.executeCommand<PanelInfo[]>('perflens.flameGraph.describePanels')) ?? [];
  const drawn = async (key: PanelInfo['key']) => {
    for (const until = Date.now() + 900_000; Date.now() < until; await sleep(50)) {
      if ((await panels()).some((p) => sameKey(p.key, key) && p.renders > 0)) return;
    }
    throw new Error(`the flame graph of ${key.type} over ${key.sources.length} file(s) did not draw within 15 min`);
  };
  let heatAt = 0;
  let heatCpuMs = 0;
  let firstFlameGraphMs = 0;
  let firstFlameGraphCpuMs = 0;
  const flameGraphMs: number[] = [];
  const rangeMs: { range: string; ms: number; files: number }[] = [];

  try {
    const api = await vscode.extensions.getExtension<PerfLensApi>('perflens.perflens')!.activate();
    // Start-up: the extension lists the store and loads the newest version (the 90 MB profile); a user opens a file.
    const uri = vscode.Uri.file(control.hotFile);
    const heat = new Promise<number>((resolve) => {
      const sub = api.heat.onDidRender((e) => {
        if (e.uri.fsPath === uri.fsPath && e.plan.length > 0) { sub.dispose(); heatCpuMs = Math.round(cpuMs()); resolve(Date.now()); }
      });
    });
    await vscode.window.showTextDocument(uri);
    heatAt = await Promise.race([heat, sleep(900_000).then(() => { throw new Error('no heat on the open file within 15 min'); })]);
    await endPhase('start-up: the store listed, the 90 MB profile loaded, heat on the open file');

    await vscode.commands.executeCommand('perflens.loadStore');
    // The reloaded profile's hover details (callers, callees, span names) are background work: the flame graph is
    // opened once they are in, as a user who read the heat first does, so its figure is its own work alone.
    await api.session.current?.profile.functionDetails?.();
    await endPhase(`"Load Profiles from the Local Store": the ${2001}-file store listed again`);

    const first = control.panels[0];
    let started = performance.now();
    const startedCpu = cpuMs();
    await vscode.commands.executeCommand('perflens.showFlameGraph');
    await drawn(first);
    firstFlameGraphMs = Math.round(performance.now() - started);
    firstFlameGraphCpuMs = Math.round(cpuMs() - startedCpu);
    await endPhase('"Show Flame Graph" on the 90 MB profile');

    for (const plan of control.panels.slice(1)) {
      started = performance.now();
      await api.session.load({ sources: plan.sources, type: plan.type, hints: { service: control.service }, fromStore: true }, { quiet: true });
      await vscode.commands.executeCommand('perflens.showFlameGraph');
      await drawn(plan);
      flameGraphMs.push(Math.round(performance.now() - started));
    }
    await endPhase('nine more flame graphs (ten open), each loaded into the session first');

    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await api.session.load({ sources: control.panels[0].sources, type: 'cpu', hints: { service: control.service }, fromStore: true }, { quiet: true });
    histogram.reset();
    gcPauses = [];
    phaseStarted = performance.now();
    phaseCpu = cpuMs();
    // Closing the editors and loading the profile are not the phase's: their stalls go as the histogram's samples do.
    while (stallsAt.at(-1)?.phase === phases.length) stallsAt.pop();
    lastTickUs = nowUs();
    for (const range of control.ranges) {
      started = performance.now();
      await api.timeRange.apply(range);
      const label = range.kind === 'all' ? 'all time' : `${Math.round((range.toMs - range.fromMs) / 60_000)} min of v1`;
      rangeMs.push({ range: label, ms: Math.round(performance.now() - started), files: api.session.current!.profile.sources.length });
    }
    await endPhase('changing the time range four times (60 to 2,000 profiles)');
  } catch (e) {
    errors.push(e instanceof Error ? e.stack ?? e.message : String(e));
  } finally {
    histogram.disable();
    clearInterval(stallTimer);
    gcObserver.disconnect();
    heapSession.disconnect();
    const stalls: Stall[] = stallsAt.filter((x) => x.phase < phases.length).map((x) => ({ ...x, phase: phases[x.phase].name }));
    await post('/done', { phases, stalls, heatAt, heatCpuMs, firstFlameGraphMs, firstFlameGraphCpuMs, flameGraphMs, rangeMs, errors } satisfies HostResult);
  }
}
