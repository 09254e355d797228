import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { PerfLensApi } from '../../src/extension';
import { readConfig } from '../../src/editor/config';
import { ProfileAnalyzer } from '../../src/editor/profileAnalyzer';
import { deserializeCallTree } from '../../src/core/aggregate/serialize';
import { decodeAnnotations } from '../../src/core/aggregate/flameAnnotations';
import { FRAME_CLASSES } from '../../src/core/symbolicate/types';
import { functionFacts } from '../../src/webviews/flamegraph/functionFacts';
import { openFunctionSource } from '../../src/webviews/flamegraph/openFunctionSource';
import { until } from '../harness/wait';

interface PanelInfo {
  key: { sources: string[]; type: string };
  title: string;
  visible: boolean;
  rendered?: { frames: number; view: string; zoom: string };
  sent?: { nodes: number; total: number; bytes: number; via: string };
}

const SUM_PRICES = 'example.com/shop/pricing.SumPrices';

/** The PerfLens API with the shop's CPU profile loaded (earlier suites may have loaded something else). */
async function loadedApi(): Promise<PerfLensApi> {
  const ext = vscode.extensions.getExtension<PerfLensApi>('perflens.perflens')!;
  const api = await ext.activate();
  const dir = join(vscode.workspace.workspaceFolders![0].uri.fsPath, '.perflens/store/shop/v1/cpu');
  const cpu = readdirSync(dir).filter((f) => f.endsWith('.pb.gz')).map((f) => join(dir, f));
  const p = api.session.current?.profile;
  if (!p || p.type !== 'cpu' || p.sources.join() !== cpu.join()) await api.session.load({ sources: cpu, type: 'cpu', hints: { service: 'shop', version: 'v1' }, fromStore: true });
  assert.equal(api.session.current?.profile.type, 'cpu');
  return api;
}

const panels = () => vscode.commands.executeCommand<PanelInfo[]>('perflens.flameGraph.describePanels');

/** Polls the panels until one satisfies `ok` (the page reports what it drew through the host). */
async function waitForPanel(ok: (p: PanelInfo) => boolean, what: string): Promise<PanelInfo> {
  let last: PanelInfo[] = [];
  return until(async () => (last = await panels()).find(ok), () => `${what}; panels: ${JSON.stringify(last)}`);
}

function workspaceFile(rel: string): vscode.Uri {
  return vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, rel);
}

