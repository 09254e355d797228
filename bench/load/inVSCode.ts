// What the load benches share to run a driver inside the real VS Code: the driver bundled for the extension host,
// the workbench opened on a workspace with this repo's extension and the driver (VS Code's extensionTestsPath),
// and the extension's log kept after the run (the server removes its folder when it stops).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import type { Browser, Page } from 'playwright-core';

const root = resolve(__dirname, '../..');

interface Server {
  readonly dataDir: string;
  remote(path: string): string;
  workbenchUrl(folder: string, payload: [string, string][]): string;
}

/** Bundles a driver (its `run()` is called by VS Code's test runner) to `outDir/index.js`. */
export async function bundleDriver(entry: string, outDir: string): Promise<string> {
  const outfile = join(outDir, 'index.js');
  await esbuild.build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], logLevel: 'warning' });
  return outfile;
}

/**
 * Opens `folder` in the workbench with the extension and the driver; resolves with what `finished` resolves with (the
 * driver's report), or rejects when the extension host's run ends before it. `up`: the workbench is on screen.
 */
export async function runDriver<T>(browser: Browser, server: Server, folder: string, driver: string, finished: Promise<T>, up: (page: Page) => void = () => {}): Promise<T> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const exited = new Promise<number>((r) => page.exposeFunction('codeAutomationExit', (code: number) => r(code)));
  await page.exposeFunction('codeAutomationLog', () => {});
  await page.goto(server.workbenchUrl(folder, [['extensionDevelopmentPath', server.remote(root)], ['extensionTestsPath', server.remote(driver)]]));
  await page.locator('.monaco-workbench').waitFor({ timeout: 120_000 });
  up(page);
  return Promise.race([finished, exited.then((code): never => { throw new Error(`the extension host's run ended (code ${code}) before reporting`); })]);
}

/** Copies the extension's log of the run to $TMPDIR/<name> (for reading after the run). */
export function keepExtensionLog(server: Server, name: string, log: (line: string) => void): void {
  try {
    const logs = execFileSync('find', [server.dataDir, '-name', '*PerfLens.log'], { encoding: 'utf8' }).split('\n').filter(Boolean);
    const kept = join(tmpdir(), name);
    writeFileSync(kept, logs.map((f) => readFileSync(f, 'utf8')).join('\n'));
    log(`the extension's log: ${kept}`);
  } catch (e) {
    log(`the extension's log was not found: ${e instanceof Error ? e.message : String(e)}`);
  }
}
