// The Memory growth view in the real VS Code, on real heap snapshots of a leaking Go service (test/fixtures/growth:
// go-service run with -leak and scraped by the collector; capture-store.ts made them, store-provenance.txt says
// when and with what): the view ranks the planted leak (the line marked LEAK) first, the line carries the mark in
// the editor, and its hover shows the growth curve with the figures.
import * as assert from 'node:assert/strict';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { until } from '../harness/wait';
import { hoverUntil, openFileAt, openWorkbench, screenshot, type Workbench } from './workbench';

const EDITOR = '.part.editor .monaco-editor';
const fixtures = join(__dirname, '../fixtures/growth');
const source = readFileSync(join(fixtures, 'go-service/main.go'), 'utf8').split('\n');
const leakLine = source.findIndex((l) => l.includes('// LEAK')) + 1;

describe('the Memory growth view in the real VS Code', () => {
  let wb: Workbench;
  before(async () => {
    wb = await openWorkbench(undefined, undefined, {
      make: (workspace) => {
        cpSync(join(fixtures, 'go-service'), workspace, { recursive: true });
        cpSync(join(fixtures, 'store'), join(workspace, '.perflens/store'), { recursive: true });
      },
    });
  });
  after(async () => { await wb?.close(); });

  it('ranks the planted leak first, apart from the churn', async () => {
    const { page } = wb;
    await page.locator('.statusbar-item', { hasText: 'sessions' }).first().waitFor();
    await page.locator('.activitybar [aria-label^="PerfLens"]').first().click();
    const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Memory Growth' }) });
    // The view may be collapsed below the others: open it.
    const header = page.locator('.pane-header', { hasText: 'Memory Growth' });
    if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
    const rows = pane.locator('.monaco-list-row');
    await rows.filter({ hasText: 'Growing steadily' }).first().waitFor();
    const texts = async () => (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' '));
    let shown: string[] = [];
    // The groups are listed before the expanded leaks group's rows: wait for the row under the first group.
    const isGroup = (t: string | undefined) => t === undefined || /^(Growing steadily|Grew, not steadily|Churn:)/.test(t);
    await until(async () => !isGroup((shown = await texts())[1]), () => `the leaks group and its rows; rows: ${JSON.stringify(shown)}`);
    assert.match(shown[0], /^Growing steadily \(leaks\) ?1$/, JSON.stringify(shown));
    assert.match(shown[1], new RegExp(`main\\.handle ?leak \\+[\\d.]+ [kMG]?B/h [▁▂▃▄▅▆▇█]+ · growth/main\\.go:${leakLine}`, 'u'), JSON.stringify(shown));
    assert.ok(shown.some((t) => /^Churn: allocates much, keeps little ?\d+$/.test(t)), `the churn group: ${JSON.stringify(shown)}`);
    await screenshot(page, 'growth-view');
    // A click opens the leak's line.
    await rows.nth(1).click();
    await page.locator('.tab', { hasText: 'main.go' }).first().waitFor();
  });

  it('marks the leak\'s line and shows its growth curve with the figures in the hover', async () => {
    const { page } = wb;
    await openFileAt(page, 'main.go', leakLine);
    const text = source[leakLine - 1].trim().split('//')[0].trim();
    let marks: string[] = [];
    await until(async () => {
      marks = await page.evaluate((sel) => [...document.querySelectorAll(`${sel} .view-lines .view-line`)].flatMap((row) =>
        [...row.querySelectorAll('span[class*="ced-"]')].map((s) => getComputedStyle(s, '::after').content)
          .filter((c) => c.includes('◆ leak')).map((c) => `${(row as HTMLElement).innerText.replace(/\u00a0/g, ' ')} ${c}`)), EDITOR);
      return marks.length > 0;
    }, () => `a growth mark; marks: ${JSON.stringify(marks)}`, { everyMs: 200 });
    assert.equal(marks.length, 1, JSON.stringify(marks));
    assert.ok(marks[0].includes(text), `the mark is on the LEAK line: ${marks[0]}`);
    const line = page.locator(`${EDITOR} .view-line`, { hasText: text }).first();
    const hover = await hoverUntil(page, line.locator('span', { hasText: /\w/ }).last(), 'Memory growth');
    assert.match(hover, /Memory growth · inuse_space held at main\.handle \(growth\/main\.go:\d+\)/);
    assert.match(hover, /in use [▁▂▃▄▅▆▇█]{24} [\d.]+ [kMG]?B → [\d.]+ [kMG]?B over \d+ seconds \(24 snapshots\)/u);
    assert.match(hover, /after in use process total/);
    assert.match(hover, /Keeps \d+% of the [\d.]+ [kMG]?B it allocated over the window\..*a leak\./);
    await screenshot(page, 'growth-hover');
  });
});
