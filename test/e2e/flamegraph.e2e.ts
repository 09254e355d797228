import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FrameLocator, Page } from 'playwright-core';
import { formatShare } from '../../src/core/format/units';
import { buildWorkspaceProfile } from '../../src/core/workspace/buildWorkspaceProfile';
import type { WorkspaceProfile } from '../../src/shared/workspaceProfile';
import { ArrayStrings } from '../../src/core/aggregate/mergedStrings';
import { serializeCallTree } from '../../src/core/aggregate/serialize';
import { buildModel } from '../../src/core/model/buildModel';
import { readProfileFile } from '../../src/core/profile/parse';
import { encodeAnnotations } from '../../src/core/aggregate/flameAnnotations';
import { openStandalonePage, sendData } from '../../bench/flamegraph/standalonePage';
import { loadFixture, nodesOf, type LoadedFixture } from '../unit/flamegraph/helpers';
import { openFile, openWorkbench, repoRoot, runCommand, screenshot, type Workbench } from './workbench';
// @ts-expect-error -- plain ESM helper
import { makeShopWorkspace } from '../harness/workspaces.mjs';
import { until } from '../harness/wait';

interface DebugFrame { name: string; node: number; depth: number; x: number; y: number; w: number; h: number; cls: string }

const SUM_PRICES = 'example.com/shop/pricing.SumPrices';
const FIB = 'example.com/shop/pricing.Fib';

/** 1-based line of a `// HOT:<tag>` marker in the shop sources: where the program's author says the cost is. */
function markerLine(file: string, tag: string): number {
  const lines = readFileSync(join(repoRoot, 'test/fixtures/go/shop', file), 'utf8').split('\n');
  return lines.findIndex((l) => l.includes(`// HOT:${tag}`)) + 1;
}

