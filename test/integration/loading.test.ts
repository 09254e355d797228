// Loading profiles while another load runs, in the real VS Code: a cancelled load leaves the profile shown before
// (heat included), a newer load supersedes an older one, and the profile worker answers the next load either way.
import * as assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { loadedApi, openAndRender, workspaceFile } from './workbenchHelpers';

const storeFiles = (type: string) => {
  const dir = join(vscode.workspace.workspaceFolders![0].uri.fsPath, '.perflens/store/shop/v1', type);
  return readdirSync(dir).filter((f) => f.endsWith('.pb.gz')).map((f) => join(dir, f));
};

describe('loading profiles while another load runs', () => {
  it('a cancelled load leaves the previous profile shown, with its heat, and the worker answers the next load', async () => {
    const api = await loadedApi();
    const cpu = await api.session.load({ sources: storeFiles('cpu'), type: 'cpu', hints: { service: 'shop', version: 'v1' }, fromStore: true });
    const cancel = new vscode.CancellationTokenSource();
    const loading = api.session.load({ sources: storeFiles('alloc_space'), type: 'alloc_space', fromStore: true }, { token: cancel.token });
    cancel.cancel();
    await assert.rejects(loading, (e) => e instanceof vscode.CancellationError);
    assert.equal(api.session.current, cpu, 'the CPU profile is still the one shown');
    const { plan } = await openAndRender(api, workspaceFile('pricing/prices.go'));
    assert.ok(plan.length > 0, 'its heat is drawn');
    const alloc = await api.session.load({ sources: storeFiles('alloc_space'), type: 'alloc_space', fromStore: true });
    assert.equal(alloc.profile.type, 'alloc_space');
  });

  it('a newer load supersedes one still running: the older ends cancelled, the newer is shown', async () => {
    const api = await loadedApi();
    const older = api.session.load({ sources: storeFiles('alloc_space'), type: 'alloc_space', fromStore: true });
    const newer = api.session.load({ sources: storeFiles('cpu'), type: 'cpu', hints: { service: 'shop', version: 'v1' }, fromStore: true });
    await assert.rejects(older, (e) => e instanceof vscode.CancellationError);
    const shown = await newer;
    assert.equal(api.session.current, shown);
    assert.equal(shown.profile.type, 'cpu');
    assert.equal(shown.profile.service, 'shop');
  });
});
