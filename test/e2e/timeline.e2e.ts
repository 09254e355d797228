import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FrameLocator, Page } from 'playwright-core';
import { openWorkbench, repoRoot, runCommand, screenshot, type Workbench } from './workbench';
// @ts-expect-error -- plain ESM helper
import { makeShopWorkspace, SHOP_PROFILE_MILLIS } from '../harness/workspaces.mjs';
import { until } from '../harness/wait';

const MIN = 60_000;
const T0 = SHOP_PROFILE_MILLIS as number;

/**
 * The shop workspace with a release history in its store: v1 at 10:00 (the workspace's own profile), 10:10 and
 * 10:20; v2 (deployed at 11:00) at 11:00 and 11:10. Start-up loads the newest version, v2.
 */
function workspaceWithHistory(): string {
  const ws = makeShopWorkspace(mkdtempSync(join(tmpdir(), 'perflens-e2e-timeline-src-')));
  const cpu = (version: string) => join(ws, '.perflens/store/shop', version, 'cpu');
  mkdirSync(cpu('v2'), { recursive: true });
  const go = (f: string) => join(repoRoot, 'test/fixtures/go', f);
  copyFileSync(go('cpu-trimpath.pb.gz'), join(cpu('v1'), `${T0 + 10 * MIN}.pb.gz`));
  copyFileSync(go('cpu-trimpath.pb.gz'), join(cpu('v1'), `${T0 + 20 * MIN}.pb.gz`));
  copyFileSync(go('cpu-trimpath.pb.gz'), join(cpu('v2'), `${T0 + 60 * MIN}.pb.gz`));
  copyFileSync(go('cpu.pb.gz'), join(cpu('v2'), `${T0 + 70 * MIN}.pb.gz`));
  return ws;
}

const webview = (page: Page): FrameLocator => page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');

describe('the time range and the flame graph timeline in the real workbench (packaged .vsix)', () => {
  let wb: Workbench;
  let source: string;
  before(async () => {
    source = workspaceWithHistory();
    wb = await openWorkbench(source);
    await wb.page.locator('.statusbar-item', { hasText: 'all of v2' }).first().waitFor();
  });
  after(async () => {
    await wb?.close();
    rmSync(source, { recursive: true, force: true });
  });

  it('the timeline shows a bar per profile coloured by version and the deploy of v2', async () => {
    const { page } = wb;
    await runCommand(page, 'PerfLens: Show Flame Graph');
    const strip = webview(page).locator('.timeline:not([hidden])');
    await strip.waitFor();
    const bars = strip.locator('rect.timeline-bar');
    await until(async () => (await bars.count()) === 5, 'five bars on the timeline (one per stored profile)');
    const versions = await bars.evaluateAll((els) => els.map((e) => (e as SVGElement).dataset.version));
    assert.deepEqual(versions, ['v1', 'v1', 'v1', 'v2', 'v2']);
    assert.equal(await strip.locator('line.timeline-boundary').count(), 1, 'one deploy');
    assert.deepEqual(await strip.locator('text.timeline-version').allTextContents(), ['v1', 'v2']);
    // The loaded files (v2) are highlighted; the v1 bars are dimmed.
    assert.equal(await strip.locator('rect.timeline-bar.outside').count(), 3);
    assert.match(await strip.locator('.timeline-label').innerText(), /all of v2 · 5 profiles of 2 versions/);
    await screenshot(page, 'timeline-newest-version');
  });

  it('dragging across the v1 bars loads those three profiles: panel, status bar and title follow', async () => {
    const { page } = wb;
    const strip = webview(page).locator('.timeline');
    const bars = strip.locator('rect.timeline-bar');
    const first = await bars.nth(0).boundingBox();
    const third = await bars.nth(2).boundingBox();
    assert.ok(first && third, 'the bars are on screen');
    await page.mouse.move(first.x + 1, first.y + first.height / 2);
    await page.mouse.down();
    await page.mouse.move((first.x + third.x) / 2, first.y + first.height / 2, { steps: 4 });
    await page.mouse.move(third.x + third.width - 1, third.y + third.height / 2, { steps: 4 });
    await page.mouse.up();
    try {
      await strip.locator('.timeline-label', { hasText: '2026-11-24 10:00–10:' }).waitFor();
    } catch (e) {
      await screenshot(page, 'timeline-drag-failed');
      throw new Error(`the label says "${await strip.locator('.timeline-label').innerText()}": ${String(e)}`);
    }
    assert.equal(await strip.locator('rect.timeline-bar.outside').count(), 2, 'now the v2 bars are outside');
    const status = page.locator('.statusbar-item', { hasText: '2026-11-24 10:00–10:' }).first();
    await status.waitFor();
    await page.locator('.tab', { hasText: 'Flame Graph: shop v1 · cpu' }).first().waitFor();
    await screenshot(page, 'timeline-dragged-v1');
  });

  it('"All" loads every profile on the timeline', async () => {
    const { page } = wb;
    const strip = webview(page).locator('.timeline');
    await strip.locator('.timeline-all').click();
    await strip.locator('.timeline-label', { hasText: 'all time' }).waitFor();
    assert.equal(await strip.locator('rect.timeline-bar.outside').count(), 0);
    await page.locator('.statusbar-item', { hasText: 'all time' }).first().waitFor();
    await screenshot(page, 'timeline-all');
  });
});
