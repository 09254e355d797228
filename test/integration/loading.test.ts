// Loading profiles while another load runs, in the real VS Code: a cancelled load leaves the profile shown before
// (heat included), a newer load supersedes an older one (also once the older one's answer is in), and the profile
// worker answers the next load either way.
import * as assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { AnalyzeRequest } from '../../src/shared/analyzeProtocol';
import { ProfileAnalyzer, type AnalyzerRequestOptions } from '../../src/editor/profileAnalyzer';
import { ProfileSession } from '../../src/editor/profileSession';
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

  it('a newer load is shown even when the older one\'s answer is still being unpacked', async () => {
    await loadedApi();
    const ext = vscode.extensions.getExtension('perflens.perflens')!;
    const log = vscode.window.createOutputChannel('PerfLens loading test', { log: true });
    const worker = new ProfileAnalyzer(join(ext.extensionPath, 'dist', 'profile-worker.js'), log);
    // The older load's answer is held after the worker gave it, as unpacking a large one on a busy extension host
    // holds it, while the newer load runs from start to end.
    let olderAnswered!: () => void;
    const answered = new Promise<void>((resolve) => { olderAnswered = resolve; });
    let releaseOlder!: () => void;
    const released = new Promise<void>((resolve) => { releaseOlder = resolve; });
    const analyzer = {
      analyze: (request: AnalyzeRequest, options?: AnalyzerRequestOptions) => worker.analyze(request, options),
      async analyzeWithDetails(request: AnalyzeRequest, options: AnalyzerRequestOptions, details: AnalyzerRequestOptions) {
        const profile = await worker.analyzeWithDetails(request, options, details);
        if (request.typeName === 'alloc_space') {
          olderAnswered();
          await released;
        }
        return profile;
      },
    } as unknown as ProfileAnalyzer;
    const session = new ProfileSession(analyzer, log);
    try {
      const older = session.load({ sources: storeFiles('alloc_space'), type: 'alloc_space', fromStore: true }, { quiet: true });
      await answered;
      const newer = await session.load({ sources: storeFiles('cpu'), type: 'cpu', hints: { service: 'shop', version: 'v1' }, fromStore: true }, { quiet: true });
      releaseOlder();
      await assert.rejects(older, (e) => e instanceof vscode.CancellationError);
      assert.equal(session.current, newer, 'the newer load stays shown');
      assert.equal(session.shown?.type, 'cpu');
      session.clear();
      const cleared = session.load({ sources: storeFiles('cpu'), type: 'cpu', fromStore: true }, { quiet: true });
      session.clear();
      await assert.rejects(cleared, (e) => e instanceof vscode.CancellationError);
      assert.equal(session.current, undefined, 'a load cleared while it ran shows nothing');
    } finally {
      // The channel stays open: the worker's last answers are still logged to it.
      session.dispose();
      worker.dispose();
    }
  });
});