/** The shop CPU profile as the editor analyses it, for expected figures computed outside the webview. */
async function expectedProfile(): Promise<WorkspaceProfile> {
  const ws = makeShopWorkspace(mkdtempSync(join(tmpdir(), 'perflens-e2e-expected-')));
  try {
    const dir = join(ws, '.perflens/store/shop/v1/cpu');
    const sources = readdirSync(dir).map((f) => join(dir, f));
    return await buildWorkspaceProfile({
      sources, typeName: 'cpu', roots: [{ name: 'shop', path: ws }], pathMappings: [],
      allowGit: false, limits: { maxDecompressedBytes: 64 << 20, maxSamples: 1e7, maxStrings: 1e6 },
    }, buildModel(sources.map((s) => readProfileFile(s))));
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
}

const webview = (page: Page): FrameLocator => page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');

/** The frames the graph's canvas shows, from the page's read-only debug hook; waits until `ok` holds. */
async function visibleFrames(page: Page, role: string, ok: (frames: DebugFrame[], zoom: string) => boolean, what: string): Promise<DebugFrame[]> {
  const hook = webview(page).locator(`.flame-debug[data-role="${role}"]`);
  let frames: DebugFrame[] = [];
  let zoom = '';
  return until(async () => {
    if (await hook.count() === 0) return undefined;
    const text = (await hook.textContent()) ?? '';
    frames = text ? JSON.parse(text) as DebugFrame[] : [];
    zoom = (await hook.getAttribute('data-zoom')) ?? '';
    return ok(frames, zoom) && frames;
  }, () => `${what}; zoom ${zoom}; frames: ${frames.slice(0, 20).map((f) => f.name).join(', ')}`, { everyMs: 200 })
    .catch(async (e) => { await screenshot(page, `flamegraph-failed-${role}`); throw e; });
}

/** Page coordinates of the middle of a frame drawn on a view's canvas. */
async function frameCenter(page: Page, role: string, f: DebugFrame): Promise<{ x: number; y: number }> {
  const box = await webview(page).locator(`.flame-view[data-role="${role}"] canvas`).boundingBox();
  assert.ok(box, 'the canvas is on screen');
  return { x: box.x + f.x + Math.min(f.w / 2, 40), y: box.y + f.y + f.h / 2 };
}

describe('the flame graph in the real VS Code workbench (packaged .vsix)', () => {
  let wb: Workbench;
  let expected: WorkspaceProfile;
  before(async () => {
    expected = await expectedProfile();
    wb = await openWorkbench();
    await wb.page.locator('.statusbar-item', { hasText: 'cpu' }).first().waitFor();
  });
  after(async () => { await wb?.close(); });

  it('opens from the command palette and draws the shop profile: app, runtime and the hot functions', async () => {
    const { page } = wb;
    await runCommand(page, 'PerfLens: Show Flame Graph');
    const frames = await visibleFrames(page, 'graph', (f) => f.some((x) => x.name === SUM_PRICES), 'SumPrices is drawn');
    const byName = (n: string) => frames.find((f) => f.name === n);
    assert.equal(frames[0].name, 'shop v1 · cpu', 'the root frame names the profile');
    assert.equal(byName('main.main')?.cls, 'app');
    assert.equal(byName('runtime.main')?.cls, 'runtime');
    assert.equal(byName(SUM_PRICES)?.cls, 'app');
    // Widths: SumPrices' share of the root's width is its share of the profile.
    const sum = expected.functions.find((f) => f.name === SUM_PRICES)!;
    const ratio = byName(SUM_PRICES)!.w / frames[0].w;
    assert.ok(Math.abs(ratio - sum.cum / expected.total) < 0.01, `width share ${ratio} vs cost share ${sum.cum / expected.total}`);
    // The page reports its label contrast against the real theme's colours.
    const contrast = Number(await webview(page).locator('body').getAttribute('data-text-contrast'));
    assert.ok(contrast >= 4.5, `labels reach WCAG AA contrast (${contrast})`);
    await screenshot(page, 'flamegraph-default-theme');
  });

  it('hovering a frame shows its name, file:line, total and self with shares, and its samples', async () => {
    const { page } = wb;
    const frames = await visibleFrames(page, 'graph', (f) => f.some((x) => x.name === SUM_PRICES), 'SumPrices is drawn');
    const at = await frameCenter(page, 'graph', frames.find((f) => f.name === SUM_PRICES)!);
    await page.mouse.move(at.x, at.y);
    const tooltip = webview(page).locator('.tooltip:not([hidden])');
    await tooltip.waitFor();
    const text = (await tooltip.innerText()).replace(/\s+/g, ' ');
    const sum = expected.functions.find((f) => f.name === SUM_PRICES)!;
    assert.match(text, /example\.com\/shop\/pricing\.SumPrices/);
    assert.ok(text.includes(`pricing/prices.go:${markerLine('pricing/prices.go', 'cpu busy-loop')}`), `the hot line: ${text}`);
    assert.ok(text.includes(`Total 620 ms · ${formatShare(sum.cum, expected.total)} of all`), text);
    assert.ok(text.includes(`Self 620 ms · ${formatShare(sum.flat, expected.total)} of all`), text);
    assert.match(text, /Samples 62\b/, '10 ms per sample');
    await screenshot(page, 'flamegraph-tooltip');
  });

  it('clicking an application frame opens its file at the hot line in the editor', async () => {
    const { page } = wb;
    const frames = await visibleFrames(page, 'graph', (f) => f.some((x) => x.name === SUM_PRICES), 'SumPrices is drawn');
    const at = await frameCenter(page, 'graph', frames.find((f) => f.name === SUM_PRICES)!);
    await page.mouse.click(at.x, at.y);
    await page.locator('.tab.active', { hasText: 'prices.go' }).first().waitFor();
    const line = markerLine('pricing/prices.go', 'cpu busy-loop');
    await page.locator('.statusbar-item', { hasText: `Ln ${line},` }).first().waitFor();
    // The flame graph stays in view beside the editor, zoomed into the frame that was clicked.
    await visibleFrames(page, 'graph', (_f, zoom) => zoom === SUM_PRICES, 'the graph zoomed into SumPrices');
    await screenshot(page, 'flamegraph-open-source');
  });

  it('searches with a regular expression: matches stay bright, their share counts recursion once', async () => {
    const { page } = wb;
    const frame = webview(page);
    await frame.locator('.flame-view[data-role="graph"] canvas').click({ position: { x: 5, y: 5 } }); // the root: zoom out
    await page.keyboard.press('/');
    await page.keyboard.type('pricing\\.Fib$');
    const fib = expected.functions.find((f) => f.name === FIB)!;
    await frame.locator('.search-info', { hasText: `1 function · ${formatShare(fib.cum, expected.total)} of all` }).waitFor();
    await screenshot(page, 'flamegraph-search');
    await frame.locator('vscode-text-field.search').locator('input').fill('');
  });

  it('shows the sandwich of a function chosen in the editor ("Show in Flame Graph" in the hover)', async () => {
    const { page } = wb;
    const name = page.locator('.part.editor .monaco-editor .view-line', { hasText: 'func SumPrices(' }).locator('span', { hasText: 'SumPrices' }).first();
    await name.hover();
    const link = page.locator('.monaco-hover:visible a', { hasText: 'Show in Flame Graph' }).first();
    await link.waitFor();
    await link.click();
    const callers = await visibleFrames(page, 'callers', (f) => f.some((x) => x.name === 'main.runPhases'), 'the callers of SumPrices are drawn');
    assert.equal(callers[0].name, SUM_PRICES, 'the function is the base of its callers');
    await screenshot(page, 'flamegraph-sandwich');
    await webview(page).locator('.flame-view[data-role="callers"] canvas').focus();
    await page.keyboard.press('Escape'); // back to the whole graph
    await visibleFrames(page, 'graph', (f) => f.some((x) => x.name === 'shop v1 · cpu'), 'back to the graph');
  });

  it('keeps its zoom when hidden behind another editor and shown again, and across a reload of VS Code', async () => {
    const { page } = wb;
    const frames = await visibleFrames(page, 'graph', (f) => f.some((x) => x.name === 'runtime.main'), 'runtime.main is drawn');
    const at = await frameCenter(page, 'graph', frames.find((f) => f.name === 'runtime.main')!);
    await page.mouse.click(at.x, at.y);
    await visibleFrames(page, 'graph', (_f, zoom) => zoom === 'runtime.main', 'zoomed into runtime.main');
    // Hidden: another file opens in the panel's group (the page is dropped: retainContextWhenHidden is off).
    await page.locator('.tab', { hasText: 'Flame Graph' }).first().click();
    await openFile(page, 'main.go');
    assert.equal(await page.locator('iframe.webview.ready').count(), 0, 'the hidden page is gone');
    await page.locator('.tab', { hasText: 'Flame Graph' }).first().click();
    await visibleFrames(page, 'graph', (_f, zoom) => zoom === 'runtime.main', 'shown again, still zoomed into runtime.main');
    // As a person reloads VS Code: the workbench saves its state (the page's included) before it goes.
    await runCommand(page, 'Developer: Reload Window');
    await page.waitForEvent('load');
    await page.locator('.monaco-workbench').waitFor();
    const restored = await visibleFrames(page, 'graph', (f, zoom) => zoom === 'runtime.main' && f.some((x) => x.name === 'runtime.main'), 'the restored panel is zoomed into runtime.main');
    const main = restored.find((f) => f.name === 'runtime.main')!;
    assert.equal(main.x, 0);
    assert.ok(main.w >= restored[0].w - 1, 'the zoomed frame spans the width');
    await screenshot(page, 'flamegraph-restored');
  });

  it('follows the workbench to the other colour theme and stays readable there', async () => {
    const { page } = wb;
    const body = webview(page).locator('body');
    const kind = async () => ((await body.getAttribute('class')) ?? '').match(/vscode-(light|dark)/)?.[1];
    const before = await kind();
    await runCommand(page, 'Preferences: Toggle between Light/Dark Themes');
    const now = await until(async () => { const k = await kind(); return k !== before && k; }, 'the page to follow the theme');
    // The page restyles (and measures its labels' contrast) on the animation frame after the theme changes.
    await body.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const contrast = Number(await body.getAttribute('data-text-contrast'));
    assert.ok(contrast >= 4.5, `labels reach WCAG AA contrast in the ${now} theme (${contrast})`);
    await screenshot(page, `flamegraph-${now}`);
  });

  it('ignores messages from the page that are not part of its protocol, with a log line each, and keeps working', async () => {
    const { page } = wb;
    await visibleFrames(page, 'graph', (f) => f.length > 10, 'the graph is drawn');
    // Posted where the page's own messages go (VS Code's webview frame), as a broken or hostile page would.
    const outer = page.frames().find((f) => f.url().includes('/webview/') && f.url().includes('index.html') && f.childFrames().length > 0);
    assert.ok(outer, `the webview frame (frames: ${page.frames().map((f) => f.url()).join(', ')})`);
    await outer.evaluate(() => {
      const post = (window as unknown as { __vscode_post_message__(channel: string, data: unknown): void }).__vscode_post_message__;
      post('onmessage', { message: { kind: 'deleteEverything', id: 7, params: {} }, transfer: [] });
      post('onmessage', { message: { kind: 'data', params: {} }, transfer: [] });
      post('onmessage', { message: 'data', transfer: [] });
    });
    await runCommand(page, 'PerfLens: Show Log');
    const log = page.locator('.part.panel .view-lines');
    await log.filter({ hasText: 'ignored a message of unknown kind "deleteEverything"' }).first().waitFor();
    // Monaco renders spaces as no-break spaces, and newer VS Code wraps long log lines.
    const text = (await log.first().innerText()).replace(/\s+/g, ' ');
    assert.match(text, /flame graph page: ignored a "data" request without an id/);
    assert.match(text, /flame graph page: ignored a message without a kind/);
    await page.keyboard.press('Control+J');
    // Still answering: a hover on a frame shows its tooltip.
    const frames = await visibleFrames(page, 'graph', (f) => f.some((x) => x.name === 'runtime.main'), 'the graph is still drawn');
    const at = await frameCenter(page, 'graph', frames.find((f) => f.name === 'runtime.main')!);
    await page.mouse.move(at.x, at.y);
    await webview(page).locator('.tooltip:not([hidden])').waitFor();
  });
});

describe('the flame graph page itself in headless Chromium (same HTML, CSP and bundle; no VS Code around it)', () => {
  // Real data: the Go CPU fixture analysed against the shop sources, as the extension does.
  let fx: LoadedFixture;
  before(async () => { fx = await loadFixture('go/cpu.pb.gz', 'cpu'); });
  after(() => fx?.dispose());
  const header = { key: { sources: ['cpu.pb.gz'], type: 'cpu' }, title: 'shop · cpu', unit: 'nanoseconds', total: 0 };

  it('renders a function named like markup as text, and runs nothing from it', async () => {
    const evilName = '<img src=x onerror=alert(1)>';
    const t = fx.callTree;
    const names = Array.from({ length: t.strings.count }, (_, i) => t.strings.get(i));
    const sum = nodesOf(fx, SUM_PRICES)[0];
    names[t.functions.name[fx.base.fn[sum]]] = evilName;
    const p = await openStandalonePage();
    const dialogs: string[] = [];
    p.page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
    try {
      await sendData(p.page, { ...header, total: t.total[0] }, serializeCallTree({ ...t, strings: new ArrayStrings(names) }), encodeAnnotations(fx.annotations));
      const frames = await standaloneFrames(p.page, (f) => f.some((x) => x.name === evilName));
      const box = await p.page.locator('.flame-view[data-role="graph"] canvas').boundingBox();
      const f = frames.find((x) => x.name === evilName)!;
      await p.page.mouse.move(box!.x + f.x + 10, box!.y + f.y + f.h / 2);
      const tooltip = p.page.locator('.tooltip:not([hidden])');
      await tooltip.waitFor();
      assert.ok((await tooltip.textContent())!.includes(evilName), 'the tooltip shows the name as text');
      assert.equal(await p.page.locator('img').count(), 0, 'no element was made from the name');
      assert.ok(await p.page.locator('.table-row .col-name', { hasText: evilName }).count() > 0, 'the table shows it as text');
      assert.deepEqual(dialogs, []);
    } finally {
      await p.close();
    }
  });

  it('moves between frames with the arrow keys, zooms with Enter, goes back with Escape, searches with /', async () => {
    const p = await openStandalonePage();
    try {
      await sendData(p.page, { ...header, total: fx.base.total[0] }, serializeCallTree(fx.callTree), encodeAnnotations(fx.annotations));
      await standaloneFrames(p.page, (f) => f.length > 5);
      const widestChild = fx.functions.name(fx.base.fn[fx.base.children[fx.base.childStart[0]]]);
      await p.page.locator('.flame-view[data-role="graph"] canvas').focus();
      await p.page.keyboard.press('ArrowDown');
      const tooltip = p.page.locator('.tooltip:not([hidden]) .tooltip-title');
      await tooltip.filter({ hasText: widestChild }).waitFor();
      await p.page.keyboard.press('ArrowDown');
      await tooltip.filter({ hasText: /^main\.main$/ }).waitFor();
      await p.page.keyboard.press('Enter');
      await standaloneFrames(p.page, (_f, zoom) => zoom === 'main.main');
      await p.page.keyboard.press('Escape');
      await standaloneFrames(p.page, (_f, zoom) => zoom === 'shop · cpu');
      await p.page.keyboard.press('/');
      assert.equal(await p.page.evaluate(() => document.activeElement?.tagName), 'VSCODE-TEXT-FIELD');
    } finally {
      await p.close();
    }
  });

  it('collapses dependency and runtime code into one box per run with "App code only"', async () => {
    const p = await openStandalonePage({ theme: 'high-contrast' });
    try {
      await sendData(p.page, { ...header, total: fx.base.total[0] }, serializeCallTree(fx.callTree), encodeAnnotations(fx.annotations));
      await standaloneFrames(p.page, (f) => f.some((x) => x.name === 'runtime.main'));
      await p.page.locator('vscode-checkbox').click();
      const frames = await standaloneFrames(p.page, (f) => f.some((x) => x.name === '[runtime]'));
      assert.ok(frames.some((x) => x.name === 'main.main'), 'app frames keep their own boxes');
      assert.ok(!frames.some((x) => x.name.startsWith('runtime.')), 'no runtime function has a box of its own');
      await screenshot(p.page, 'flamegraph-standalone-high-contrast-app-only');
    } finally {
      await p.close();
    }
  });
});

async function standaloneFrames(page: Page, ok: (frames: DebugFrame[], zoom: string) => boolean): Promise<DebugFrame[]> {
  const hook = page.locator('.flame-debug[data-role="graph"]');
  let frames: DebugFrame[] = [];
  return until(async () => {
    const text = (await hook.textContent()) ?? '';
    frames = text ? JSON.parse(text) as DebugFrame[] : [];
    return ok(frames, (await hook.getAttribute('data-zoom')) ?? '') && frames;
  }, () => `what was expected on the page; frames: ${frames.slice(0, 15).map((f) => f.name).join(', ')}`);
}
