// "PerfLens: Compare..." in the real VS Code: two time windows of the store — the last hour against the hour before —
// of a service whose pricing.discount grew release by release every 20 minutes (the real Go CPU profile of the shop
// fixture, its samples multiplied by the release's number; everything else as measured). The panel's header shows
// both sides and the perflens diff command; in shares the planted function rose and the untouched SumPrices fell,
// toggled to per second of profiled time SumPrices did not move — in the table and in the flame graph. A window
// without profiles says so.
import * as assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { writeGrowingStore } from '../harness/growingStore';
import { diffFrames, webview, type DiffFrame } from './diffFrames';
import { choose, openWorkbench, runCommand, screenshot, type Workbench } from './workbench';
import { startFakePyroscope, type FakePyroscope } from '../unit/sources/helpers/fake-pyroscope';
// @ts-expect-error -- plain ESM helper
import { makeShopWorkspace } from '../harness/workspaces.mjs';

const GROWS = 'example.com/shop/pricing.discount';
const STEADY = 'example.com/shop/pricing.SumPrices';
/** The flame graph once the grown frame is drawn risen and the steady one as `steady` says. */
const flameWith = (page: Page, steady: DiffFrame['color']) => diffFrames(page,
  (frames) => frames.some((f) => f.name === GROWS && f.color === 'rose' && !f.faded) && frames.some((f) => f.name === STEADY && f.color === steady),
  `${GROWS} risen and ${STEADY} ${steady}`);

/** Runs "PerfLens: Compare..." and picks `preset` ("Compare what?"). */
async function compare(wb: Workbench, preset: string): Promise<void> {
  await runCommand(wb.page, 'PerfLens: Compare...');
  await choose(wb, 'Compare what?', preset);
}

/** Compares with `preset` and resolves with the text of the notification saying `says` (spaces collapsed). */
async function compareRefused(wb: Workbench, preset: string, says: string): Promise<string> {
  await compare(wb, preset);
  const toast = wb.page.locator('.notification-toast', { hasText: says });
  await toast.waitFor();
  return (await toast.innerText()).replace(/\s+/g, ' ');
}

describe('comparing any two selections in the real VS Code workbench', () => {
  let wb: Workbench;
  before(async () => {
    wb = await openWorkbench(undefined, undefined, {
      make: (workspace) => {
        cpSync(join(__dirname, '../fixtures/go/shop'), workspace, { recursive: true });
        // v1 an hour and a minute ago (the hour before), v2–v4 within the last hour.
        writeGrowingStore(join(workspace, '.perflens/store'), { service: 'shop', grows: GROWS, versions: 4, endMs: Date.now() - 60_000, stepMs: 20 * 60_000 });
      },
    });
  });
  after(async () => { await wb?.close(); });

  it('last hour vs the hour before: both sides in the header, the planted change, and the absolute view leaves the rest unchanged', async () => {
    const { page } = wb;
    await page.locator('.statusbar-item', { hasText: 'shop v4' }).first().waitFor();
    await compare(wb, 'Last hour vs the hour before');
    const frame = webview(page);

    const header = frame.locator('.comparison');
    await header.waitFor();
    const sides = (await header.locator('.side').allInnerTexts()).map((t) => t.replace(/\s+/g, ' '));
    assert.match(sides[0], /^before the hour before .*1 profile\(s\).*source Local store service shop type cpu version all versions time the hour before: \d{4}-\d\d-\d\d .*labels all samples/);
    assert.match(sides[1], /^after last hour .*3 profile\(s\).*time last hour: /);
    const command = await header.locator('.command code').innerText();
    assert.match(command, /^perflens diff --source \S+ --service shop --type cpu --base-from \S+Z --base-to \S+Z --head-from \S+Z --head-to \S+Z --root \S+$/);
    assert.match(await frame.locator('h2').innerText(), /Comparison · cpu · Last hour vs the hour before/);
    // The flame graph (the first tab) in shares: every frame off the grown stacks "fell".
    await flameWith(page, 'fell');
    await screenshot(page, 'compare-flame-shares');

    await frame.locator('.tabs button', { hasText: 'Functions' }).click();
    const row = (name: string) => frame.locator('tbody tr', { has: frame.locator('td:first-child', { hasText: new RegExp(`^${name.replace(/[.*()]/g, '\\$&')}$`) }) }).first();
    const text = async (name: string) => (await row(name).innerText()).replace(/\s+/g, ' ');
    await row(GROWS).waitFor();
    assert.match(await text(GROWS), /▲ \+\d+\.\d pts/);
    assert.match(await text(STEADY), /▼ −\d+\.\d pts/, 'in shares, the untouched function "improved"');
    await screenshot(page, 'compare-shares');

    await frame.locator('.mode-toggle button', { hasText: 'Per second' }).click();
    await frame.locator('.mode-toggle button[aria-pressed="true"]', { hasText: 'Per second' }).waitFor();
    assert.match(await text(GROWS), /▲ \+[\d.]+ ms\/s/);
    assert.match(await text(STEADY), /· \+0 ns\/s/, 'per second of profiled time, the untouched function did not move');
    assert.match(await frame.locator('.summary').innerText(), /cost per second of profiled time/);
    await screenshot(page, 'compare-per-second');
    // The flame graph follows: per second, the untouched function's frames are grey, the grown one still rose.
    await frame.locator('.tabs button', { hasText: 'Flame graph' }).click();
    const perSecond = await flameWith(page, 'neutral');
    assert.ok(perSecond.filter((f) => f.name === STEADY).every((f) => f.color === 'neutral' && f.delta === 0), 'per second, no frame of the untouched function moved');
    assert.match(await frame.locator('.diff-flame .legend-text').innerText(), /cost per second of profiled time/);
    await screenshot(page, 'compare-flame-per-second');
    await frame.locator('.tabs button', { hasText: 'Functions' }).click();

    // New / gone / changed: both windows hold the same functions, so none is new.
    await frame.locator('.presence-filter button', { hasText: 'New' }).click();
    await frame.locator('tbody tr', { hasText: 'No rows match the filter.' }).waitFor();
    await frame.locator('.presence-filter button', { hasText: 'Changed' }).click();
    await row(GROWS).waitFor();
    assert.equal(await row(STEADY).count(), 0, 'a function whose cost did not move is not "changed"');
    await frame.locator('.mode-toggle button', { hasText: 'Shares' }).click();
  });

  it('a window without profiles says which side and why', async () => {
    const text = await compareRefused(wb, 'Last hour vs the same hour yesterday', 'the before side (the same hour yesterday)');
    assert.match(text, /has no cpu profiles of shop between \d{4}-\d\d-\d\d \d\d:\d\d–/);
  });

  it('"Two sources..." with only the local store configured says what to add', async () => {
    const text = await compareRefused(wb, 'Two sources...', 'Comparing two sources needs two');
    assert.match(text, /Comparing two sources needs two: Local store is configured\. Add a Pyroscope or Parca server to the perflens\.sources setting\./);
  });
});

