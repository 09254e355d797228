// Load on the extension in the real VS Code: ten flame graph panels on a workspace whose local store holds an 80 MB
// (uncompressed) Go heap profile, each panel a different (files, sample type) key that includes it. Checks that no
// data is lost (every panel's tree total equals the files' total for its type, from the core decoder), and reports
// the extension host's memory (RSS of the host process plus its profile worker process; their heaps and buffers
// through the extension's internal perflens.flameGraph.describeMemory), the Chromium renderers' memory and
// responsiveness (hover round trip, the extension host's event loop, the workbench's frames) with no panel, ten panels, after switching through their tabs,
// after closing them all, and a minute later. Cycles repeat, so a leak shows as growth from one cycle to the next.
// About five minutes per cycle on 2 cores.
//   node --import tsx bench/load/flamegraphs.ts [--mb 80] [--cycles 3] [--no-build] [--save]
// --save writes bench/load/flamegraphs-results.json; the extension's log of the run is left in $TMPDIR.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
// @ts-expect-error -- plain ESM helper shared with the integration runner
import { launchChromium, startVSCodeServer } from '../../test/harness/vscode-server.mjs';
import { chromiumMemory, descendants, hostAndWorkers, peakRssMB, resetPeak, rssMB, sumOf } from './flamegraphsProcesses';
import { CONTROL_FILE, type Control, type InHostResult, type Snapshot } from './flamegraphsProtocol';
import { makeLoadWorkspace } from './flamegraphsWorkspace';
import { bundleDriver, keepExtensionLog, runDriver } from './inVSCode';

