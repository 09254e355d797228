// The README's main job, as CI runs it: `npm run demo -- --no-open` collects real profiles of the sample service
// across two releases; the planted regression must top `perflens diff`, and the demo workspace must show heat, the
// flame graph and the release diff in the real VS Code.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { choose, hoverUntil, linesWithFigures, openFile, openFileAt, openWorkbench, repoRoot, runCommand, screenshot, type Workbench } from './workbench';
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

    it('names the planted commit under the regression in the diff panel, at its hot line and in the hover, and opens its change', async () => {
      const { page } = wb;
      const planted = execFileSync('git', ['log', '-1', '--format=%H', '--grep', 'matchesQuery', 'v2'], { cwd: workspace, encoding: 'utf8' }).trim();
      const short = planted.slice(0, 7);
      const diffPage = page.frameLocator('iframe.webview.ready >> nth=-1').frameLocator('#active-frame');
      // Under main.matchesQuery in the biggest regressions: the planted commit (hash, author, subject), and only it.
      const regression = diffPage.locator('.tops .top li', { hasText: 'main.matchesQuery' }).first();
      const commit = regression.locator('.commit');
      await commit.first().waitFor();
      assert.deepEqual(await commit.locator('code').allInnerTexts(), [short]);
      assert.match(await commit.first().innerText(), /2026-03-03 Sam Rivera: search: match each product with matchesQuery/);
      assert.match(await diffPage.locator('.commits-note').first().innerText(), /between v1 and v2/);
      await screenshot(page, 'demo-diff-commits');

      // The change the commit made to search.go, in VS Code's diff editor: matchesQuery is added on the right.
      await commit.first().locator('button', { hasText: 'Open change' }).click();
      await page.locator('.tab', { hasText: `${short}^ ↔ ${short}` }).first().waitFor();
      const added = page.locator('.monaco-diff-editor .editor.modified .view-line', { hasText: 'func matchesQuery(' });
      await added.first().waitFor();
      await screenshot(page, 'demo-commit-change');

      // The regression's hot line in search.go names the commit after its change, and its hover lists it.
      // The source's own editor (the first group), not the commit's change open beside it, scrolled to matchesQuery.
      const declared = readFileSync(join(workspace, 'search.go'), 'utf8').split('\n').findIndex((l) => l.startsWith('func matchesQuery(')) + 1;
      await runCommand(page, 'View: Focus First Editor Group');
      await openFileAt(page, 'search.go', declared + 1);
      const marked = () => page.evaluate((short) => [...document.querySelectorAll('.part.editor .monaco-editor .view-lines .view-line')].flatMap((row) =>
        [...row.querySelectorAll('span[class*="ced-"]')].map((s) => getComputedStyle(s, '::after').content)
          .filter((c) => c.includes(`commit ${short}`)).map(() => (row as HTMLElement).innerText.replace(/\u00a0/g, ' '))), short);
      let lines: string[] = [];
      await until(async () => (lines = await marked()).length > 0, () => `a diff mark naming commit ${short}; lines: ${JSON.stringify(lines)}`, { everyMs: 200 })
        .finally(() => screenshot(page, 'demo-diff-commit-gutter'));
      // In the first group: the commit's change beside it shows the same text, unmarked.
      const hotLine = page.locator('.part.editor .editor-group-container').first().locator('.monaco-editor .view-line', { hasText: lines[0].trim() }).first();
      const hover = await hoverUntil(page, hotLine.locator('span', { hasText: /\w/ }).last(), 'Commits between v1 and v2')
        .finally(() => screenshot(page, 'demo-diff-commit-hover'));
      assert.match(hover, new RegExp(`Commits between v1 and v2 that changed main\\.matchesQuery: ${short} 2026-03-03 Sam Rivera: search: match each product with matchesQuery · open the change`));
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

    it('filters the profiles to one endpoint (the heat moves to its code), then groups the flame graph by endpoint', async () => {
      const { page } = wb;
      // One editor in sight: the figures read are search.go's alone.
      await runCommand(page, 'View: Close All Editor Groups');
      await openFile(page, 'search.go');
      let lines: string[] = [];
      await until(async () => (lines = await linesWithFigures(wb)).some((l) => l.includes('matchesQuery')), () => `heat on the search code before filtering: ${JSON.stringify(lines)}`);
      // endpoint → GET /report → keep (=): the samples pprof.Do labelled with the report handler's route.
      await runCommand(page, 'PerfLens: Filter by Label...');
      await choose(wb, 'Which label? (from the loaded samples)', 'endpoint');
      await choose(wb, 'Which value of endpoint?', 'GET /report');
      await choose(wb, 'Keep or drop?', 'endpoint="GET /report"');
      await page.locator('.statusbar-item', { hasText: 'endpoint="GET /report"' }).first().waitFor();
      await until(async () => (lines = await linesWithFigures(wb)).length === 0, () => `no heat left on search.go: ${JSON.stringify(lines)}`);
      await runCommand(page, 'View: Close All Editor Groups');
      await openFile(page, 'report.go');
      await until(async () => (lines = await linesWithFigures(wb)).length > 0, () => 'heat on the report code');
      await screenshot(page, 'demo-filter-endpoint');

      await runCommand(page, 'PerfLens: Clear Filters');
      await runCommand(page, 'View: Close All Editor Groups');
      await page.locator('.statusbar-item', { hasText: 'endpoint="GET /report"' }).first().waitFor({ state: 'detached' });
      await runCommand(page, 'PerfLens: Show Flame Graph');
      const graph = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
      await framesDrawn(graph, 'graph');
      // Last: a click leaves the focus in the webview.
      await graph.locator('vscode-button', { hasText: 'Group by' }).click();
      await choose(wb, 'One root per value: the costliest 20, then the others together', 'endpoint');
      const hook = graph.locator('.flame-debug[data-role="graph"]');
      let names: string[] = [];
      await until(async () => {
        names = (JSON.parse((await hook.textContent()) || '[]') as { name: string }[]).map((f) => f.name);
        return ['endpoint=GET /search', 'endpoint=GET /report'].every((n) => names.includes(n));
      }, () => `one root per endpoint; frames: ${names.slice(0, 20).join(', ')}`, { everyMs: 200 });
      await graph.locator('.filter-bar', { hasText: 'Grouped by endpoint' }).waitFor();
      await screenshot(page, 'demo-flamegraph-by-endpoint');

      // The functions table beside it: a column per endpoint, each function's total in that endpoint's samples and
      // the part of its own total that makes; sorted by GET /report, the report handler is there with all of its cost.
      const groupHeads = graph.locator('.table-header .table-sort.col-group');
      let heads: string[] = [];
      await until(async () => (heads = await groupHeads.allInnerTexts()).includes('GET /report') && heads.includes('GET /search'), () => `a column per endpoint; columns: ${JSON.stringify(heads)}`, { everyMs: 200 });
      const report = heads.indexOf('GET /report');
      const sortBy = async (endpoint: string) => {
        const head = groupHeads.nth(heads.indexOf(endpoint));
        await head.click();
        await until(async () => (await head.getAttribute('aria-sort')) === 'descending', `the table sorted by ${endpoint}`, { everyMs: 200 });
      };
      /**
       * The GET /report cell of a function's row. The table draws only the rows in view (wrapper frames can rank above
       * the function): it is scrolled a screenful at a time from the top, each screenful read once it is drawn.
       */
      const reportCell = async (fn: RegExp) => {
        const body = graph.locator('.table-body');
        const row = graph.locator('.table-row', { has: graph.locator('.col-name', { hasText: fn }) }).first();
        await body.evaluate((b) => { b.scrollTop = 0; });
        for (;;) {
          // Drawn for this scroll position: the drawn rows cover the visible part of the table.
          await until(() => body.evaluate((b) => {
            const rows = b.querySelectorAll('.table-row');
            if (rows.length === 0) return false;
            // The rows' view starts below the header, which scrolls with them (stuck to the top).
            const top = b.querySelector('.table-header')!.getBoundingClientRect().bottom;
            const end = Math.min(b.getBoundingClientRect().top + b.clientTop + b.clientHeight, b.querySelector('.table-spacer')!.getBoundingClientRect().bottom);
            return rows[0].getBoundingClientRect().top <= top + 1 && rows[rows.length - 1].getBoundingClientRect().bottom >= end - 1;
          }), 'the functions table drew the rows in view', { everyMs: 100 });
          if ((await row.count()) > 0) return row.locator('.col-group').nth(report).innerText();
          const scrolled = await body.evaluate((b) => {
            const before = b.scrollTop;
            b.scrollTop = before + b.clientHeight - (b.querySelector<HTMLElement>('.table-header')?.offsetHeight ?? 0);
            return b.scrollTop > before;
          });
          assert.ok(scrolled, `a row of ${fn} in the functions table: ${JSON.stringify(await graph.locator('.table-row .col-name').allInnerTexts())}`);
        }
      };
      await sortBy('GET /search');
      assert.equal((await reportCell(/handleSearch$/)).trim(), '–', 'handleSearch costs nothing under GET /report');
      await sortBy('GET /report');
      assert.match(await reportCell(/handleReport$/), /100(\.0+)?%$/, 'all of handleReport\'s cost is GET /report\'s');
      // Sorted by GET /report, handleSearch (nothing there) is far down the table: found all the same.
      assert.equal((await reportCell(/handleSearch$/)).trim(), '–', 'handleSearch, at the bottom, costs nothing under GET /report');
      const rows = await graph.locator('.table-row .col-name').allInnerTexts();
      assert.ok(!rows.some((n) => n.startsWith('endpoint=')), `the groups are columns, not rows: ${rows.slice(0, 10).join(', ')}`);
      await screenshot(page, 'demo-flamegraph-table-by-endpoint');
    });
  });
});
