// A vscode://perflens.perflens link handled by the real URI handler of the packaged extension in the real VS Code
// workbench. The browser workbench has no OS to hand it a link, so the test does what the OS does on the desktop:
// gives the link to VS Code's URL service — through "Developer: Open URL", whose input goes to the same
// IURLService.open an OS-delivered link reaches — and answers VS Code's own "Allow 'PerfLens' extension to open
// this URI?" question. The workspace is a Go service whose requests ran as spans (test/fixtures/spans), with its
// CPU profile in the local store: the link selects the samples of one endpoint by its span_name label.
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readProfileFile } from '../../src/core/profile/parse';
import { until } from '../harness/wait';
import { hoverUntil, linesWithFigures, openFile, openWorkbench, repoRoot, runCommand, screenshot, type Workbench } from './workbench';

const PROFILE_MILLIS = Date.UTC(2026, 11, 7, 7, 0, 0);
const FUNCTION_LINES = { search: 'func searchProducts(', checkout: 'func chargeCard(', background: 'plantedHotspot(start.Add(' } as const;

function makeSpansWorkspace(dest: string): void {
  const fixtures = join(repoRoot, 'test/fixtures/spans');
  copyFileSync(join(fixtures, 'main.go'), join(dest, 'main.go'));
  writeFileSync(join(dest, 'go.mod'), 'module perflens.test/go-service\n\ngo 1.25.0\n');
  const store = join(dest, '.perflens/store/go-service/v1/cpu');
  mkdirSync(store, { recursive: true });
  copyFileSync(join(fixtures, 'cpu.pb.gz'), join(store, `${PROFILE_MILLIS}.pb.gz`));
}

/** The first span of an endpoint in the fixture profile, read from its labels. */
function spanOf(name: string): string {
  const p = readProfileFile(join(repoRoot, 'test/fixtures/spans/cpu.pb.gz'));
  const { samples, labels, strings } = p;
  for (let s = 0; s < samples.count; s++) {
    const own = new Map<string, string>();
    for (let l = samples.labelStart[s]; l < samples.labelStart[s + 1]; l++) own.set(strings.get(labels.key[l]), strings.get(labels.str[l]));
    if (own.get('span_name') === name && own.has('span_id')) return own.get('span_id')!;
  }
  throw new Error(`no ${name} span in the fixture`);
}

const hasFigure = (lines: readonly string[], what: keyof typeof FUNCTION_LINES) => lines.some((l) => l.includes(FUNCTION_LINES[what]));

describe('a vscode:// link through the real URI handler', () => {
  let wb: Workbench;
  before(async () => { wb = await openWorkbench(undefined, undefined, { make: makeSpansWorkspace }); });
  after(async () => { await wb?.close(); });

  it('the hover of a function lists the endpoints (span names) that spend the most in it', async () => {
    const { page } = wb;
    // The store's whole profile loads on start-up: every endpoint and the background work have cost.
    await page.locator('.statusbar-item', { hasText: 'go-service' }).first().waitFor();
    await openFile(page, 'main.go');
    // Go to the function's line, so it is in view.
    const spinLine = 1 + readFileSync(join(repoRoot, 'test/fixtures/spans/main.go'), 'utf8').split('\n').findIndex((l) => l.startsWith('func spin('));
    await page.keyboard.press('Control+G');
    await page.locator('.quick-input-widget input').fill(`:${spinLine}`);
    await page.keyboard.press('Enter');
    const name = page.locator('.part.editor .monaco-editor .view-line', { hasText: 'func spin(' }).locator('span', { hasText: /^spin$/ }).last();
    const text = await hoverUntil(page, name, 'Spent in (span)').catch(async (e) => {
      await screenshot(page, 'link-hover-missing');
      throw e;
    });
    assert.match(text, /Spent in \(span\): (GET \/search|POST \/checkout) [\d.]+% · (GET \/search|POST \/checkout) [\d.]+%/);
    await screenshot(page, 'link-hover-span-names');
    await page.keyboard.press('Escape');
  });

  it('opens the file at the line with heat from the link\'s label selection, and shows the filter in the status bar', async () => {
    const { page } = wb;
    const line = 1 + readFileSync(join(repoRoot, 'test/fixtures/spans/main.go'), 'utf8').split('\n').findIndex((l) => l.includes(FUNCTION_LINES.search));
    const link = `vscode://perflens.perflens/open?file=main.go&line=${line}&service=go-service&type=cpu&labels=${encodeURIComponent('{span_name="GET /search"}')}`;

    await runCommand(page, 'Developer: Open URL');
    await page.locator('.quick-input-widget input').fill(link);
    await page.keyboard.press('Enter');
    // VS Code asks before an extension handles a link (as on the desktop); the user allows it.
    const dialog = page.locator('.monaco-dialog-box', { hasText: 'PerfLens' });
    await dialog.waitFor();
    await screenshot(page, 'link-allow-dialog');
    await dialog.locator('.monaco-button', { hasText: /^Open$/ }).click();

    await page.locator('.tab.active', { hasText: 'main.go' }).waitFor().catch(async (e) => {
      await screenshot(page, 'link-not-opened');
      throw e;
    });
    const filter = page.locator('.statusbar-item', { hasText: 'span_name="GET /search"' }).first();
    await filter.waitFor();
    let lines: string[] = [];
    await until(async () => {
      lines = await linesWithFigures(wb);
      return hasFigure(lines, 'search') && !hasFigure(lines, 'background');
    }, `heat of GET /search only in main.go (figures on: ${JSON.stringify(lines)})`);
    assert.ok(!hasFigure(lines, 'checkout'), `POST /checkout has no cost in the selection: ${JSON.stringify(lines)}`);
    // The cursor is on the link's line.
    const status = await page.locator('.statusbar-item', { hasText: /Ln \d+/ }).first().innerText();
    assert.match(status, new RegExp(`Ln ${line},`));
    await screenshot(page, 'link-span-name-heat');

  });

  it('"Profile of a Trace or Span..." shows only that span\'s samples: a POST /checkout span after the GET /search view', async () => {
    const { page } = wb;
    const spanId = spanOf('POST /checkout');
    await runCommand(page, 'PerfLens: Profile of a Trace or Span...');
    await page.locator('.quick-input-widget input').fill(spanId);
    await page.keyboard.press('Enter');
    await page.locator('.statusbar-item', { hasText: `span_id="${spanId}"` }).first().waitFor();
    let lines: string[] = [];
    await until(async () => {
      lines = await linesWithFigures(wb);
      return hasFigure(lines, 'checkout') && !hasFigure(lines, 'search') && !hasFigure(lines, 'background');
    }, `heat of span ${spanId} (POST /checkout) only (figures on: ${JSON.stringify(lines)})`);
    await screenshot(page, 'link-span-heat');
  });
});
