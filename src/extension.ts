// Extension entry: creates the editor features, wires them to the profile session, and hands everything to
// VS Code for disposal. Heavy work (decode, aggregate, symbolicate) runs in the profile worker.
import * as vscode from 'vscode';
import { registerCommands } from './editor/commands';
import { CostCodeLensProvider } from './editor/codeLensProvider';
import { HeatController } from './editor/heat/heatController';
import { CostHoverProvider } from './editor/hoverProvider';
import { HotspotsTree } from './editor/hotspotsTree';
import { ProfileAnalyzer } from './editor/profileAnalyzer';
import { ProfileSession } from './editor/profileSession';
import { ProfileStatusBar } from './editor/statusBar';
import { loadLocalStore } from './editor/storeLoader';
import { PROFILE_FILE_EDITOR, ProfileFileEditorProvider } from './editor/profileFileEditor';
import { CredentialStore } from './editor/sources/credentialStore';
import { forgetCredentials, setCredentials } from './editor/sources/credentialCommands';
import { loadFromSource, workspaceServices } from './editor/sources/loadFromSource';
import { reporting } from './editor/commands';

/** What the in-host tests reach through `extension.exports`. */
export interface PerfLensApi {
  readonly session: ProfileSession;
  readonly heat: HeatController;
  readonly hotspots: HotspotsTree;
}

export function activate(context: vscode.ExtensionContext): PerfLensApi {
  const log = vscode.window.createOutputChannel('PerfLens', { log: true });
  log.info(`PerfLens ${context.extension.packageJSON.version} activated in VS Code ${vscode.version}`);
  const analyzer = new ProfileAnalyzer(vscode.Uri.joinPath(context.extensionUri, 'dist', 'profile-worker.js').fsPath, log);
  const session = new ProfileSession(analyzer, log);
  const heat = new HeatController(session);
  const tree = new HotspotsTree(session);
  const treeView = vscode.window.createTreeView('perflens.hotspots', { treeDataProvider: tree, showCollapseAll: true });
  const status = new ProfileStatusBar(session, () => heat.isEnabled);
  const lenses = new CostCodeLensProvider(session, heat);
  const selector: vscode.DocumentSelector = { scheme: 'file' };
  const credentials = new CredentialStore(context.secrets);
  const sourceContext = { session, credentials, cacheDir: context.globalStorageUri.fsPath, log };
  void vscode.commands.executeCommand('setContext', 'perflens.heatEnabled', heat.isEnabled);

  context.subscriptions.push(
    log, analyzer, session, heat, tree, treeView, status, lenses,
    vscode.languages.registerHoverProvider(selector, new CostHoverProvider(session, heat)),
    vscode.languages.registerCodeLensProvider(selector, lenses),
    ...registerCommands({ session, heat, tree, treeView: treeView as vscode.TreeView<unknown>, status, log, loadStore: () => loadLocalStore(session, log, true, workspaceServices()) }),
    vscode.commands.registerCommand('perflens.loadFromSource', reporting(log, 'Loading from the source', () => loadFromSource(sourceContext))),
    vscode.commands.registerCommand('perflens.setCredentials', reporting(log, 'Saving credentials', () => setCredentials(credentials))),
    vscode.commands.registerCommand('perflens.forgetCredentials', reporting(log, 'Removing credentials', () => forgetCredentials(credentials))),
    vscode.window.registerCustomEditorProvider(PROFILE_FILE_EDITOR, new ProfileFileEditorProvider(session)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('perflens.pathMappings') || e.affectsConfiguration('perflens.profileGitRef')) void session.reload().catch((err) => log.error(String(err)));
    }),
  );
  // The embedded default: profiles already in the workspace's local store show up without any set-up.
  void loadLocalStore(session, log, false, workspaceServices()).catch((e) => log.error(`local store: ${e instanceof Error ? e.message : String(e)}`));
  return { session, heat, hotspots: tree };
}

export function deactivate(): void {}
