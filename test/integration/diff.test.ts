import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PerfLensApi } from '../../src/extension';
import { decodeDiffFlame } from '../../src/core/diff/diffFlamePayload';

describe('release diff: the checkout service, v1 against v2 (v2 made applyTax slower)', () => {
  it('"Compare with Previous Release" finds the planted regression, marks its hot line in the gutter', async () => {
    const api = await vscode.extensions.getExtension<PerfLensApi>('perflens.perflens')!.activate();
    // The workspace says which service it is (perflens.service); the local store is the only source.
    api.session.clear();
    const config = vscode.workspace.getConfiguration('perflens');
    await config.update('service', 'checkout', vscode.ConfigurationTarget.Workspace);
    try {
      await vscode.commands.executeCommand('perflens.compareWithPrevious');
    } finally {
      await config.update('service', undefined, vscode.ConfigurationTarget.Workspace);
    }
    const view = api.diff.current;
    assert.ok(view, 'a diff is shown');
    assert.equal(view.base.label, 'v1');
    assert.equal(view.head.label, 'v2');
    const top = view.functions[0];
    assert.equal(top.function, 'main.applyTax');
    assert.ok(top.significant && top.delta > 0.1, `applyTax rose by ${(top.delta * 100).toFixed(1)} pts`);
    assert.ok(top.path?.endsWith('tax.go'), `it maps to the workspace file: ${top.path}`);

    // The diff flame graph's data: applyTax's frame rose beyond noise and opens the same workspace file.
    const flame = decodeDiffFlame(view.flame);
    const tax = flame.fn.findIndex((f, i) => i > 0 && flame.names[f] === 'main.applyTax');
    assert.ok(tax > 0, 'applyTax is in the union call tree');
    assert.ok(flame.headTotal[tax] / flame.headRoot - flame.baseTotal[tax] / flame.baseRoot > 0.1);
    assert.equal(flame.significant[tax], 1);
    assert.equal(flame.paths[flame.locationPath[flame.fn[tax]]], top.path);
    for (const path of flame.paths) assert.ok(vscode.workspace.getWorkspaceFolder(vscode.Uri.file(path)), `${path} is a workspace file`);

    const uri = vscode.Uri.file(top.path!);
    const doc = await vscode.workspace.openTextDocument(uri);
    const hot = [...Array(doc.lineCount).keys()].find((l) => doc.lineAt(l).text.includes('HOT:diff tax-series'))!;
    const rendered = new Promise<{ line: number; mark: string; text: string }[]>((resolve) => {
      const sub = api.diff.onDidRender((e) => { if (e.uri.fsPath === uri.fsPath && e.plan.length > 0) { sub.dispose(); resolve(e.plan.map((p) => ({ line: p.line, mark: p.mark, text: p.text }))); } });
    });
    await vscode.window.showTextDocument(uri);
    const plan = await rendered;
    const mark = plan.find((p) => p.line === hot);
    assert.ok(mark, `the hot line ${hot + 1} has a diff mark; marks on ${plan.map((p) => p.line + 1)}`);
    assert.equal(mark.mark, 'rose');
    assert.match(mark.text, /^▲ \+[\d.]+ pts \([\d.]+% → [\d.]+%\)$/);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(hot, 4));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
    assert.match(text, /Release diff/);
    assert.match(text.replace(/&nbsp;/g, ' '), /v1 → v2/);
    await vscode.commands.executeCommand('perflens.clearDiff');
    assert.equal(api.diff.current, undefined);
    assert.ok(api.heat.isEnabled, 'heat is back once the diff is cleared');
    // Leave the editor as the other suites expect it: the store's default profile loaded.
    await vscode.commands.executeCommand('perflens.loadStore');
    assert.equal(api.session.current?.profile.service, 'shop');
  });
});
