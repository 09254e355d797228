// Workspace trust as a user meets it: a repository opened for the first time is in Restricted Mode, where PerfLens
// shows its profile without running git (so the heat stays on the profiled line numbers); trusting the folder from
// "Manage Workspace Trust" makes PerfLens analyse again, and the heat moves onto today's lines.
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
// @ts-expect-error -- plain ESM helper
import { makeTrustWorkspace } from '../harness/workspaces.mjs';
import { linesWithFigures, openFile, openWorkbench, runCommand, screenshot, type Workbench } from './workbench';
import { until } from '../harness/wait';

async function waitForFigureOn(wb: Workbench, text: string): Promise<string[]> {
  let lines: string[] = [];
  return until(async () => (lines = await linesWithFigures(wb)).some((l) => l.includes(text)) && lines,
    () => `a figure on the line with "${text}"; figures on: ${JSON.stringify(lines)}`, { everyMs: 250 });
}

describe('workspace trust in the real VS Code workbench', () => {
  let wb: Workbench;
  before(async () => { wb = await openWorkbench(undefined, undefined, { workspaceTrust: true, make: makeTrustWorkspace }); });
  after(async () => { await wb?.close(); });

  it('in Restricted Mode the heat stays on the profiled lines: git is not run to follow the code', async () => {
    const { page } = wb;
    await page.locator('.statusbar-item', { hasText: 'cpu' }).first().waitFor();
    await openFile(page, 'prices.go');
    // The busy loop was line 12 when the profile was taken; three comment lines were added above it since.
    const lines = await waitForFigureOn(wb, 'func SumPrices(');
    assert.ok(!lines.some((l) => l.includes('HOT:cpu busy-loop')), `today's busy loop line has no figure yet: ${JSON.stringify(lines)}`);
    // The status bar says why the marks may be on stale lines.
    const status = page.locator('.statusbar-item', { hasText: 'shop v1' }).first();
    await status.locator('.codicon-warning').waitFor();
    await status.hover();
    await page.locator('.monaco-hover:visible', { hasText: 'git does not run in an untrusted workspace' }).first().waitFor();
    await screenshot(page, 'trust-restricted-mode');
    await page.mouse.move(700, 400);
  });

  it('trusting the folder makes PerfLens analyse again, and the heat moves onto today\'s busy loop line', async () => {
    const { page } = wb;
    await runCommand(page, 'Workspaces: Manage Workspace Trust');
    const trust = page.locator('.workspace-trust-editor .monaco-button', { hasText: /^Trust/ }).first();
    await trust.waitFor();
    await screenshot(page, 'trust-manage-editor');
    await trust.click();
    // Newer VS Code shows the trust editor as a modal dialog, which stays open after Trust: close it as a user would.
    const modal = page.locator('.monaco-modal-editor-block');
    if (await modal.isVisible()) {
      await modal.locator('[aria-label^="Close Modal Editor"]').first().click();
      await modal.waitFor({ state: 'hidden' });
    }
    await page.locator('.tab', { hasText: 'prices.go' }).first().click();
    await waitForFigureOn(wb, 'HOT:cpu busy-loop').finally(() => screenshot(page, 'trust-trusted'));
    assert.equal(await page.locator('.statusbar-item', { hasText: 'shop v1' }).first().locator('.codicon-warning').count(), 0, 'no warning once lines follow the code');
  });
});
