// Drives the real VS Code workbench (code-server with the packaged .vsix installed) in headless Chromium, the way
// a person would: command palette, quick open, clicks. Screenshots go to test-results/e2e/.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
// @ts-expect-error -- plain ESM helper shared with the integration runner and the demo
import { codeServerDir, codeServerNode, launchChromium, startVSCodeServer } from '../harness/vscode-server.mjs';
// @ts-expect-error -- plain ESM helper
import { makeShopWorkspace } from '../harness/workspaces.mjs';
import { BUILD_DEADLINE_MS, DEADLINE_MS, until } from '../harness/wait';

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
  execFileSync(codeServerNode(), [join(codeServerDir(), 'out/node/entry.js'), '--extensions-dir', extensionsDir,
    '--install-extension', vsix], { stdio: 'pipe', timeout: BUILD_DEADLINE_MS });
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
  // Every wait below is for a condition; the deadline only says when something is broken.
  page.setDefaultTimeout(DEADLINE_MS);
  await page.goto(`${server.base}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator('.monaco-workbench').waitFor();
  // Let the workbench finish restoring (extensions, layout) before typing into it: on a loaded machine the
  // extensions are registered well after the status bar shows, and until then the palette has no PerfLens command.
  await page.locator('.statusbar').waitFor();
  await page.locator('.activitybar [aria-label^="PerfLens"]').first().waitFor();
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
 * Open the quick input with `key`, type `text` and wait until a row with `rowText` is listed. The list is filled
 * when the input opens: a command contributed by an extension still being registered (or a file still being
 * indexed) only shows when the input is opened again, and a webview that was just clicked takes the focus back,
 * closing the input as it opens. So: open, type, look for a few seconds; if the row is not there, close and
 * try again, until the deadline.
 */
async function pickInQuickInput(page: Page, key: string, text: string, rowText: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: rowText }).first();
  await until(async () => {
    if (!(await input.isVisible())) await page.keyboard.press(key);
    try {
      await input.fill(text, { timeout: 5_000 });
      await row.waitFor({ timeout: 5_000 });
      return true;
    } catch {
      await page.keyboard.press('Escape');
      return false;
    }
  }, `"${rowText}" to be listed in the quick input`);
  // Enter takes the focused row, which is not always the one asked for ("Compare..." beside "Compare Two
  // Versions..."): move down to it first.
  const focused = page.locator('.quick-input-list .monaco-list-row.focused');
  for (let i = 0; i < 20 && !((await focused.innerText().catch(() => '')).includes(rowText)); i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
}

/** Once the quick pick asks `question` (its placeholder), type into it and accept the row that matches. */
export async function choose(wb: Workbench, question: string, text: string): Promise<void> {
  // The question, not any open quick pick: the previous picker stays on screen until the next one replaces it, and
  // text typed into it then is lost.
  const input = wb.page.locator(`.quick-input-widget input[placeholder="${question}"]`);
  await input.waitFor();
  await input.fill(text);
  // Focused: the row Enter takes (listed is not enough while the filter has not been applied yet).
  await wb.page.locator('.quick-input-list .monaco-list-row.focused', { hasText: text }).first().waitFor();
  await wb.page.keyboard.press('Enter');
}

/** Run a command from the command palette by its title, e.g. "PerfLens: Open Profile File...". */
export async function runCommand(page: Page, title: string): Promise<void> {
  await pickInQuickInput(page, 'F1', `>${title}`, title);
}

/** Open a workspace file with Quick Open and wait for its tab. */
export async function openFile(page: Page, name: string): Promise<void> {
  await pickInQuickInput(page, 'Control+P', name, name);
  await page.locator('.tab', { hasText: name }).first().waitFor();
}

/** Open a workspace file with Quick Open at a line (`name:line`), scrolled into view. */
export async function openFileAt(page: Page, name: string, line: number): Promise<void> {
  await pickInQuickInput(page, 'Control+P', `${name}:${line}`, name);
  await page.locator('.tab', { hasText: name }).first().waitFor();
}

/** The text of the editor lines that carry a PerfLens end-of-line figure (▲ cost · share). */
export async function linesWithFigures(wb: Workbench): Promise<string[]> {
  return wb.page.evaluate((editorSel) => {
    const out: string[] = [];
    for (const row of document.querySelectorAll(`${editorSel} .view-lines .view-line`)) {
      for (const span of row.querySelectorAll('span[class*="ced-"]')) {
        const c = getComputedStyle(span, '::after').content;
        if (c && c !== 'none' && c.includes('▲')) out.push((row as HTMLElement).innerText.replace(/\u00a0/g, ' '));
      }
    }
    return out;
  }, '.part.editor .monaco-editor');
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path });
  console.log(`screenshot: ${path}`);
  return path;
}

/** Hovers `target` until a hover with `text` shows (what comes from the worker after the profile, such as trends, may be late). */
export async function hoverUntil(page: Page, target: Locator, text: string): Promise<string> {
  const hover = page.locator('.monaco-hover:visible', { hasText: text }).first();
  return until(async () => {
    await page.mouse.move(0, 0);
    // One attempt may find the target covered (a widget in the way) or the hover not yet answerable (the profile
    // still loading): move away and come back until the hover shows.
    if (!(await target.hover({ timeout: 5_000 }).then(() => true, () => false))) return undefined;
    try {
      await hover.waitFor({ timeout: 3_000 });
      return (await hover.innerText()).replace(/\s+/g, ' ');
    } catch {
      return undefined;
    }
  }, `a hover with "${text}"`);
}
