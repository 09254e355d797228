// The flame graph webview outside VS Code, in headless Chromium: the same HTML (and CSP) the panel serves,
// the bundled dist/webview/flamegraph.js, a theme's variables, and a stand-in for acquireVsCodeApi that records
// what the page posts. Used by the benchmark and by the e2e tests of the page itself.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { flameGraphHtml } from '../../src/webviews/flamegraph/html';
// @ts-expect-error -- plain ESM helper shared with the integration runner and the e2e tier
import { launchChromium } from '../../test/harness/vscode-server.mjs';

export const repoRoot = resolve(__dirname, '../..');
export type Theme = 'dark' | 'light' | 'high-contrast';

export interface StandalonePage {
  readonly page: Page;
  readonly browser: Browser;
  /** What the page posted to "VS Code" so far (src/rpc envelopes). */
  posted(): Promise<{ kind: string; [k: string]: unknown }[]>;
  close(): Promise<void>;
}

const BODY_CLASS: Record<Theme, string> = { dark: 'vscode-dark', light: 'vscode-light', 'high-contrast': 'vscode-high-contrast' };

function serve(theme: Theme): Promise<Server> {
  const nonce = 'bench-nonce-0123456789';
  const files: Record<string, { path: string; type: string }> = {
    '/flamegraph.js': { path: join(repoRoot, 'dist/webview/flamegraph.js'), type: 'text/javascript' },
    '/flamegraph.css': { path: join(repoRoot, 'media/flamegraph.css'), type: 'text/css' },
    '/theme.css': { path: join(repoRoot, 'bench/flamegraph/themes', `${theme}.css`), type: 'text/css' },
  };
  const server = createServer((req, res) => {
    const port = (server.address() as AddressInfo).port;
    const origin = `http://127.0.0.1:${port}`;
    if (req.url === '/favicon.ico') { res.writeHead(204).end(); return; }
    if (req.url === '/') {
      const html = flameGraphHtml({ cspSource: origin, scriptUri: `${origin}/flamegraph.js`, styleUri: `${origin}/flamegraph.css`, nonce, title: 'flame graph', debugHook: true })
        .replace('<link rel="stylesheet"', `<link rel="stylesheet" href="${origin}/theme.css"><link rel="stylesheet"`)
        .replace(/<body([^>]*)>/, `<body$1 class="${BODY_CLASS[theme]}">`);
      res.writeHead(200, { 'content-type': 'text/html' }).end(html);
      return;
    }
    const f = files[req.url ?? ''];
    if (!f) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'content-type': f.type }).end(readFileSync(f.path));
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

/** Opens the page (dist/webview/flamegraph.js must be built). `state`: what getState returns, as after a reload. */
export async function openStandalonePage(options: { theme?: Theme; width?: number; height?: number; state?: unknown } = {}): Promise<StandalonePage> {
  const server = await serve(options.theme ?? 'dark');
  const browser: Browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: options.width ?? 1400, height: options.height ?? 800 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => { errors.push(String(e)); if (process.env.PERFLENS_PAGE_LOG) console.error(String(e)); });
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); if (process.env.PERFLENS_PAGE_LOG) console.error(m.text()); });
  // A string, not a function: the page must not depend on helpers the TypeScript runner adds to functions.
  // __name: esbuild's keepNames helper, which tsx adds inside functions passed to page.evaluate.
  await page.addInitScript(`(() => {
    window.__name = (f) => f;
    window.__posted = [];
    window.__state = ${JSON.stringify(options.state ?? null)};
    // Answers the page's latest data request, as the host's endpoint does (an src/rpc reply; buffers moved).
    window.__reply = (result, transfer) => {
      const asked = window.__posted.filter((m) => m.kind === 'data').pop();
      window.postMessage({ kind: 'reply', id: asked.id, result }, '*', transfer || []);
    };
    window.acquireVsCodeApi = () => ({
      postMessage: (m) => window.__posted.push(m),
      getState: () => window.__state,
      setState: (s) => { window.__state = s; },
    });
  })();`);
  await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  // The page asks for its data first thing.
  await page.waitForFunction(() => (window as unknown as { __posted: { kind: string }[] }).__posted.some((m) => m.kind === 'data'));
  return {
    page,
    browser,
    posted: () => page.evaluate(() => (window as unknown as { __posted: { kind: string }[] }).__posted),
    async close() {
      await browser.close();
      await new Promise((ok) => server.close(ok));
      if (errors.length > 0) console.error(`page errors:\n${errors.join('\n')}`);
    },
  };
}

/** Answers the page's last data request with the two buffers, as the host does (base64 across the Playwright boundary). */
export async function sendData(page: Page, header: unknown, tree: ArrayBuffer, annotations: ArrayBuffer): Promise<void> {
  const b64 = (b: ArrayBuffer) => Buffer.from(b).toString('base64');
  await page.evaluate(({ header, tree, annotations }) => {
    const bytes = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0)).buffer;
    (window as unknown as { __reply(result: unknown): void }).__reply({ profile: header, source: { tree: bytes(tree), annotations: bytes(annotations) } });
  }, { header, tree: b64(tree), annotations: b64(annotations) });
}
