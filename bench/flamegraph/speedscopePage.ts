// speedscope 1.25.0 (the devDependency's static build) in the same headless Chromium as the flame graph benchmark,
// served from 127.0.0.1 (its profileURL loading refuses file://). One fresh browser per run, like a user opening
// speedscope and picking the file with its Browse button: the clock starts at the file input's change event and
// stops at the first animation frame whose flame chart canvas has the chart drawn on it.
import { createReadStream, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { chromium as playwright, type Browser } from 'playwright-core';
import { repoRoot } from './standalonePage';
import { FIRST_PAINT_PROBE, tabMemory, watchProcesses, type ProcessMemory, type TabMemory } from './speedscopeProbe';

export const SPEEDSCOPE_DIR = join(repoRoot, 'node_modules/speedscope/dist/release');
export type SpeedscopeView = 'time-ordered' | 'left-heavy';

export type SpeedscopeRun = {
  readonly chromium: string;
  /** The tab before the file is picked (speedscope's landing page). */
  readonly idle: TabMemory;
  /** RSS over the run; absent when the browser could not say. */
  readonly processes?: ProcessMemory;
} & (
  | {
    readonly ok: true;
    /** File input's change event → first frame with the flame chart drawn. */
    readonly firstPaintMs: number;
    /** speedscope's own console.time('import'): read, parse, build its profile model. */
    readonly importMs?: number;
    /** When the page first answered the runner after the chart (measured from just before the file was set). */
    readonly answersAfterMs: number;
    readonly loaded: TabMemory;
  }
  | {
    readonly ok: false;
    readonly failure: string;
    readonly afterMs: number;
    /** What Chromium printed about memory when the tab died (e.g. V8's "Fatal JavaScript out of memory"). */
    readonly browserLog: string[];
  }
);

const log = (m: string) => { if (process.env.PERFLENS_BENCH_LOG) console.error(`[speedscope] ${m}`); };

/**
 * test/harness/vscode-server.mjs launchChromium's arguments, launched as a server so the browser's stderr can be
 * read: when a tab dies, Chromium says why there (e.g. "V8 javascript OOM").
 */
async function launch(browserLog: string[]): Promise<{ browser: Browser; close(): Promise<void> }> {
  const server = await playwright.launchServer({
    executablePath: process.env.PERFLENS_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  server.process().stderr?.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      const said = line.replace(/^\[[^\]]*\]\s*/, '').trim().replace(/\.$/, '').slice(0, 300);
      if (/\bOOM\b|out of memory/i.test(said) && !browserLog.includes(said)) browserLog.push(said);
    }
  });
  const browser = await playwright.connect(server.wsEndpoint());
  return { browser, close: async () => { await browser.close(); await server.close(); } };
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.png': 'image/png', '.woff2': 'font/woff2' };

function serveSpeedscope(): Promise<Server> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const file = join(SPEEDSCOPE_DIR, path === '/' ? 'index.html' : path);
    if (!file.startsWith(SPEEDSCOPE_DIR)) { res.writeHead(403).end(); return; }
    try {
      const size = statSync(file).size;
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-length': size });
      createReadStream(file).pipe(res);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

/** Opens speedscope, hands it `profile` through its file input and waits (up to `timeoutMs`) for the chart. */
export async function runSpeedscope(profile: string, view: SpeedscopeView, timeoutMs: number): Promise<SpeedscopeRun> {
  const server = await serveSpeedscope();
  const browserLog: string[] = [];
  const { browser, close } = await launch(browserLog);
  let watch: Awaited<ReturnType<typeof watchProcesses>> | undefined;
  const chromium = browser.version();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    let importMs: number | undefined;
    let crashed = false;
    page.on('crash', () => { crashed = true; });
    page.on('console', (m) => {
      // speedscope times its own import with console.time('import') (read + parse + build the profile).
      const match = /^import: ([\d.]+) ?ms/.exec(m.text());
      if (match) importMs = Number(match[1]);
    });
    await page.addInitScript(`window.__name = (f) => f;
      ${FIRST_PAINT_PROBE}
      document.addEventListener('change', (e) => {
        if (!(e.target instanceof HTMLInputElement) || e.target.type !== 'file') return;
        const t0 = performance.now();
        window.__firstPaint('canvas[class]', t0).then((ms) => { window.__firstPaintMs = ms; });
      }, true);`);
    const port = (server.address() as AddressInfo).port;
    await page.goto(`http://127.0.0.1:${port}/${view === 'left-heavy' ? '#view=left-heavy' : ''}`);
    await page.waitForSelector('input[type=file]', { state: 'attached' });
    await page.waitForTimeout(500);
    const idle = await tabMemory(page);
    watch = await watchProcesses(browser);
    const started = Date.now();
    await page.setInputFiles('input[type=file]', profile);
    // Polled from here (not awaited in the page): a renderer that dies of memory must not hang the run.
    // (An evaluate waits while the page's main thread is busy importing, hence the race with the deadline.)
    for (;;) {
      const left = timeoutMs - (Date.now() - started);
      let deadline: ReturnType<typeof setTimeout> | undefined;
      const ms = crashed || left <= 0 ? undefined : await Promise.race([
        page.evaluate('window.__firstPaintMs').then((v) => v as number | undefined, () => undefined),
        new Promise<undefined>((ok) => { deadline = setTimeout(() => ok(undefined), left); }),
      ]);
      clearTimeout(deadline);
      const failure = crashed ? 'the tab crashed' : ms === undefined && Date.now() - started >= timeoutMs ? `no flame chart after ${Math.round(timeoutMs / 1000)} s` : undefined;
      if (failure) {
        const afterMs = Date.now() - started;
        // Chromium's message about a dead tab can come a moment after the crash event.
        await new Promise((ok) => setTimeout(ok, 1000));
        return { ok: false, failure, afterMs, browserLog, chromium, idle, processes: watch.stop() };
      }
      if (ms !== undefined) {
        const answersAfterMs = Date.now() - started;
        log(`first paint at ${ms} ms in the page; answered after ${answersAfterMs} ms`);
        // To see what the probe counted as drawn: PERFLENS_BENCH_SHOT=<folder>.
        if (process.env.PERFLENS_BENCH_SHOT) await page.screenshot({ path: join(process.env.PERFLENS_BENCH_SHOT, `speedscope-${view}-${Date.now()}.png`) });
        await page.waitForTimeout(500);
        const loaded = await tabMemory(page);
        log(`memory read after ${Date.now() - started} ms`);
        return { ok: true, firstPaintMs: ms, importMs, answersAfterMs, chromium, idle, loaded, processes: watch.stop() };
      }
      await new Promise((ok) => setTimeout(ok, 250));
    }
  } finally {
    watch?.stop();
    await close();
    server.closeAllConnections();
    await new Promise((ok) => server.close(ok));
  }
}
