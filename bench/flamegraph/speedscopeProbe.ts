// What the speedscope comparison measures in a tab, the same way for both viewers: when the flame chart is first
// on screen (an animation-frame poll that reads the chart's canvas back), the tab's memory after load, and the
// RSS of the browser's processes.
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';

/**
 * Installs `window.__firstPaint(selector, t0)`: a promise of the time (ms since t0) of the first animation frame
 * in which the largest canvas matching `selector` has at least 200 pixels unlike its bottom-right corner (the
 * background) — i.e. the chart is drawn, not just laid out. Polls once per frame, so it is late by up to a frame.
 * A plain string: the pages must not depend on helpers the TypeScript runner adds to functions.
 */
export const FIRST_PAINT_PROBE = `(() => {
  window.__firstPaint = (selector, t0) => new Promise((resolve) => {
    const painted = () => {
      const canvases = [...document.querySelectorAll(selector)].filter((c) => c.width > 1 && c.height > 1);
      if (canvases.length === 0) return false;
      const c = canvases.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a));
      const ctx = c.getContext('2d', { willReadFrequently: true });
      if (!ctx) return false;
      const px = ctx.getImageData(0, 0, c.width, c.height).data;
      const end = px.length - 4;
      let differing = 0;
      for (let i = 0; i < px.length; i += 4) {
        if (px[i] !== px[end] || px[i + 1] !== px[end + 1] || px[i + 2] !== px[end + 2] || px[i + 3] !== px[end + 3]) {
          if (++differing >= 200) return true;
        }
      }
      return false;
    };
    const poll = () => { if (painted()) resolve(performance.now() - t0); else requestAnimationFrame(poll); };
    requestAnimationFrame(poll);
  });
})();`;

export interface TabMemory {
  /** V8 heap in use after a full GC. */
  readonly heapBytes: number;
  /** ArrayBuffer backing stores (typed arrays live outside the V8 heap). */
  readonly buffersBytes: number;
}

/** The tab's JavaScript memory after a full garbage collection (Chromium's Runtime.getHeapUsage). */
export async function tabMemory(page: Page): Promise<TabMemory> {
  const cdp = await page.context().newCDPSession(page);
  try {
    // Twice, a moment apart: ArrayBuffer backing stores are freed by a sweeper that can trail the collection.
    await cdp.send('HeapProfiler.collectGarbage');
    await new Promise((ok) => setTimeout(ok, 200));
    await cdp.send('HeapProfiler.collectGarbage');
    const u = await cdp.send('Runtime.getHeapUsage') as { usedSize: number; backingStorageSize?: number };
    return { heapBytes: u.usedSize, buffersBytes: u.backingStorageSize ?? 0 };
  } finally {
    await cdp.detach();
  }
}

export interface ProcessMemory {
  /** The tab's renderer before the profile: RSS. */
  readonly rendererIdleBytes: number;
  /** The tab's renderer: the highest peak RSS seen (sampled every 250 ms, so a renderer that dies is counted too). */
  readonly rendererPeakBytes: number;
  /** The GPU process's peak RSS (WebGL runs there, in SwiftShader with --disable-gpu). */
  readonly gpuPeakBytes: number;
}

const statusOf = (pid: number) => {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kB = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
    return { peak: kB('VmHWM'), rss: kB('VmRSS') };
  } catch {
    return undefined;
  }
};

/**
 * Watches the RSS (Linux /proc) of the browser's renderer and GPU processes from now on. One tab is open, so the
 * tab's renderer is the one that grows most; `stop` answers its idle RSS and peak, and the GPU process's peak.
 */
export async function watchProcesses(browser: Browser): Promise<{ stop(): ProcessMemory }> {
  const cdp = await browser.newBrowserCDPSession();
  const { processInfo } = await cdp.send('SystemInfo.getProcessInfo') as { processInfo: { type: string; id: number }[] };
  await cdp.detach();
  const watched = processInfo.filter((p) => p.type === 'renderer' || p.type === 'GPU')
    .map((p) => ({ ...p, idle: statusOf(p.id)?.rss ?? 0, peak: 0 }));
  const sample = () => { for (const p of watched) p.peak = Math.max(p.peak, statusOf(p.id)?.peak ?? 0); };
  sample();
  const timer = setInterval(sample, 250);
  return {
    stop() {
      clearInterval(timer);
      sample();
      const tab = watched.filter((p) => p.type === 'renderer').reduce((a, b) => (b.peak - b.idle > a.peak - a.idle ? b : a), { idle: 0, peak: 0 });
      return { rendererIdleBytes: tab.idle, rendererPeakBytes: tab.peak, gpuPeakBytes: Math.max(0, ...watched.filter((p) => p.type === 'GPU').map((p) => p.peak)) };
    },
  };
}
