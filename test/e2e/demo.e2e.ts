// The README's main job, as CI runs it: `npm run demo -- --no-open` collects real profiles of the sample service
// across two releases; the planted regression must top `perflens diff`, and the demo workspace must show heat, the
// flame graph and the release diff in the real VS Code.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { hoverUntil, openFile, openWorkbench, repoRoot, runCommand, screenshot, type Workbench } from './workbench';
import { BUILD_DEADLINE_MS, until } from '../harness/wait';

const workspace = join(repoRoot, '.demo', 'workspace');
const store = join(workspace, '.perflens', 'store', 'shop');
/** Resolves once the page's flame graph (`role`: graph or diff) has drawn frames (its read-only debug hook). */
async function framesDrawn(page: FrameLocator, role: 'graph' | 'diff'): Promise<void> {
  const hook = page.locator(`.flame-debug[data-role="${role}"]`);
  await until(async () => (await hook.count()) > 0 && ((JSON.parse((await hook.textContent()) || '[]') as unknown[]).length > 0),
    `the ${role} flame graph to draw its frames`, { everyMs: 200 });
}

const profiles = (version: string) => readdirSync(join(store, version, 'cpu')).map((f) => join(store, version, 'cpu', f));

// The demo profiles a real service for half a minute: it runs once, on the oldest VS Code engines allows (every
// other e2e file runs on the newest too), which keeps a fresh machine's npm test inside its time budget.
const onceOnly = (process.env.PERFLENS_VSCODE ?? 'min') !== 'min' && 'the demo runs once, on the oldest VS Code';

describe('npm run demo -- --no-open', { skip: onceOnly }, () => {
  before(() => {
    execFileSync(process.execPath, [join(repoRoot, 'scripts/demo.mjs'), '--no-open', '--seconds', '15'], { cwd: repoRoot, stdio: 'inherit', timeout: BUILD_DEADLINE_MS });
  });

  it('collects both releases into the store, and the planted regression tops perflens diff', () => {
    assert.ok(profiles('v1').length >= 2 && profiles('v2').length >= 2, 'several CPU profiles per release');
    const out = execFileSync(process.execPath, [join(repoRoot, 'dist/cli.js'), 'diff', '--base', ...profiles('v1'), '--head', ...profiles('v2'), '--root', workspace, '--json'], { encoding: 'utf8' });
    const diff = JSON.parse(out);
    const top = diff.functions[0];
    assert.match(top.function, /^main\.(matchesQuery|newMatcher)$/, `top regression: ${top.function}`);
    assert.equal(top.significant, true);
    assert.equal(top.file, 'search.go');
    // v2 is a real commit of the demo workspace: the regression names it, and not the unrelated commit beside it.
    assert.deepEqual([diff.commits.base, diff.commits.head], ['v1', 'v2']);
    const planted = execFileSync('git', ['log', '-1', '--format=%H', '--grep', 'matchesQuery', 'v2'], { cwd: workspace, encoding: 'utf8' }).trim();
    const matches = diff.functions.find((f: { function: string }) => f.function === 'main.matchesQuery');
    assert.deepEqual(matches.commits.map((c: { hash: string; subject: string }) => [c.hash, c.subject]), [[planted, 'search: match each product with matchesQuery']]);
  });

  describe('the demo workspace in VS Code', () => {
    let wb: Workbench;
    before(async () => { wb = await openWorkbench(workspace); });
    after(async () => { await wb?.close(); });

    it('shows heat on the search code, the flame graph, and the v1 → v2 diff', async () => {
      const { page } = wb;
      await page.locator('.statusbar-item', { hasText: 'shop v2' }).first().waitFor();
      await openFile(page, 'search.go');
      await page.locator('.part.editor .monaco-editor .codelens-decoration', { hasText: 'cpu' }).first().waitFor();
      await screenshot(page, 'demo-heat');
      await runCommand(page, 'PerfLens: Show Flame Graph');
      await framesDrawn(page.frameLocator('iframe.webview.ready').frameLocator('#active-frame'), 'graph');
      await screenshot(page, 'demo-flamegraph');
      await runCommand(page, 'PerfLens: Compare with Previous Release');
      const diffPage = page.frameLocator('iframe.webview.ready >> nth=-1').frameLocator('#active-frame');
      await framesDrawn(diffPage, 'diff');
      await screenshot(page, 'demo-diff-flamegraph');
      await diffPage.locator('.tabs button', { hasText: 'Functions' }).first().click();
      const row = diffPage.locator('tbody tr').first();
      await row.waitFor();
      assert.match(await row.innerText(), /main\.(matchesQuery|newMatcher)/);
      await screenshot(page, 'demo-diff');
    });

    it('shows the planted function\'s share over the demo\'s history as a sparkline in its hover', async () => {
      const { page } = wb;
      await openFile(page, 'search.go');
      const name = page.locator('.part.editor .monaco-editor .view-line', { hasText: 'func matchesQuery(' }).locator('span', { hasText: /^matchesQuery$/ }).first();
      const text = await hoverUntil(page, name, 'cpu share');
      // Absent while v1 ran, a large share once v2 did: low blocks first, the highest at the end.
      assert.match(text, /cpu share, \d+ (seconds|minutes?) ▁+[▂▃▄▅▆▇█]+/u);
      await screenshot(page, 'demo-sparkline');
    });
  });
});
