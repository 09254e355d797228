// The flame graph's functions table grouped by a label, in the real VS Code: a column per value, more than fit beside
// the graph. Scrolled sideways to the last column, the function names stay in view (stuck to the left edge, over
// the columns passing under them) and each heading stays over its column; the arrow keys still move the selection
// and the sort chosen on a group column is kept when the panel is hidden and shown again.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Label, Profile } from 'pprof-format';
import type { FrameLocator, Locator } from 'playwright-core';
import { choose, openFile, openWorkbench, runCommand, screenshot, type Workbench } from './workbench';
import { until } from '../harness/wait';

const ENDPOINTS = Array.from({ length: 16 }, (_, i) => `GET /api/v1/resource-${String(i).padStart(2, '0')}`);

/** The shop's real CPU profile with an endpoint on every sample (16 of them, round robin), as pprof.Do would set. */
function labelShopProfile(workspace: string): void {
  const dir = join(workspace, '.perflens/store/shop/v1/cpu');
  for (const file of readdirSync(dir)) {
    const profile = Profile.decode(gunzipSync(readFileSync(join(dir, file))));
    const key = profile.stringTable.dedup('endpoint');
    profile.sample.forEach((s, i) => { s.label = [...s.label, new Label({ key, str: profile.stringTable.dedup(ENDPOINTS[i % ENDPOINTS.length]) })]; });
    writeFileSync(join(dir, file), gzipSync(profile.encode()));
  }
}

type Box = { left: number; right: number; top: number; bottom: number };
const boxOf = (l: Locator): Promise<Box> => l.evaluate((e) => {
  const r = e.getBoundingClientRect();
  return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
});

