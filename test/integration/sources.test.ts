import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PerfLensApi } from '../../src/extension';
import { answerPrompts } from './workbenchHelpers';

describe('loading profiles from a source', () => {
  it('"Load Profiles from a Source..." walks the local store: service, type, version, then loads them', async () => {
    const api = await vscode.extensions.getExtension<PerfLensApi>('perflens.perflens')!.activate();
    api.session.clear();
    const loaded = new Promise<void>((resolve) => {
      const sub = api.session.onDidChange((l) => { if (l) { sub.dispose(); resolve(); } });
    });
    await answerPrompts(() => Promise.all([vscode.commands.executeCommand('perflens.loadFromSource'), loaded]));
    const p = api.session.current!.profile;
    assert.equal(p.service, 'shop');
    assert.equal(p.version, 'v1');
    assert.equal(p.type, 'cpu', 'the first type offered is CPU');
    assert.ok(p.files.some((f) => f.relativePath === 'pricing/prices.go'));
  });
});
