// The extension host under load, in the real VS Code (VS Code server, headless Chromium): a workspace whose store
// holds a 90 MB generated Go CPU profile and 2,000 small ones. Measures the extension host's event-loop delay (a
// histogram inside the extension host) while the 90 MB profile loads on start-up, the store is listed, ten flame
// graphs open and the time range changes; the time from the window being up to heat on an open file, and from
// "Show Flame Graph" to the graph drawn — beside `perflens top` on the same file, run first on the same machine.
//   node --import tsx bench/load/host.ts [--mb 90] [--small 2000] [--no-build] [--save] [--profile-host DIR]
// Peak memory: the RSS high-water marks of the extension host process and of the profile worker process (its child),
// summed, per phase. CPU time beside wall time (the extension host's process and the worker's, every thread;
// `perflens top`'s process): on a shared machine wall time measures the machine's load as much as PerfLens.
// --save writes bench/load/host-results.json; the extension's log of the run is left in $TMPDIR; --profile-host writes
// a CPU profile of the extension host's main thread per phase into DIR and the stalls' times (bench/load/stalls.ts
// then says what ran in each stall).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
// @ts-expect-error -- plain ESM helper shared with the integration runner
import { launchChromium, startVSCodeServer } from '../../test/harness/vscode-server.mjs';
import { HOST_CONTROL_FILE, type HostControl, type HostResult } from './hostProtocol';
import { peakRssMB, profileWorkers, resetPeak, sumOf } from './flamegraphsProcesses';
import { bundleDriver, keepExtensionLog, runDriver } from './inVSCode';
import { makeHostWorkspace, SERVICE } from './hostWorkspace';

