import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { choose, openWorkbench, runCommand, screenshot, type Workbench } from './workbench';
import { until } from '../harness/wait';
import { diffFrames, webview } from './diffFrames';

const EDITOR = '.part.editor .monaco-editor';

describe('the release diff in the real VS Code workbench', () => {
  let wb: Workbench;
  before(async () => { wb = await openWorkbench(); });
  after(async () => { await wb?.close(); });

  it('compares two versions picked in the palette: panel with the planted regression on top, marks in the gutter', async () => {
    const { page } = wb;
    await page.locator('.statusbar-item', { hasText: 'cpu' }).first().waitFor();
    await runCommand(page, 'PerfLens: Compare Two Versions...');
    await choose(wb, 'Which service?', 'checkout');
    await choose(wb, 'Before: the version to compare against', 'v1');
    await choose(wb, 'After: the version to look at', 'v2');
    const frame = webview(page);

    // The flame graph tab comes first: the union of both call trees, applyTax coloured as risen (and beyond noise).
    const frames = await diffFrames(page, (f) => f.some((x) => x.name === 'main.applyTax'), 'applyTax is drawn');
    const tax = frames.find((f) => f.name === 'main.applyTax')!;
    assert.equal(tax.color, 'rose');
    assert.equal(tax.faded, false, 'the planted regression is beyond sampling noise');
    assert.ok(tax.delta > 10, `applyTax rose by ${tax.delta} pts`);
    assert.equal(await frame.locator('.tabs button[aria-selected="true"]').innerText(), 'Flame graph');
    const legend = (await frame.locator('.legend').innerText()).replace(/\s+/g, ' ');
    assert.match(legend, /fell.*0.*rose/);
    assert.match(legend, /within sampling noise/);
    // Hover: the tooltip spells the change out (colour is never the only signal).
    const canvas = await frame.locator('.diff-flame canvas').boundingBox();
    assert.ok(canvas, 'the canvas is on screen');
    await page.mouse.move(canvas.x + tax.x + Math.min(tax.w / 2, 40), canvas.y + tax.y + tax.h / 2);
    const tooltip = frame.locator('.tooltip:not([hidden])');
    await tooltip.waitFor();
    const tip = (await tooltip.innerText()).replace(/\s+/g, ' ');
    assert.match(tip, /main\.applyTax/);
    assert.match(tip, /▲ \+\d+\.\d pts \(\d+\.\d% → \d+\.\d%\)/);
    assert.match(tip, /beyond sampling noise/);
    await screenshot(page, 'diff-flamegraph');
    // Click: zoom to the frame and open its source beside the panel.
    await page.mouse.click(canvas.x + tax.x + Math.min(tax.w / 2, 40), canvas.y + tax.y + tax.h / 2);
    await page.locator('.tab', { hasText: 'tax.go' }).first().waitFor();
    await diffFrames(page, (f) => f.length > 0 && (f.find((x) => x.name === 'main.applyTax')?.w ?? 0) >= f[0].w - 1, 'the graph zooms into applyTax');
    await screenshot(page, 'diff-flamegraph-zoomed');

    await frame.locator('.tabs button', { hasText: 'Functions' }).click();
    const firstRow = frame.locator('tbody tr').first();
    await firstRow.waitFor();
    const row = (await firstRow.innerText()).replace(/\s+/g, ' ');
    assert.match(row, /main\.applyTax/);
    assert.match(row, /▲ \+\d+\.\d pts/);
    const regressions = (await frame.locator('.tops .top').first().innerText()).replace(/\s+/g, ' ');
    assert.match(regressions, /Biggest regressions.*main\.applyTax/);
    await screenshot(page, 'diff-panel');

    // Click through to the source: tax.go opens at the hot line, which carries the diff mark.
    await firstRow.click();
    await page.locator('.tab', { hasText: 'tax.go' }).first().waitFor();
    let marks: string[] = [];
    await until(async () => {
      marks = await page.evaluate((sel) => [...document.querySelectorAll(`${sel} .view-lines .view-line`)].flatMap((row) =>
        [...row.querySelectorAll('span[class*="ced-"]')].map((s) => getComputedStyle(s, '::after').content)
          .filter((c) => c.includes('pts')).map((c) => `${(row as HTMLElement).innerText.replace(/\u00a0/g, ' ')} ${c}`)), EDITOR);
      return marks.some((m) => m.includes('HOT:diff tax-series'));
    }, () => `a diff mark on the hot line; marks: ${JSON.stringify(marks)}`, { everyMs: 200 }).finally(() => screenshot(page, 'diff-gutter'));
    const hot = marks.find((m) => m.includes('HOT:diff tax-series'));
    assert.ok(hot, `the hot line carries a diff mark: ${JSON.stringify(marks)}`);
    assert.match(hot, /▲ \+[\d.]+ pts \([\d.]+% → [\d.]+%\)/);
  });
});
