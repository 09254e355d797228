import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PlannedLine } from '../../src/editor/heat/plan';
import { loadedApi, markerLine, openAndRender, workspaceFile } from './workbenchHelpers';
import { until } from '../harness/wait';

function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
}

describe('PerfLens in the editor, with a real Go CPU profile from the local store', () => {
  it('shows the profile in the status bar context (service, version and type from the store)', async () => {
    const { profile } = (await loadedApi()).session.current!;
    assert.equal(profile.type, 'cpu');
    assert.equal(profile.unit, 'nanoseconds');
    assert.ok(profile.total > 0);
    assert.ok(profile.files.some((f) => f.relativePath === 'pricing/prices.go'), 'module paths (-trimpath) map onto the workspace');
  });

  it('opening the hot file draws heat on the busy loop line, with its figure', async () => {
    const api = await loadedApi();
    const uri = workspaceFile('pricing/prices.go');
    const hot = await markerLine(uri, 'cpu busy-loop');
    const { plan } = await openAndRender(api, uri);
    const line = plan.find((p) => p.line === hot);
    assert.ok(line, `line ${hot + 1} (the busy loop) has heat; heat is on lines ${plan.map((p) => p.line + 1).join(', ')}`);
    assert.ok(line.share > 0.05, `the busy loop is a hot spot (${(line.share * 100).toFixed(1)}%)`);
    assert.match(line.text ?? '', /^▲ [\d.]+ (ms|s) · [\d.]+%$/);
    const recursive = await markerLine(uri, 'cpu recursive');
    assert.ok(plan.some((p) => p.line === recursive), 'the recursive Fib line has heat too');
  });

  it('hovering the hot function\'s name shows its total, self and share', async () => {
    await loadedApi();
    const uri = workspaceFile('pricing/prices.go');
    const doc = await vscode.workspace.openTextDocument(uri);
    const decl = [...Array(doc.lineCount).keys()].find((l) => doc.lineAt(l).text.startsWith('func SumPrices('))!;
    const col = doc.lineAt(decl).text.indexOf('SumPrices') + 2;
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(decl, col));
    const text = hoverText(hovers);
    assert.match(text, /SumPrices/);
    assert.match(text, /total \(with callees\) \| [\d.]+ (ms|s) \| [\d.]+%/);
    assert.match(text, /self \| [\d.]+ (ms|s) \| [\d.]+%/);
    assert.match(text, /cpu/);
    assert.match(text, /\(command:perflens\.compareWithPrevious /, 'a link to compare with the previous release');
  });

  it('hovering a hot line shows that line\'s flat and cum', async () => {
    await loadedApi();
    const uri = workspaceFile('pricing/prices.go');
    const hot = await markerLine(uri, 'cpu busy-loop');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(hot, 4));
    assert.match(hoverText(hovers), /This line.*cpu: [\d.]+ (ms|s) total \([\d.]+%\) · self [\d.]+ (ms|s)/);
  });

  it('puts a code lens with the cost above the hot function', async () => {
    await loadedApi();
    const uri = workspaceFile('pricing/prices.go');
    const doc = await vscode.workspace.openTextDocument(uri);
    const decl = [...Array(doc.lineCount).keys()].find((l) => doc.lineAt(l).text.startsWith('func SumPrices('))!;
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
    const lens = lenses.find((l) => l.range.start.line === decl);
    assert.ok(lens, `a lens on line ${decl + 1}; lenses on ${lenses.map((l) => l.range.start.line + 1).join(', ')}`);
    assert.match(lens.command!.title, /cpu [\d.]+% · [\d.]+ (ms|s) · self [\d.]+%/);
  });

  it('the code lens also gives the allocation profile of the same version, loaded in the background', async () => {
    const api = await loadedApi();
    await until(() => api.session.companion, 'the companion profile to load').catch(() => {});
    assert.equal(api.session.companion?.type, 'alloc_space');
    const uri = workspaceFile('main.go');
    const doc = await vscode.workspace.openTextDocument(uri);
    const decl = [...Array(doc.lineCount).keys()].find((l) => doc.lineAt(l).text.startsWith('func runPhases('));
    assert.ok(decl !== undefined, 'main.go declares runPhases');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
    const lens = lenses.find((l) => l.range.start.line === decl);
    assert.match(lens?.command?.title ?? '', /^\$\(flame\) cpu [\d.]+% · [\d.]+ (ms|s) · self [\d.]+% · alloc_space [\d.]+ (kB|MB|GB)$/);
  });

  it('typing lines above the hot line moves its heat with the code', async () => {
    const api = await loadedApi();
    const uri = workspaceFile('pricing/prices.go');
    const hot = await markerLine(uri, 'cpu busy-loop');
    const editor = await vscode.window.showTextDocument(uri);
    const redrawn = new Promise<readonly PlannedLine[]>((resolve) => {
      const sub = api.heat.onDidRender((e) => { if (e.uri.toString() === uri.toString()) { sub.dispose(); resolve(e.plan); } });
    });
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), '// one\n// two\n// three\n'));
    const plan = await redrawn;
    assert.ok(plan.some((p) => p.line === hot + 3 && !p.changed), 'the busy loop\'s heat moved down three lines');
    assert.ok(!plan.some((p) => p.line === hot), 'nothing left on the old line number, which is other code now');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});