const root = resolve(__dirname, '../..');
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const MB = arg('mb', 80);
const CYCLES = arg('cycles', 3);
const log = (s: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${s}`);
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function workbenchFrameMs(page: Page): Promise<{ median: number; max: number }> {
  const times: number[] = [];
  for (let i = 0; i < 15; i++) {
    const t = performance.now();
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
    times.push(performance.now() - t);
  }
  return { median: Math.round(median(times) * 10) / 10, max: Math.round(Math.max(...times) * 10) / 10 };
}

async function main(): Promise<void> {
  if (!process.argv.includes('--no-build')) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  const data = mkdtempSync(join(tmpdir(), 'perflens-fgload-'));
  const inHost = await bundleDriver(join(__dirname, 'flamegraphsInHost.ts'), join(data, 'in-host'));
  const workspace = makeLoadWorkspace(join(data, 'workspace'), MB * 1e6, log);

  // The orchestrator's end of the control channel, and the memory sampler.
  let hostPid = 0;
  let browserPid = 0;
  let serverPid = 0;
  let page: Page | undefined;
  let phase = 'start-up';
  const peaks = new Map<string, { extensionHostMB: number; renderersMB: number; largestRendererMB: number }>();
  const sample = () => {
    if (!hostPid || !browserPid) return;
    const c = chromiumMemory(browserPid);
    const p = peaks.get(phase) ?? { extensionHostMB: 0, renderersMB: 0, largestRendererMB: 0 };
    peaks.set(phase, {
      extensionHostMB: Math.max(p.extensionHostMB, sumOf(hostAndWorkers(hostPid), peakRssMB)),
      renderersMB: Math.max(p.renderersMB, c.renderersMB),
      largestRendererMB: Math.max(p.largestRendererMB, c.largestRendererMB),
    });
  };
  const sampler = setInterval(sample, 500);
  let finish: (r: InHostResult) => void = () => {};
  const finished = new Promise<InHostResult>((r) => { finish = r; });
  const http = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', async () => {
      const msg = JSON.parse(body || '{}');
      let reply: unknown = {};
      if (req.url === '/log') log(`  host: ${msg.line}`);
      else if (req.url === '/phase') {
        sample();
        phase = msg.name;
        if (hostPid) for (const pid of hostAndWorkers(hostPid)) resetPeak(pid);
        log(`phase: ${phase}`);
      } else if (req.url === '/snapshot') {
        hostPid = msg.pid;
        sample();
        reply = {
          extensionHostMB: sumOf(hostAndWorkers(hostPid), rssMB), extensionHostPeakMB: sumOf(hostAndWorkers(hostPid), peakRssMB), serverMB: rssMB(serverPid),
          chromium: chromiumMemory(browserPid), workbenchFrameMs: page ? await workbenchFrameMs(page) : { median: 0, max: 0 },
        } satisfies Snapshot;
      } else if (req.url === '/done') finish(msg);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(reply));
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const address = http.address() as { port: number };
  writeFileSync(join(workspace.folder, CONTROL_FILE), JSON.stringify({
    url: `http://127.0.0.1:${address.port}`, service: workspace.service, version: workspace.version, panels: workspace.panels,
    hoverFile: workspace.hoverFile, hoverLine: workspace.hoverLine, cycles: CYCLES,
  } satisfies Control));

  const server = await startVSCodeServer({ mode: 'oss' });
  serverPid = descendants(process.pid).find((p) => p.cmdline.includes('server-main.js'))?.pid ?? 0;
  const browser = await launchChromium();
  browserPid = descendants(process.pid).find((p) => /chrom/.test(p.cmdline) && !p.cmdline.includes('--type='))?.pid ?? 0;
  let result: InHostResult | undefined;
  const started = Date.now();
  try {
    result = await runDriver(browser, server, workspace.folder, inHost, finished, (workbench) => { page = workbench; });
  } finally {
    clearInterval(sampler);
    await browser.close();
    // The extension's own log (what each flame graph cost in the worker), kept for reading after the run.
    keepExtensionLog(server, 'perflens-fgload-extension.log', log);
    await server.stop();
    http.close();
    rmSync(data, { recursive: true, force: true });
  }

  const opens = result.opens;
  const figures = {
    date: new Date().toISOString().slice(0, 10),
    machine: `${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}, VS Code server (code-server 4.100.3), headless Chromium (--disable-gpu)`,
    minutes: Math.round((Date.now() - started) / 6000) / 10,
    profile: {
      uncompressedMB: Math.round(workspace.big.bytes / 1e5) / 10, gzippedMB: Math.round(workspace.big.gzipBytes / 1e5) / 10,
      samples: workspace.big.samples, sampleTypes: 4, functions: 60_000,
      otherFiles: 'two 12 MB heap profiles of the same service, 10 and 20 minutes later',
    },
    panels: workspace.panels.map((p) => ({ type: p.type, files: p.sources.length, expectedTotal: p.expectedTotal })),
    dataLost: {
      panelsChecked: opens.length,
      wrongTotals: opens.filter((o) => o.total !== o.expectedTotal).length,
      errors: result.errors,
    },
    openMs: { median: median(opens.map((o) => o.ms)), max: Math.max(...opens.map((o) => o.ms)) },
    treeNodes: { median: median(opens.map((o) => o.nodes)), max: Math.max(...opens.map((o) => o.nodes)) },
    sentMB: { median: Math.round(median(opens.map((o) => o.bytes)) / 1e5) / 10, max: Math.round(Math.max(...opens.map((o) => o.bytes)) / 1e5) / 10 },
    tabSwitchMs: { median: median(result.tabSwitches.map((t) => t.ms)), max: Math.max(0, ...result.tabSwitches.map((t) => t.ms)) },
    eventLoopLateMs: result.eventLoopLateMs,
    measurements: result.measurements,
    phasePeaks: Object.fromEntries(peaks),
    opens,
    tabSwitches: result.tabSwitches,
  };
  console.log(JSON.stringify(figures, null, 2));
  if (process.argv.includes('--save')) writeFileSync(join(__dirname, 'flamegraphs-results.json'), `${JSON.stringify(figures, null, 2)}\n`);
  if (result.errors.length > 0) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