describe('the functions table grouped by a label (packaged .vsix)', () => {
  let wb: Workbench;
  let graph: FrameLocator;
  before(async () => {
    wb = await openWorkbench(undefined, labelShopProfile);
    await wb.page.locator('.statusbar-item', { hasText: 'cpu' }).first().waitFor();
    graph = wb.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  });
  after(async () => { await wb?.close(); });

  const heads = () => graph.locator('.table-header .table-sort.col-group');
  const body = () => graph.locator('.table-body');

  /** Groups the flame graph by endpoint; resolves with the group columns' headings once the table has them. */
  async function groupByEndpoint(): Promise<string[]> {
    await runCommand(wb.page, 'PerfLens: Show Flame Graph');
    await graph.locator('vscode-button', { hasText: 'Group by' }).click();
    await choose(wb, 'One root per value: the costliest 20, then the others together', 'endpoint');
    let titles: string[] = [];
    await until(async () => (titles = await heads().allInnerTexts()).filter((t) => ENDPOINTS.includes(t)).length >= 4, () => `a column per endpoint: ${JSON.stringify(titles)}`, { everyMs: 200 });
    return titles;
  }
  let columns = 0;

  it('keeps the function names in view, and each heading over its column, scrolled sideways to the last column', async () => {
    columns = (await groupByEndpoint()).length;
    await until(() => body().evaluate((b) => b.querySelectorAll('.table-row').length > 5), 'the table draws its rows', { everyMs: 200 });
    // The part of the table that scrolls sideways (whichever element that is), scrolled to its end.
    const table = graph.locator('.table-view .table-body, .table-view.grouped').filter({ has: graph.locator('.table-row') });
    const scrolling = async () => {
      for (const candidate of await table.all()) if (await candidate.evaluate((e) => e.scrollWidth > e.clientWidth + 200)) return candidate;
      return undefined;
    };
    const scroller = await scrolling();
    assert.ok(scroller, 'the columns do not fit beside the graph: the table scrolls sideways');
    await scroller.evaluate((b) => { b.scrollLeft = b.scrollWidth; });
    const lastHead = heads().last();
    const firstRow = graph.locator('.table-row').first();
    const name = firstRow.locator('.col-name');
    const lastCell = firstRow.locator('.col-group').last();
    // Scrolled to the end: the last column is in view, under its heading.
    let seen = '';
    await until(async () => {
      const [view, head, cell] = await Promise.all([scroller.evaluate((b) => {
        const r = b.getBoundingClientRect();
        return { left: r.left + b.clientLeft, right: r.left + b.clientLeft + b.clientWidth, scrolled: b.scrollLeft };
      }), boxOf(lastHead), boxOf(lastCell)]);
      seen = JSON.stringify({ view, head, cell });
      return view.scrolled > 0 && cell.right <= view.right + 0.5 && Math.abs(head.right - cell.right) < 1 && Math.abs(head.left - cell.left) < 1;
    }, () => `the last column in view, under its heading: ${seen}`, { everyMs: 200 }).catch(async (e) => { await screenshot(wb.page, 'flamegraph-table-grouped-failed'); throw e; });

    const view = await scroller.evaluate((b) => {
      const r = b.getBoundingClientRect();
      return { left: r.left + b.clientLeft, right: r.left + b.clientLeft + b.clientWidth, top: r.top, bottom: r.top + b.clientHeight };
    });
    const nameBox = await boxOf(name);
    assert.ok(nameBox.left >= view.left - 0.5 && nameBox.right <= view.right + 0.5 && nameBox.right - nameBox.left > 60,
      `the name cell is inside the table's view: ${JSON.stringify(nameBox)} in ${JSON.stringify(view)}`);
    // Not only there but on top: what is drawn at its middle is the name, not a figure scrolled under it.
    const text = (await name.innerText()).trim();
    assert.ok(text.length > 0);
    const onTop = await name.evaluate((e) => {
      const r = e.getBoundingClientRect();
      const at = document.elementFromPoint(r.left + 20, (r.top + r.bottom) / 2);
      return at !== null && e.contains(at);
    });
    assert.ok(onTop, `the name "${text}" is drawn over the columns scrolled under it`);
    const headName = await boxOf(graph.locator('.table-header .table-sort.col-name'));
    assert.ok(Math.abs(headName.left - nameBox.left) < 1 && headName.top >= view.top - 0.5, `"Function" stays over the names: ${JSON.stringify(headName)}`);
    await screenshot(wb.page, 'flamegraph-table-grouped-scrolled');

    // The keyboard still moves the selection, and the names stay in view with it.
    await lastCell.click();
    const selected = graph.locator('.table-row.selected .col-name');
    const first = await selected.innerText();
    await wb.page.keyboard.press('ArrowDown');
    await until(async () => (await selected.count()) === 1 && (await selected.innerText()) !== first, 'ArrowDown selects the next row', { everyMs: 100 });
    const selectedBox = await boxOf(selected);
    assert.ok(selectedBox.left >= view.left - 0.5 && selectedBox.right <= view.right + 0.5, 'the selected row\'s name is in view');
    assert.ok(await scroller.evaluate((b) => b.scrollLeft > 0), 'the table stays scrolled to the last columns');
  });

  it('sorts by the last group column, and keeps that sort when the panel is hidden and shown again', async () => {
    const last = heads().last();
    const title = await last.innerText();
    await last.click();
    await until(async () => (await last.getAttribute('aria-sort')) === 'descending', `the table sorted by ${title}`, { everyMs: 100 });
    await wb.page.locator('.tab', { hasText: 'Flame Graph' }).first().click();
    await openFile(wb.page, 'main.go');
    await wb.page.locator('.tab', { hasText: 'Flame Graph' }).first().click();
    await until(async () => (await heads().count()) === columns, 'the grouped table shown again', { everyMs: 200 });
    const sorted = graph.locator('.table-header .table-sort[aria-sort="descending"]');
    await until(async () => (await sorted.count()) === 1 && (await sorted.innerText()) === title, `still sorted by ${title}`, { everyMs: 200 });
    await screenshot(wb.page, 'flamegraph-table-grouped-sorted');
  });
});
