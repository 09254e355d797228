// Trends in the real VS Code: a store whose service regresses step by step across six hourly releases (the real
// Go CPU profile of the shop fixture, pricing.discount's samples multiplied by the release's number) — the Trends
// view ranks pricing.discount first, the Hotspots view and the function's hover show its share as a sparkline.
import * as assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { writeGrowingStore } from '../harness/growingStore';
import { hoverUntil, openFile, openWorkbench, screenshot, type Workbench } from './workbench';

const EDITOR = '.part.editor .monaco-editor';
const SPARK = /[▁▂▃▄▅▆▇█]{2,}/u;

describe('trends in the real VS Code', () => {
  let wb: Workbench;
  before(async () => {
    wb = await openWorkbench(undefined, undefined, {
      make: (workspace) => {
        cpSync(join(__dirname, '../fixtures/go/shop'), workspace, { recursive: true });
        writeGrowingStore(join(workspace, '.perflens/store'), { service: 'shop', grows: 'example.com/shop/pricing.discount', versions: 6, endMs: Date.now() - 60_000 });
      },
    });
  });
  after(async () => { await wb?.close(); });

  it('the Trends view ranks the function that regressed at each release first', async () => {
    const { page } = wb;
    await page.locator('.statusbar-item', { hasText: 'shop v6' }).first().waitFor();
    await page.locator('.activitybar [aria-label^="PerfLens"]').first().click();
    const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Trends' }) });
    const rows = pane.locator('.monaco-list-row');
    await rows.filter({ hasText: 'discount' }).first().waitFor();
    const first = (await rows.first().innerText()).replace(/\s+/g, ' ');
    assert.match(first, /pricing\.discount/);
    assert.match(first, /\+\d+\.\d pts [▁▂▃▄▅▆▇█]{6} · \d+(\.\d+)?% → \d+(\.\d+)?%/u);
    await screenshot(page, 'trends-view');
  });

  it('the Hotspots view shows the function\'s sparkline', async () => {
    const pane = wb.page.locator('.pane', { has: wb.page.locator('.pane-header', { hasText: 'Hotspots' }) });
    const row = pane.locator('.monaco-list-row', { hasText: 'pricing.discount' }).first();
    await row.waitFor();
    assert.match(await row.innerText(), SPARK);
  });

  it('the function\'s hover shows its share over the history as a sparkline', async () => {
    const { page } = wb;
    await openFile(page, 'discount.go');
    const name = page.locator(`${EDITOR} .view-line`, { hasText: 'func discount(' }).locator('span', { hasText: /^discount$/ }).first();
    const text = await hoverUntil(page, name, 'cpu share');
    assert.match(text, /cpu share, 6 hours [▁▂▃▄▅▆▇█]{6} \d+(\.\d+)?% → \d+(\.\d+)?%/u);
    await screenshot(page, 'trends-hover');
  });
});
