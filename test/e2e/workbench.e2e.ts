import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openFile, openWorkbench, runCommand, screenshot, type Workbench } from './workbench';
import { until } from '../harness/wait';
// @ts-expect-error -- plain ESM helper shared with the integration runner and the demo
import { vscodeVersion } from '../harness/vscode-server.mjs';

const EDITOR = '.part.editor .monaco-editor';

describe('the packaged PerfLens in the real VS Code workbench', () => {
  let wb: Workbench;
  before(async () => { wb = await openWorkbench(); });
  after(async () => { await wb?.close(); });

  it('runs "PerfLens: Show Log" from the command palette and shows its output', async () => {
    await runCommand(wb.page, 'PerfLens: Show Log');
    const panel = wb.page.locator('.part.panel .view-lines');
    await panel.filter({ hasText: 'activated' }).first().waitFor();
    // Monaco renders spaces as no-break spaces.
    const text = (await panel.first().innerText()).replace(/\u00a0/g, ' ');
    assert.match(text, new RegExp(`PerfLens \\d+\\.\\d+\\.\\d+ activated in VS Code ${vscodeVersion().replace(/\./g, '\\.')}`));
    await screenshot(wb.page, 'workbench-show-log');
    await wb.page.keyboard.press('Control+J'); // hide the panel again
  });

  it('draws heat and end-of-line figures on the hot lines of a file from the local store\'s profile', async () => {
    const { page } = wb;
    await page.locator('.statusbar-item', { hasText: 'cpu' }).first().waitFor();
    await openFile(page, 'prices.go');
    // End-of-line figures are ::after pseudo-elements of ced-* spans; find the lines that carry one.
    const figures = async () => page.evaluate((editorSel) => {
      const out: { line: string; figure: string }[] = [];
      for (const row of document.querySelectorAll(`${editorSel} .view-lines .view-line`)) {
        for (const span of row.querySelectorAll('span[class*="ced-"]')) {
          const c = getComputedStyle(span, '::after').content;
          if (c && c !== 'none' && c.includes('▲')) out.push({ line: (row as HTMLElement).innerText.replace(/\u00a0/g, ' '), figure: c });
        }
      }
      return out;
    }, EDITOR);
    let found: Awaited<ReturnType<typeof figures>> = [];
    // Figures appear once the worker has analysed the profile for this file.
    await until(async () => (found = await figures()).length > 0, 'end-of-line figures in prices.go').catch(() => {});
    const busy = found.find((f) => f.line.includes('HOT:cpu busy-loop'));
    assert.ok(busy, `the busy loop line carries a figure; figures on: ${JSON.stringify(found)}`);
    assert.match(busy.figure, /▲ [\d.]+ (ms|s) · [\d.]+%/);
    // The heat bar itself: whole-line overlay decorations with a coloured left border.
    const bars = await page.evaluate((editorSel) => [...document.querySelectorAll(`${editorSel} .view-overlays .cdr`)]
      .filter((el) => parseFloat(getComputedStyle(el).borderLeftWidth) >= 2).length, EDITOR);
    assert.ok(bars >= 2, `heat bars are drawn (${bars})`);
    // The code lens above the hot function (lenses render a moment after the heat).
    const lens = page.locator(`${EDITOR} .codelens-decoration`, { hasText: 'cpu' }).first();
    await lens.waitFor();
    assert.match((await lens.innerText()).replace(/\u00a0/g, ' '), /cpu [\d.]+% · [\d.]+ (ms|s) · self [\d.]+%/);
    await screenshot(wb.page, 'editor-heat');
  });

  it('shows the function\'s cost on hover', async () => {
    const { page } = wb;
    const name = page.locator(`${EDITOR} .view-line`, { hasText: 'func SumPrices(' }).locator('span', { hasText: 'SumPrices' }).first();
    await name.hover();
    const hover = page.locator('.monaco-hover:visible', { hasText: 'total (with callees)' }).first();
    await hover.waitFor();
    const text = (await hover.innerText()).replace(/\s+/g, ' ');
    assert.match(text, /SumPrices/);
    assert.match(text, /self [\d.]+ (ms|s) [\d.]+%/);
    await screenshot(wb.page, 'editor-hover');
  });
});
