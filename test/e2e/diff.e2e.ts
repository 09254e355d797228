import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openWorkbench, runCommand, screenshot, type Workbench } from './workbench';

const EDITOR = '.part.editor .monaco-editor';

/** Type into the open quick pick and accept the row that matches. */
async function choose(wb: Workbench, text: string): Promise<void> {
  const input = wb.page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(text);
  await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first().waitFor({ timeout: 15_000 });
  await wb.page.keyboard.press('Enter');
}

describe('the release diff in the real VS Code workbench', () => {
  let wb: Workbench;
  before(async () => { wb = await openWorkbench(); });
  after(async () => { await wb?.close(); });

  it('compares two versions picked in the palette: panel with the planted regression on top, marks in the gutter', async () => {
    const { page } = wb;
    await page.locator('.statusbar-item', { hasText: 'cpu' }).first().waitFor({ timeout: 30_000 });
    await runCommand(page, 'PerfLens: Compare Two Versions...');
    await choose(wb, 'checkout');
    await choose(wb, 'v1');
    await choose(wb, 'v2');
    const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    const firstRow = frame.locator('tbody tr').first();
    await firstRow.waitFor({ timeout: 60_000 });
    const row = (await firstRow.innerText()).replace(/\s+/g, ' ');
    assert.match(row, /main\.applyTax/);
    assert.match(row, /▲ \+\d+\.\d pts/);
    const regressions = (await frame.locator('.tops .top').first().innerText()).replace(/\s+/g, ' ');
    assert.match(regressions, /Biggest regressions.*main\.applyTax/);
    await screenshot(page, 'diff-panel');

    // Click through to the source: tax.go opens at the hot line, which carries the diff mark.
    await firstRow.click();
    await page.locator('.tab', { hasText: 'tax.go' }).first().waitFor({ timeout: 15_000 });
    let marks: string[] = [];
    for (let i = 0; i < 50 && marks.length === 0; i++) {
      await page.waitForTimeout(200);
      marks = await page.evaluate((sel) => [...document.querySelectorAll(`${sel} .view-lines .view-line`)].flatMap((row) =>
        [...row.querySelectorAll('span[class*="ced-"]')].map((s) => getComputedStyle(s, '::after').content)
          .filter((c) => c.includes('pts')).map((c) => `${(row as HTMLElement).innerText.replace(/\u00a0/g, ' ')} ${c}`)), EDITOR);
    }
    await screenshot(page, 'diff-gutter');
    const hot = marks.find((m) => m.includes('HOT:diff tax-series'));
    assert.ok(hot, `the hot line carries a diff mark: ${JSON.stringify(marks)}`);
    assert.match(hot, /▲ \+[\d.]+ pts \([\d.]+% → [\d.]+%\)/);
  });
});
