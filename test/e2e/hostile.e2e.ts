// A hostile profile in the real VS Code: function names, file paths and labels carrying HTML, script, CSS and
// bidi-control payloads. Nothing may execute, no element may be made from them, and the text shows as text — in the
// status bar, the Hotspots view, hovers, the flame graph and the diff panel.
import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { Label, Profile, StringTable } from 'pprof-format';
import type { Page } from 'playwright-core';
import { choose, openFile, openWorkbench, repoRoot, runCommand, screenshot, type Workbench } from './workbench';

const IMG = '<img src=x onerror="window.__pwned=1">';
const SCRIPT = '<script>window.__pwned=2</script>';
const STYLE = '</style><style>*{display:none}</style>';
const BIDI = '\u202Egnp.evil\u202C';

/** A real Go CPU profile with its names replaced by payloads (replacing a string-table entry renames every use). */
function hostile(fixture: string, service: string): Buffer {
  const p = Profile.decode(gunzipSync(readFileSync(join(repoRoot, 'test/fixtures/go', fixture))));
  const strings = [...p.stringTable.strings];
  const rename = (from: string, to: string) => {
    const i = strings.indexOf(from);
    assert.ok(i > 0, `${fixture} names ${from}`);
    strings[i] = to;
  };
  rename('example.com/shop/pricing.SumPrices', `example.com/shop/pricing.${IMG}`);
  rename('example.com/shop/pricing.Fib', `example.com/shop/pricing.${SCRIPT}`);
  rename('main.runPhases', `main.${STYLE}${BIDI}`);
  // A runtime file renamed to markup: it maps nowhere, so it lands in "Not mapped" with its path shown.
  const runtimeFile = strings.findIndex((s) => /runtime\/proc\.go$/.test(s));
  strings[runtimeFile] = `${IMG}/proc.go`;
  // Labels are where the service name comes from.
  const key = strings.push('service_name') - 1;
  const value = strings.push(service) - 1;
  for (const s of p.sample) s.label = [new Label({ key, str: value })];
  // pprof-format caches each string's encoding: rebuild the table (same order, so every index stays valid).
  const table = new StringTable();
  for (const text of strings.slice(1)) assert.equal(table.dedup(text), strings.indexOf(text));
  p.stringTable = table;
  return gzipSync(p.encode());
}

async function pwned(page: Page): Promise<unknown[]> {
  const hits: unknown[] = [];
  for (const frame of page.frames()) {
    const v = await frame.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned).catch(() => undefined);
    if (v !== undefined) hits.push(v);
    const imgs = await frame.evaluate(() => document.querySelectorAll('img[src="x"]').length).catch(() => 0);
    if (imgs > 0) hits.push(`img in ${frame.url().slice(0, 60)}`);
  }
  return hits;
}

describe('a hostile profile in the real VS Code', () => {
  let wb: Workbench;
  const dialogs: string[] = [];
  const service = `shop${IMG}`;
  before(async () => {
    wb = await openWorkbench(undefined, (workspace) => {
      const store = join(workspace, '.perflens/store/shop');
      rmStore(workspace);
      for (const [version, fixture, ms] of [['v1', 'cpu.pb.gz', 1_700_000_000_000], ['v2', 'cpu-trimpath.pb.gz', 1_700_003_600_000]] as const) {
        mkdirSync(join(store, version, 'cpu'), { recursive: true });
        writeFileSync(join(store, version, 'cpu', `${ms}.pb.gz`), hostile(fixture, service));
      }
    });
    wb.page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
  });
  after(async () => { await wb?.close(); });

  it('shows the service label in the status bar as text', async () => {
    // The profile's status item, once loaded (while loading, a progress item names the file, whose path has /cpu/).
    const item = wb.page.locator('.statusbar-item', { hasText: 'cpu' }).filter({ hasNotText: 'loading' }).first();
    await item.waitFor();
    assert.ok((await item.innerText()).includes('<img src=x'), `the label is shown as text: ${await item.innerText()}`);
    assert.deepEqual(await pwned(wb.page), []);
  });

  it('lists payload-named functions and paths in the Hotspots view as text', async () => {
    const { page } = wb;
    await page.locator('.activitybar [aria-label*="PerfLens"]').first().click();
    const tree = page.locator('.pane-body .monaco-list-row');
    await tree.filter({ hasText: 'onerror' }).first().waitFor();
    const text = (await page.locator('.pane-body').first().innerText());
    assert.ok(text.includes(`pricing.${SCRIPT}`), `the script-named function is listed whole, as text:\n${text}`);
    assert.ok(text.includes('main.</style><style>*{display:none}</style>⟨U+202E⟩gnp.evil⟨U+202C⟩'), 'bidi controls are shown, not obeyed');
    await screenshot(page, 'hostile-hotspots');
    assert.deepEqual(await pwned(page), []);
  });

  it('hovers a hot line of the renamed function without running anything', async () => {
    const { page } = wb;
    await openFile(page, 'prices.go');
    const line = page.locator('.part.editor .monaco-editor .view-line', { hasText: 'HOT:cpu busy-loop' }).first();
    await line.waitFor();
    await line.locator('span').first().hover();
    await page.locator('.monaco-hover:visible', { hasText: 'This line' }).first().waitFor();
    await screenshot(page, 'hostile-hover');
    assert.deepEqual(await pwned(page), []);
  });

  it('draws the flame graph with the payloads as labels and tooltips, running none of them', async () => {
    const { page } = wb;
    await runCommand(page, 'PerfLens: Show Flame Graph');
    const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await frame.locator('.table-row .col-name', { hasText: 'onerror' }).first().waitFor();
    assert.ok(await frame.locator('.table-row .col-name', { hasText: '<script>' }).count() > 0, 'the script-named function is listed as text');
    await screenshot(page, 'hostile-flamegraph');
    assert.deepEqual(await pwned(page), []);
  });

  it('compares the two versions in the diff panel with the payloads as text', async () => {
    const { page } = wb;
    await runCommand(page, 'PerfLens: Compare Two Versions...');
    await choose(wb, 'Before: the version to compare against', 'v1');
    await choose(wb, 'After: the version to look at', 'v2');
    const frame = page.frameLocator('iframe.webview.ready >> nth=-1').frameLocator('#active-frame');
    await frame.locator('.tabs button', { hasText: 'Functions' }).first().click();
    await frame.locator('td', { hasText: 'onerror' }).first().waitFor();
    assert.ok(await frame.locator('td', { hasText: '<script>window.__pwned=2</script>' }).count() > 0, 'the script-named function is a table cell of text');
    await screenshot(page, 'hostile-diff');
    assert.deepEqual(await pwned(page), []);
    assert.deepEqual(dialogs, []);
  });
});

/** The sample workspace's own profiles would be loaded first; this test wants only the hostile ones. */
function rmStore(workspace: string): void {
  rmSync(join(workspace, '.perflens'), { recursive: true, force: true });
}