const root = resolve(__dirname, '../..');
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const log = (s: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${s}`);
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

interface TopRun {
  readonly ms: number;
  readonly cpuMs: number;
  readonly peakRssMB: number;
}

/**
 * `perflens top` on the file, as a user runs it, median of three: wall time of the whole command, and its process's
 * CPU time and peak RSS (written at exit by a preloaded hook — the CLI itself knows nothing of the bench).
 */
function perflensTop(file: string, scratch: string): TopRun {
  const hook = join(scratch, 'cpu-at-exit.cjs');
  writeFileSync(hook, `process.on('exit', () => { const u = process.resourceUsage(); require('node:fs').writeSync(2, '\\nPERFLENS_BENCH ' + JSON.stringify({ cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, peakRssMB: u.maxRSS / 1024 }) + '\\n'); });\n`);
  const runs: TopRun[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, ['--require', hook, join(root, 'dist/cli.js'), 'top', file, '--limit', '10'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`perflens top failed: ${r.stderr}`);
    const own = JSON.parse(/PERFLENS_BENCH (.*)/.exec(r.stderr)![1]) as { cpuMs: number; peakRssMB: number };
    runs.push({ ms: performance.now() - t, ...own });
  }
  const m = (f: (r: TopRun) => number) => Math.round(median(runs.map(f)));
  return { ms: m((r) => r.ms), cpuMs: m((r) => r.cpuMs), peakRssMB: m((r) => r.peakRssMB) };
}

async function main(): Promise<void> {
  if (!process.argv.includes('--no-build')) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  const data = mkdtempSync(join(tmpdir(), 'perflens-hostload-'));
  const inHost = await bundleDriver(join(__dirname, 'hostInHost.ts'), join(data, 'in-host'));
  const workspace = makeHostWorkspace(join(data, 'workspace'), { bigBytes: arg('mb', 90) * 1e6, smallFiles: arg('small', 2000) }, log);
  const top = perflensTop(workspace.big.path, data);
  log(`perflens top on the 90 MB profile: ${top.ms} ms, ${top.cpuMs} ms of CPU, peak RSS ${top.peakRssMB} MB (median of 3)`);

  // The extension host process and the profile worker process it forks: their peaks are summed by pid.
  let hostPid = 0;
  const phasePeakMB = new Map<string, number>();
  const phasePeaks = new Map<string, { hostMB: number; workerMB: number }>();
  let finish: (r: HostResult) => void = () => {};
  const finished = new Promise<HostResult>((r) => { finish = r; });
  const http = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      const msg = JSON.parse(body || '{}');
      if (req.url === '/log') log(`  host: ${msg.line}`);
      else if (req.url === '/pid') hostPid = msg.pid;
      else if (req.url === '/phase') {
        // The kernel's high-water marks of the processes' RSS over the phase, then a new window for the next.
        const workers = profileWorkers(hostPid);
        const peaks = { hostMB: peakRssMB(hostPid), workerMB: sumOf(workers, peakRssMB) };
        phasePeaks.set(msg.name, peaks);
        phasePeakMB.set(msg.name, peaks.hostMB + peaks.workerMB);
        for (const pid of [hostPid, ...workers]) resetPeak(pid);
      } else if (req.url === '/done') finish(msg);
      res.end('{}');
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const control: HostControl = {
    url: `http://127.0.0.1:${(http.address() as { port: number }).port}`, service: SERVICE,
    hotFile: workspace.hotFile, hotLine: workspace.hotLine, panels: workspace.panels, ranges: workspace.ranges,
    profileDir: process.argv.includes('--profile-host') ? resolve(process.argv[process.argv.indexOf('--profile-host') + 1]) : undefined,
  };
  if (control.profileDir) mkdirSync(control.profileDir, { recursive: true });
  writeFileSync(join(workspace.folder, HOST_CONTROL_FILE), JSON.stringify(control));

  // The machine's one-minute load average each minute of the run: wall times mean little without it.
  const loads = [loadavg()[0]];
  const loadTimer = setInterval(() => loads.push(loadavg()[0]), 60_000);
  const server = await startVSCodeServer({ mode: 'oss' });
  const browser = await launchChromium();
  let result: HostResult | undefined;
  let windowUpAt = 0;
  const started = Date.now();
  try {
    result = await runDriver(browser, server, workspace.folder, inHost, finished, () => { windowUpAt = Date.now(); });
  } finally {
    await browser.close();
    keepExtensionLog(server, 'perflens-hostload-extension.log', log);
    await server.stop();
    clearInterval(loadTimer);
    http.close();
    rmSync(data, { recursive: true, force: true });
  }

  const heatMs = result.heatAt - windowUpAt;
  const rawMB = workspace.big.bytes / 1e6;
  const peaks = [...phasePeakMB.values()];
  const times = (n: number, of: number) => Math.round((n / of) * 10) / 10;
  const figures = {
    date: new Date().toISOString().slice(0, 10),
    machine: `${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}, VS Code server (code-server 4.100.3), headless Chromium (--disable-gpu)`,
    minutes: Math.round((Date.now() - started) / 6000) / 10,
    loadAverage: { min: Math.round(Math.min(...loads)), max: Math.round(Math.max(...loads)) },
    profile: { uncompressedMB: Math.round(workspace.big.bytes / 1e5) / 10, gzippedMB: Math.round(workspace.big.gzipBytes / 1e5) / 10, samples: workspace.big.samples, functions: workspace.big.functions },
    storeFiles: workspace.small.length + 1,
    perflensTop: top,
    heatOnOpenFile: {
      ms: heatMs, timesTop: times(heatMs, top.ms),
      extensionHostCpuMs: result.heatCpuMs, cpuTimesTop: times(result.heatCpuMs, top.cpuMs),
    },
    flameGraph: {
      ms: result.firstFlameGraphMs, timesTop: times(result.firstFlameGraphMs, top.ms),
      extensionHostCpuMs: result.firstFlameGraphCpuMs, cpuTimesTop: times(result.firstFlameGraphCpuMs, top.cpuMs),
    },
    peakMemory: {
      startUpMB: peaks[0] ?? 0, timesRaw: times(peaks[0] ?? 0, rawMB),
      wholeRunMB: Math.max(0, ...peaks), wholeRunTimesRaw: times(Math.max(0, ...peaks), rawMB),
      perPhaseMB: Object.fromEntries(phasePeakMB),
      perPhaseHostAndWorkerMB: Object.fromEntries(phasePeaks),
    },
    moreFlameGraphsMs: { median: median(result.flameGraphMs), max: Math.max(0, ...result.flameGraphMs) },
    timeRanges: result.rangeMs,
    eventLoopDelayMs: Object.fromEntries(result.phases.map((p) => [p.name, { ...p.eventLoop, phaseMs: p.ms, phaseCpuMs: p.cpuMs }])),
    longestStallMs: Math.max(0, ...result.phases.map((p) => p.eventLoop.max)),
    stallsOver50Ms: Object.fromEntries(result.phases.map((p) => [p.name, result!.stalls.filter((s) => s.phase === p.name).map((s) => Math.round((s.toUs - s.fromUs) / 1000))])),
    // The extension host's main thread alone (its own isolate, not the profile worker's).
    garbageCollectionMs: Object.fromEntries(result.phases.map((p) => [p.name, p.gc])),
    gcPausesTotalMs: Math.round(result.phases.reduce((a, p) => a + p.gc.totalMs, 0)),
    longestGcPauseMs: Math.max(0, ...result.phases.map((p) => p.gc.maxMs)),
    heapMB: Object.fromEntries(result.phases.map((p) => [p.name, p.heap])),
    // fork copies the process's page tables: every extension's child process costs more the more the process holds.
    spawnAtPhaseEnd: Object.fromEntries(result.phases.map((p) => [p.name, p.forking])),
    errors: result.errors,
  };
  console.log(JSON.stringify(figures, null, 2));
  if (control.profileDir) {
    writeFileSync(join(control.profileDir, 'stalls.json'), JSON.stringify({ phases: result.phases.map((p) => p.name), stalls: result.stalls }, null, 2));
    log(`stalls and CPU profiles in ${control.profileDir}: node --import tsx bench/load/stalls.ts ${control.profileDir}`);
  }
  if (process.argv.includes('--save')) writeFileSync(join(__dirname, 'host-results.json'), `${JSON.stringify(figures, null, 2)}\n`);
  if (result.errors.length > 0) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