describe('PerfLens decorations, spied on through an injected setter', () => {
  it('paints one decoration type per heat bucket with the figure on the hot line', async () => {
    const api = await loadedApi();
    const { HeatController } = await import('../../src/editor/heat/heatController');
    const calls: { uri: string; options: readonly vscode.DecorationOptions[] }[] = [];
    const uri = workspaceFile('pricing/prices.go');
    await vscode.window.showTextDocument(uri);
    const spy = new HeatController(api.session, (editor, _type, options) => calls.push({ uri: editor.document.uri.toString(), options }));
    try {
      const hot = await markerLine(uri, 'cpu busy-loop');
      await until(() => calls.some((c) => c.uri === uri.toString() && c.options.some((o) => o.range.start.line === hot)), 'heat on the busy loop').catch(() => {});
      const mine = calls.filter((c) => c.uri === uri.toString());
      assert.equal(mine.length % 4, 0, 'every redraw sets all four bucket types (so stale marks are cleared)');
      const option = mine.flatMap((c) => c.options).find((o) => o.range.start.line === hot);
      assert.ok(option, 'the busy loop is decorated');
      assert.match(String(option.renderOptions?.after?.contentText), /^▲ [\d.]+ (ms|s) · [\d.]+%$/);
      const cold = mine.flatMap((c) => c.options).find((o) => o.range.start.line === 0);
      assert.equal(cold, undefined, 'the package comment has no cost and no mark');
    } finally {
      spy.dispose();
    }
  });
});

describe('the Hotspots view and the profile type switch', () => {
  it('lists application code first, hottest function first, and clicking opens it at its line', async () => {
    const api = await loadedApi();
    const roots = api.hotspots.getChildren();
    const first = api.hotspots.getTreeItem(roots[0]);
    assert.equal(first.label, 'Application');
    const fns = api.hotspots.getChildren(roots[0]).map((n) => api.hotspots.getTreeItem(n));
    const { functions } = api.session.current!.profile;
    const appByCum = functions.filter((f) => f.class === 'app').sort((a, b) => b.cum - a.cum);
    assert.equal(fns[0].label, appByCum[0].name.replace(/^.*\//, ''));
    const sum = fns.find((i) => i.label === 'pricing.SumPrices');
    assert.ok(sum?.command, 'SumPrices is listed with an open command');
    await vscode.commands.executeCommand(sum.command.command, ...(sum.command.arguments ?? []));
    const doc = await vscode.workspace.openTextDocument(workspaceFile('pricing/prices.go'));
    const lines = [...Array(doc.lineCount).keys()];
    const start = lines.find((l) => doc.lineAt(l).text.startsWith('func SumPrices('))!;
    const end = lines.find((l) => l > start && doc.lineAt(l).text === '}')!;
    // The editor shows the command's selection once the workbench has opened it (newer VS Code: after it returns).
    const inside = () => {
      const editor = vscode.window.activeTextEditor;
      const line = editor?.document.uri.fsPath.endsWith('prices.go') ? editor.selection.active.line : -1;
      return line > start && line < end;
    };
    await until(inside, 'prices.go to show the selection inside SumPrices').catch(() => {});
    const editor = vscode.window.activeTextEditor!;
    assert.ok(editor.document.uri.fsPath.endsWith('prices.go'));
    const at = editor.selection.active.line;
    assert.ok(at > start && at < end, `opened inside SumPrices' body (line ${at + 1}, body ${start + 2}..${end})`);
  });

  it('switches to the allocation profile of the same version and heats the allocating lines', async () => {
    const api = await loadedApi();
    const alt = api.session.alternatives.find((a) => a.label === 'alloc_space');
    assert.ok(alt, `the store's alloc_space profiles are offered (${api.session.alternatives.map((a) => a.label)})`);
    const uri = workspaceFile('inventory/catalog.go');
    await api.session.loadAlternative(alt);
    assert.equal(api.session.current!.profile.type, 'alloc_space');
    assert.equal(api.session.current!.profile.unit, 'bytes');
    const { plan } = await openAndRender(api, uri);
    const sku = await markerLine(uri, 'alloc sku-buffer');
    const line = plan.find((p) => p.line === sku);
    assert.ok(line?.text && /▲ [\d.]+ (kB|MB|GB|B) · [\d.]+%/.test(line.text), `the sku buffer allocation carries bytes: ${line?.text}`);
    // And back to CPU, as a user would.
    const back = api.session.alternatives.find((a) => a.label === 'cpu');
    assert.ok(back);
    await api.session.loadAlternative(back);
    assert.equal(api.session.current!.profile.type, 'cpu');
  });
});
