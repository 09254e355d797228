import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openWorkbench, repoRoot, runCommand, screenshot, type Workbench } from './workbench';

describe('the packaged PerfLens in the real VS Code workbench', () => {
  let wb: Workbench;
  before(async () => { wb = await openWorkbench(join(repoRoot, 'test/integration/workspace')); });
  after(async () => { await wb?.close(); });

  it('runs "PerfLens: Show Log" from the command palette and shows its output', async () => {
    await runCommand(wb.page, 'PerfLens: Show Log');
    const panel = wb.page.locator('.part.panel .view-lines');
    await panel.filter({ hasText: 'PerfLens' }).first().waitFor({ timeout: 20_000 });
    // Monaco renders spaces as no-break spaces.
    const text = (await panel.first().innerText()).replace(/\u00a0/g, ' ');
    assert.match(text, /PerfLens \d+\.\d+\.\d+ activated in VS Code 1\.100/);
    await screenshot(wb.page, 'workbench-show-log');
  });
});
