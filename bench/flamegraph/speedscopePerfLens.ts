// PerfLens's side of the speedscope comparison, end to end on one profile file: the shipped profile worker builds
// the flame graph's buffers from the file (speedscopePerfLensWorker.ts, its own process, cold cache), then the
// flame graph page (standalonePage.ts: the panel's HTML, CSP and bundle) gets them as the reply to its data request and draws.
// Time = worker time + page time from the data message to the first animation frame with the chart on its canvas
// (the same probe as speedscope's). Not timed: the hop worker → extension host → webview, which in this bench is
// a chunked copy through the debugging protocol.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { openStandalonePage, repoRoot } from './standalonePage';
import { FIRST_PAINT_PROBE, tabMemory, watchProcesses, type ProcessMemory, type TabMemory } from './speedscopeProbe';

export interface WorkerRun {
  readonly workerMs: number;
  /** What the worker keeps after answering (its cache), over its idle self: V8 heap and ArrayBuffers. */
  readonly workerHeapBytes: number;
  readonly workerBuffersBytes: number;
  /** The worker process's peak RSS over its RSS before the request. */
  readonly peakRssGrowthBytes: number;
  readonly treeBytes: number;
  readonly annotationsBytes: number;
}

export type PerfLensRun =
  | {
    readonly ok: true;
    readonly worker: WorkerRun;
    /** Data message → first frame with the chart on the canvas (the probe), and the page's own firstRenderMs. */
    readonly pageMs: number;
    readonly pageReportedMs: number;
    readonly chromium: string;
    /** The page before the data (and before the buffers were copied in), and after its first render. */
    readonly idle: TabMemory;
    readonly loaded: TabMemory;
    /** RSS from before the buffers were copied in (so the peak includes the bench's chunked copy) to the end. */
    readonly processes: ProcessMemory;
  }
  | { readonly ok: false; readonly failure: string; readonly worker?: WorkerRun };

const CHUNK = 8 * 1024 * 1024;

/** Copies `bytes` into a fresh ArrayBuffer at `window[name]`, in chunks small enough for the protocol. */
async function copyIntoPage(page: Page, name: string, bytes: Buffer): Promise<void> {
  await page.evaluate(({ name, size }) => { (window as unknown as Record<string, unknown>)[name] = new Uint8Array(size); }, { name, size: bytes.length });
  for (let off = 0; off < bytes.length; off += CHUNK) {
    const b64 = bytes.subarray(off, off + CHUNK).toString('base64');
    await page.evaluate(({ name, off, b64 }) => {
      const target = (window as unknown as Record<string, Uint8Array>)[name];
      const s = atob(b64);
      for (let i = 0; i < s.length; i++) target[off + i] = s.charCodeAt(i);
    }, { name, off, b64 });
  }
}

/** Posts the copied buffers as the panel posts its data message and times the first render. */
function firstRender(page: Page): Promise<{ pageMs: number; pageReportedMs: number }> {
  return page.evaluate(async () => {
    const w = window as unknown as { __tree?: Uint8Array; __annotations?: Uint8Array; __firstPaint(selector: string, t0: number): Promise<number>; __reply(result: unknown, transfer: ArrayBuffer[]): void };
    const tree = w.__tree!.buffer;
    const annotations = w.__annotations!.buffer;
    w.__tree = w.__annotations = undefined;
    const t0 = performance.now();
    // The header as flameGraphPanel.ts builds it (its total is only used by the functions table and search shares);
    // the buffers are moved, not copied.
    w.__reply({ profile: { key: { sources: ['bench'], type: 'cpu' }, title: 'bench', unit: 'nanoseconds', total: 1 }, source: { tree, annotations } }, [tree as ArrayBuffer, annotations as ArrayBuffer]);
    const pageMs = await w.__firstPaint('.flame-view[data-role="graph"] canvas', t0);
    return { pageMs, pageReportedMs: Number(document.body.dataset.firstRenderMs) };
  });
}

/** `workerFile`: the profile worker bundle to run (a copy of dist/profile-worker.js taken when the run started). */
export async function runPerfLens(profile: string, sampleType: string, workerFile: string): Promise<PerfLensRun> {
  const out = mkdtempSync(join(tmpdir(), 'perflens-speedscope-'));
  try {
    let worker: WorkerRun;
    try {
      const { stdout } = await promisify(execFile)(process.execPath,
        ['--expose-gc', '--import', 'tsx', join(repoRoot, 'bench/flamegraph/speedscopePerfLensWorker.ts'), profile, sampleType, out, workerFile],
        { cwd: repoRoot, maxBuffer: 1 << 20 });
      worker = JSON.parse(stdout.trim().split('\n').at(-1)!) as WorkerRun;
    } catch (e) {
      return { ok: false, failure: `the worker failed: ${(e as { stderr?: string }).stderr?.trim() || String(e)}` };
    }
    const p = await openStandalonePage({ width: 1400, height: 900 });
    try {
      await p.page.evaluate(FIRST_PAINT_PROBE);
      const idle = await tabMemory(p.page);
      const watch = await watchProcesses(p.browser);
      try {
        await copyIntoPage(p.page, '__tree', readFileSync(join(out, 'tree.bin')));
        await copyIntoPage(p.page, '__annotations', readFileSync(join(out, 'annotations.bin')));
        const timing = await firstRender(p.page);
        await p.page.waitForTimeout(500);
        const loaded = await tabMemory(p.page);
        return { ok: true, worker, ...timing, chromium: p.browser.version(), idle, loaded, processes: watch.stop() };
      } finally {
        watch.stop();
      }
    } finally {
      await p.close();
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