describe('comparing two sources in the real VS Code workbench: a Pyroscope server against the local store', () => {
  const SERVICE = 'checkout-edge';
  const SOURCE = 'Edge Pyroscope';
  const CPU = 'process_cpu:cpu:nanoseconds:cpu:nanoseconds';
  const fixture = (name: string) => readFileSync(join(__dirname, '../fixtures/diff', name));
  let server: FakePyroscope;
  let wb: Workbench;
  before(async () => {
    // The server has the checkout service's v1, the store its v2 (applyTax made slower), taken ten minutes ago.
    server = await startFakePyroscope({ data: { types: { [SERVICE]: [CPU] }, labels: {}, seen: {}, profiles: { [`${SERVICE}|${CPU}|`]: gunzipSync(fixture('v1-a.pb.gz')) } } });
    wb = await openWorkbench(undefined, undefined, {
      make: (workspace) => {
        makeShopWorkspace(workspace);
        const dir = join(workspace, '.perflens/store', SERVICE, 'v2/cpu');
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, `${Date.now() - 10 * 60_000}.pb.gz`), fixture('v2.pb.gz'));
        mkdirSync(join(workspace, '.vscode'), { recursive: true });
        writeFileSync(join(workspace, '.vscode/settings.json'), JSON.stringify({ 'perflens.sources': [{ name: SOURCE, url: `pyroscope+${server.url}` }] }));
      },
    });
  });
  after(async () => {
    await wb?.close();
    await server?.close();
  });

  it('"Two sources...": a source per side, the header names both, the planted change tops the table', async () => {
    const { page } = wb;
    await page.locator('.statusbar-item', { hasText: 'cpu' }).first().waitFor();
    await compare(wb, 'Two sources...');
    await choose(wb, 'Before: where are the profiles to compare against?', SOURCE);
    await choose(wb, 'After: where are the profiles to look at?', 'Local store');
    await choose(wb, 'The time range to compare, the same on both sides', 'Last hour');
    const frame = webview(page);
    const header = frame.locator('.comparison');
    await header.waitFor();
    const sides = (await header.locator('.side').allInnerTexts()).map((t) => t.replace(/\s+/g, ' '));
    assert.match(sides[0], new RegExp(`^before ${SOURCE} .*source ${SOURCE} service ${SERVICE} type cpu .*time last hour: `));
    assert.match(sides[1], new RegExp(`^after Local store .*source Local store service ${SERVICE} type cpu .*time last hour: `));
    const command = await header.locator('.command code').innerText();
    assert.match(command, new RegExp(`^perflens diff --base-source pyroscope\\+http://127\\.0\\.0\\.1:\\d+ --head-source \\S+ --service ${SERVICE} --type cpu --base-from \\S+Z --base-to \\S+Z --head-from \\S+Z --head-to \\S+Z --root \\S+$`));
    assert.match(await frame.locator('h2').innerText(), new RegExp(`Comparison · cpu · ${SOURCE} vs Local store`));
    await frame.locator('.tabs button', { hasText: 'Functions' }).click();
    const first = frame.locator('tbody tr').first();
    await first.waitFor();
    assert.match(await first.innerText(), /^main\.applyTax/);
    await screenshot(page, 'compare-two-sources');
    assert.equal(server.calls.filter((c) => c.method === 'SelectMergeProfile').length, 1, 'the server is asked for the before side only');
  });
});
