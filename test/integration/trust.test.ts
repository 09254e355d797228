// Workspace trust, seen from the extension host. The harness opens a fresh git workspace (test/harness/
// workspaces.mjs makeTrustWorkspace: the shop, its profile taken three lines before today's text, the deployed
// commit named in .vscode/settings.json) with GIT_TRACE set (git logs every command it runs), once in Restricted
// Mode and once trusted; PERFLENS_EXPECT_TRUSTED says which. Every check below is asserted both ways, so neither
// pass can go green by accident (a spy that never logs, a setting that is never read).
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cp, mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { answerPrompts, loadedApi, markerLine, openAndRender, perflens, workspaceFile } from './workbenchHelpers';
import { until } from '../harness/wait';

const expectTrusted = process.env.PERFLENS_EXPECT_TRUSTED === '1';
const spyLog = process.env.PERFLENS_GIT_SPY_LOG ?? '';
const mode = expectTrusted ? 'trusted' : 'untrusted (Restricted Mode)';
const aMode = expectTrusted ? 'a trusted' : 'an untrusted (Restricted Mode)';

function gitCalls(): string[] {
  return readFileSync(spyLog, 'utf8').split('\n').filter(Boolean);
}

/** A pprof endpoint on 127.0.0.1 (Go's /debug/pprof shape) serving the shop's real CPU profile; it records every request. */
async function pprofServer(): Promise<{ url: string; requests: string[]; server: Server }> {
  const profile = readFileSync(join(perflens().extensionPath, 'test/fixtures/go/cpu-trimpath.pb.gz'));
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.url === '/debug/pprof/' || req.url === '/debug/pprof') {
      res.writeHead(200, { 'content-type': 'text/html' }).end("<a href='profile?seconds=30'>profile</a>");
    } else if (req.url?.startsWith('/debug/pprof/profile')) {
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(profile);
    } else {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/debug/pprof`, requests, server };
}

describe(`PerfLens in ${aMode} workspace`, () => {
  const settings = () => vscode.workspace.getConfiguration('perflens');

  it(`the window is ${mode}, as the harness set it up, and PerfLens works in it`, async () => {
    assert.ok(spyLog, 'the harness set GIT_TRACE (PERFLENS_GIT_SPY_LOG names its file)');
    assert.equal(vscode.workspace.isTrusted, expectTrusted);
    const { profile } = (await loadedApi()).session.current!;
    assert.equal(profile.service, 'shop', 'the local store is read in either mode');
    assert.ok(profile.files.some((f) => f.relativePath === 'pricing/prices.go'));
  });

  it(expectTrusted
    ? 'runs git to move the heat onto today\'s lines (the profile was taken three lines earlier)'
    : 'runs no git at all, so the heat stays on the profiled line numbers, and says why', async () => {
    const api = await loadedApi();
    const deployed = settings().get<string>('profileGitRef');
    assert.match(deployed ?? '', /^[0-9a-f]{40}$/, 'the workspace names the deployed commit');
    const uri = workspaceFile('pricing/prices.go');
    const today = await markerLine(uri, 'cpu busy-loop');
    const { plan } = await openAndRender(api, uri);
    const hot = (line: number) => plan.find((p) => p.line === line && p.share > 0.05);
    const notes = api.session.current!.profile.notes.join('\n');
    if (expectTrusted) {
      assert.ok(hot(today), `heat on today's busy loop line ${today + 1}; heat is on ${plan.map((p) => p.line + 1).join(', ')}`);
      assert.ok(gitCalls().some((c) => c.includes(deployed!)), `PerfLens asked git about the deployed commit: ${gitCalls().join(' | ')}`);
    } else {
      assert.ok(hot(today - 3), `heat on the profiled line ${today - 2}; heat is on ${plan.map((p) => p.line + 1).join(', ')}`);
      assert.ok(!hot(today), 'nothing moved the heat onto today\'s line');
      assert.match(notes, /git does not run in an untrusted workspace/);
      assert.deepEqual(gitCalls(), [], 'nothing in the window ran git');
    }
  });

  it(expectTrusted
    ? 'contacts a server named in the workspace settings when asked to load from it'
    : 'never contacts a server named in the workspace settings, even when a command names it', async () => {
    const api = await loadedApi();
    const team = await pprofServer();
    try {
      await settings().update('sources', [{ name: 'Team pprof', url: team.url }], vscode.ConfigurationTarget.Workspace);
      const before = api.session.current!.profile;
      // Named by a command argument (as a keybinding would), then through the pickers with Enter on each.
      await answerPrompts(() => vscode.commands.executeCommand('perflens.loadFromSource', { source: 'Team pprof' }));
      if (expectTrusted) {
        assert.ok(team.requests.some((r) => r.startsWith('/debug/pprof/profile')), `the profile was fetched: ${team.requests.join(', ')}`);
        const loaded = api.session.current!.profile;
        assert.notEqual(loaded, before);
        assert.equal(loaded.service, 'Team pprof');
        assert.ok(loaded.files.some((f) => f.relativePath === 'pricing/prices.go'), 'the fetched profile maps onto the workspace');
      } else {
        assert.equal(api.session.current!.profile, before, 'nothing was loaded');
        await answerPrompts(() => vscode.commands.executeCommand('perflens.loadFromSource'));
        assert.equal(api.session.current!.profile.service, 'shop', 'the pickers offered the local store only');
        assert.deepEqual(team.requests, [], 'the workspace\'s server received no request');
      }
    } finally {
      await settings().update('sources', undefined, vscode.ConfigurationTarget.Workspace);
      team.server.close();
    }
  });

  it(expectTrusted
    ? 'reads the store folder the workspace settings name, wherever it is'
    : 'ignores a store folder named by the workspace settings and keeps to the workspace\'s own store', async () => {
    const api = await loadedApi();
    // A store outside the workspace, holding a profile of another service.
    const elsewhere = mkdtempSync(join(tmpdir(), 'perflens-elsewhere-store-'));
    try {
      const shopStore = join(vscode.workspace.workspaceFolders![0].uri.fsPath, '.perflens/store/shop/v1/cpu');
      await mkdir(join(elsewhere, 'billing/v9'), { recursive: true });
      await cp(shopStore, join(elsewhere, 'billing/v9/cpu'), { recursive: true });
      await settings().update('store.path', elsewhere, vscode.ConfigurationTarget.Workspace);
      await answerPrompts(() => vscode.commands.executeCommand('perflens.loadStore'));
      const loaded = await until(() => api.session.current, 'a load to finish');
      if (expectTrusted) assert.equal(loaded.profile.service, 'billing', 'the configured store was read');
      else {
        assert.equal(loaded.profile.service, 'shop', 'the workspace\'s own store, not the configured one');
        assert.ok(loaded.profile.sources.every((s) => !s.startsWith(elsewhere)), 'no file of the other folder was loaded');
      }
    } finally {
      await settings().update('store.path', undefined, vscode.ConfigurationTarget.Workspace);
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it(expectTrusted
    ? 'shows a file as a commit left it (a side of "Open the Commit\'s Change") from git'
    : 'shows no file of a commit and runs no git for it; "Open the Commit\'s Change" opens nothing', async () => {
    const deployed = settings().get<string>('profileGitRef')!;
    const file = workspaceFile('pricing/prices.go');
    const before = gitCalls().length;
    const atDeployed = await vscode.workspace.openTextDocument(file.with({ scheme: 'perflens-commit', query: deployed }));
    const today = readFileSync(file.fsPath, 'utf8');
    if (expectTrusted) {
      // Today's text is the deployed one with three comment lines put on top.
      assert.ok(atDeployed.getText().length > 0 && today !== atDeployed.getText() && today.endsWith(atDeployed.getText()), 'the deployed commit\'s text');
      assert.ok(gitCalls().slice(before).some((c) => c.includes('show')), `git show ran: ${gitCalls().slice(before).join(' | ')}`);
    } else {
      assert.equal(atDeployed.getText(), '');
      const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).length;
      const open = tabs();
      await vscode.commands.executeCommand('perflens.openCommitChange', { hash: deployed, path: file.fsPath });
      assert.equal(tabs(), open, 'no diff editor opened');
      assert.deepEqual(gitCalls(), [], 'nothing in the window ran git');
    }
  });
});