describe('the flame graph panel in VS Code, on the shop CPU profile', () => {
  after(async () => { await vscode.commands.executeCommand('workbench.action.closeAllEditors'); });

  it('"Show Flame Graph" opens a panel that draws the profile, and reveals the same panel the second time', async () => {
    const api = await loadedApi();
    await vscode.commands.executeCommand('perflens.showFlameGraph');
    const p = await waitForPanel((x) => (x.rendered?.frames ?? 0) > 10, 'the page drew the graph');
    assert.deepEqual(p.key.sources, [...api.session.current!.profile.sources]);
    assert.equal(p.key.type, 'cpu');
    assert.match(p.title, /Flame Graph: shop v1 · cpu/);
    assert.equal(p.rendered!.view, 'graph');
    // The page read its tree from a file the worker wrote (the bytes never went through the extension host), deleted once read.
    assert.equal(p.sent?.via, 'file');
    assert.ok((p.sent?.nodes ?? 0) > 10 && p.sent?.total === api.session.current!.profile.total, JSON.stringify(p.sent));
    await until(async () => (await vscode.commands.executeCommand<string[]>('perflens.flameGraph.treeFiles')).length === 0, 'the tree file to be deleted once read');
    await vscode.commands.executeCommand('perflens.showFlameGraph');
    assert.equal((await panels()).length, 1, 'one panel per profile');
  });

  it('"Show in Flame Graph" from a code lens shows the sandwich of that function', async () => {
    await loadedApi();
    const uri = workspaceFile('pricing/prices.go');
    await vscode.window.showTextDocument(uri);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
    const lens = lenses.find((l) => l.command?.command === 'perflens.showInFlameGraph' && (l.command.arguments?.[0] as { name: string }).name === SUM_PRICES);
    assert.ok(lens, `a flame graph lens on SumPrices; lenses: ${lenses.map((l) => l.command?.title).join(' | ')}`);
    await vscode.commands.executeCommand(lens.command!.command, ...(lens.command!.arguments ?? []));
    await waitForPanel((x) => x.rendered?.view === 'sandwich' && x.rendered.zoom === SUM_PRICES, 'the sandwich of SumPrices');
  });

  it('the hover on a function carries a trusted "Show in Flame Graph" link naming it', async () => {
    await loadedApi();
    const uri = workspaceFile('pricing/prices.go');
    const doc = await vscode.workspace.openTextDocument(uri);
    const decl = [...Array(doc.lineCount).keys()].find((l) => doc.lineAt(l).text.startsWith('func SumPrices('))!;
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(decl, doc.lineAt(decl).text.indexOf('SumPrices') + 2));
    const md = hovers.flatMap((h) => h.contents).find((c): c is vscode.MarkdownString => c instanceof vscode.MarkdownString && c.value.includes('perflens.showInFlameGraph'));
    assert.ok(md, 'the hover has the link');
    assert.deepEqual(md.isTrusted, { enabledCommands: ['perflens.showInFlameGraph', 'perflens.compareWithPrevious'] }, 'only the two PerfLens hover commands are trusted');
    const target = /\(command:perflens\.showInFlameGraph\?([^ )]+)/.exec(md.value)![1];
    assert.deepEqual(JSON.parse(decodeURIComponent(target)), [{ name: SUM_PRICES, profileFile: 'example.com/shop/pricing/prices.go' }]);
  });

  it('"Show in Flame Graph" from the editor (context menu) finds the function at the cursor', async () => {
    await loadedApi();
    // First another function, so the panel's change to SumPrices below is the cursor's doing.
    const fib = 'example.com/shop/pricing.Fib';
    await vscode.commands.executeCommand('perflens.showInFlameGraph', { name: fib, profileFile: 'example.com/shop/pricing/prices.go' });
    await waitForPanel((x) => x.rendered?.view === 'sandwich' && x.rendered.zoom === fib, 'the sandwich of Fib');
    const editor = await vscode.window.showTextDocument(workspaceFile('pricing/prices.go'));
    const doc = editor.document;
    const busy = [...Array(doc.lineCount).keys()].find((l) => doc.lineAt(l).text.includes('HOT:cpu busy-loop'))!;
    editor.selection = new vscode.Selection(busy, 2, busy, 2);
    await vscode.commands.executeCommand('perflens.showInFlameGraph', doc.uri);
    await waitForPanel((x) => x.rendered?.view === 'sandwich' && x.rendered.zoom === SUM_PRICES, 'the sandwich of the function around the cursor');
  });

  it('the profile worker answers with the call tree as ArrayBuffers, classified by the workspace analysis', async function () {
    const api = await loadedApi();
    const ext = vscode.extensions.getExtension('perflens.perflens')!;
    const log = vscode.window.createOutputChannel('PerfLens flame graph test', { log: true });
    const analyzer = new ProfileAnalyzer(vscode.Uri.joinPath(ext.extensionUri, 'dist', 'profile-worker.js').fsPath, log);
    try {
      const profile = api.session.current!.profile;
      const buffers = await analyzer.request('flameGraph', {
        sources: profile.sources, typeName: profile.type, limits: readConfig().limits,
        facts: functionFacts(profile, (p) => vscode.workspace.asRelativePath(p)),
      });
      assert.ok(buffers.tree instanceof ArrayBuffer && buffers.annotations instanceof ArrayBuffer);
      const tree = deserializeCallTree(buffers.tree);
      const notes = decodeAnnotations(buffers.annotations);
      assert.equal(tree.total[0], profile.total);
      const sum = [...Array(tree.functions.count).keys()].find((f) => tree.strings.get(tree.functions.name[f]) === SUM_PRICES)!;
      assert.equal(FRAME_CLASSES[notes.functionClass[sum]], 'app');
      assert.equal(notes.strings[notes.functionLocation[sum]], 'pricing/prices.go');
      assert.equal(profile.functions[notes.functionFact[sum]].name, SUM_PRICES);
    } finally {
      // The channel stays open: what the worker says as it is stopped is still logged to it.
      analyzer.dispose();
    }
  });

  it('never opens a file outside the workspace, whatever the analysis says', async () => {
    const api = await loadedApi();
    const outside = mkdtempSync(join(tmpdir(), 'perflens-outside-'));
    const file = join(outside, 'evil.go');
    writeFileSync(file, 'package evil\n');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const log = vscode.window.createOutputChannel('PerfLens open test', { log: true });
    const panel = vscode.window.createWebviewPanel('perflens.test', 'test', vscode.ViewColumn.Active, {});
    try {
      const fn = { ...api.session.current!.profile.functions.find((f) => f.name === SUM_PRICES)!, path: file };
      await openFunctionSource(fn, 1, false, panel, log);
      assert.equal(vscode.window.visibleTextEditors.some((e) => e.document.uri.fsPath === file), false, 'the outside file stays closed');
      const inside = api.session.current!.profile.functions.find((f) => f.name === SUM_PRICES)!;
      await openFunctionSource(inside, inside.firstLine, false, panel, log);
      const editor = vscode.window.activeTextEditor!;
      assert.equal(editor.document.uri.fsPath, inside.path);
      assert.equal(editor.selection.active.line, inside.firstLine - 1);
      assert.notEqual(editor.viewColumn, panel.viewColumn, 'the source opens beside the panel, which stays in view');
    } finally {
      panel.dispose();
      log.dispose();
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('opens one panel per profile: the allocation profile gets its own, beside the CPU one', async () => {
    const api = await loadedApi();
    await vscode.commands.executeCommand('perflens.showFlameGraph');
    await waitForPanel((x) => x.key.type === 'cpu', 'the CPU panel');
    const alloc = api.session.alternatives.find((a) => a.label === 'alloc_space');
    assert.ok(alloc, 'the store offers the allocation profile');
    await api.session.loadAlternative(alloc);
    await vscode.commands.executeCommand('perflens.showFlameGraph');
    const p = await waitForPanel((x) => x.key.type === 'alloc_space' && (x.rendered?.frames ?? 0) > 3, 'the allocation profile\'s panel drew');
    assert.match(p.title, /alloc_space/);
    assert.deepEqual((await panels()).map((x) => x.key.type).sort(), ['alloc_space', 'cpu']);
  });
});
