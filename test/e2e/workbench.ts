// Drives the real VS Code workbench (code-server with the packaged .vsix installed) in headless Chromium, the way
// a person would: command palette, quick open, clicks. Screenshots go to test-results/e2e/.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
// @ts-expect-error -- plain ESM helper shared with the integration runner and the demo
import { codeServerDir, launchChromium, startVSCodeServer } from '../harness/vscode-server.mjs';
// @ts-expect-error -- plain ESM helper
import { makeShopWorkspace } from '../harness/workspaces.mjs';

export const repoRoot = resolve(__dirname, '../..');
export const screenshotDir = join(repoRoot, 'test-results', 'e2e');

export interface Workbench {
  page: Page;
  workspace: string;
  close(): Promise<void>;
}

/** Install the packaged extension into a fresh extensions folder (as `code --install-extension` would). */
function installVsix(extensionsDir: string): void {
  const vsix = join(repoRoot, 'perflens.vsix');
  if (!existsSync(vsix)) throw new Error(`missing ${vsix}: run \`npm run package\` first`);
  execFileSync(process.execPath, [join(codeServerDir(), 'out/node/entry.js'), '--extensions-dir', extensionsDir,
    '--install-extension', vsix], { stdio: 'pipe', timeout: 120_000 });
}

export interface WorkbenchOptions {
  /** Workspace trust on (the folder opens in Restricted Mode until the user trusts it); default off: trusted. */
  readonly workspaceTrust?: boolean;
  /** Make the workspace instead of copying `source` or making the shop (it gets an empty folder). */
  readonly make?: (workspace: string) => void;
}

/**
 * Open a workspace in code-server with the .vsix installed: a copy of `source`, or by default the sample shop
 * workspace (Go sources + profiles in the local store); `prepare` may change the workspace before VS Code opens it.
 */
export async function openWorkbench(source?: string, prepare?: (workspace: string) => void, options: WorkbenchOptions = {}): Promise<Workbench> {
  const data = mkdtempSync(join(tmpdir(), 'perflens-e2e-'));
  const workspace = join(data, 'workspace');
  if (source) cpSync(source, workspace, { recursive: true });
  else if (options.make) {
    mkdirSync(workspace);
    options.make(workspace);
  } else {
    mkdirSync(workspace);
    makeShopWorkspace(workspace);
  }
  prepare?.(workspace);
  const extensionsDir = join(data, 'ext');
  installVsix(extensionsDir);
  const server = await startVSCodeServer({ mode: 'code-server', workspace, extensionsDir, dataDir: data, workspaceTrust: options.workspaceTrust ?? false });
  const browser: Browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`${server.base}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  // Let the workbench finish restoring (extensions, layout) before typing into it: on a loaded machine the
  // extensions are registered well after the status bar shows, and until then the palette has no PerfLens command.
  await page.locator('.statusbar').waitFor();
  await page.locator('.activitybar [aria-label^="PerfLens"]').first().waitFor({ timeout: 120_000 });
  await page.waitForTimeout(2000);
  return {
    page,
    workspace,
    async close() {
      await browser.close();
      await server.stop();
      rmSync(data, { recursive: true, force: true });
    },
  };
}

/**
 * Open the quick input with `key` and type `text` into it. A webview that has just been clicked takes the focus
 * back a moment later, which closes the quick input as it opens: then press the key again (up to three times).
 */
async function typeInQuickInput(page: Page, key: string, text: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press(key);
    try {
      await input.fill(text, { timeout: 5_000 });
      return;
    } catch (e) {
      if (attempt >= 3) throw e;
    }
  }
}

/** Run a command from the command palette by its title, e.g. "PerfLens: Open Profile File...". */
export async function runCommand(page: Page, title: string): Promise<void> {
  await typeInQuickInput(page, 'F1', `>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
}

/** Open a workspace file with Quick Open and wait for its tab. */
export async function openFile(page: Page, name: string): Promise<void> {
  await typeInQuickInput(page, 'Control+P', name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
  await page.locator('.tab', { hasText: name }).first().waitFor();
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path });
  console.log(`screenshot: ${path}`);
  return path;
}
