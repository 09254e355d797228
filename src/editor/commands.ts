// The PerfLens commands of the command palette, views and lenses. Each reports failures as a clear message.
import * as vscode from 'vscode';
import { pickOne, askText } from './prompts';
import { PROFILE_FILE_DIALOG_EXTENSIONS } from '../core/readers/fileNames';
import type { HeatController } from './heat/heatController';
import type { HotspotsTree } from './hotspotsTree';
import type { ProfileSession } from './profileSession';
import type { ProfileStatusBar } from './statusBar';

export interface CommandDeps {
  session: ProfileSession;
  heat: HeatController;
  tree: HotspotsTree;
  treeView: vscode.TreeView<unknown>;
  status: ProfileStatusBar;
  log: vscode.LogOutputChannel;
  loadStore(): Promise<void>;
}

/** Run a command body, turning any failure into an error message and a log line instead of a silent rejection. */
export function reporting<A extends unknown[]>(log: vscode.LogOutputChannel, what: string, body: (...args: A) => Promise<unknown> | unknown) {
  return async (...args: A) => {
    try {
      return await body(...args);
    } catch (e) {
      if (e instanceof vscode.CancellationError) return undefined;
      const message = e instanceof Error ? e.message : String(e);
      log.error(`${what}: ${message}`);
      void vscode.window.showErrorMessage(`PerfLens: ${what} failed. ${message}`, 'Show Log').then((choice) => {
        if (choice) log.show(true);
      });
      return undefined;
    }
  };
}

export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const { session, heat, tree, treeView, status, log } = deps;
  const register = (id: string, what: string, body: (...args: never[]) => unknown) =>
    vscode.commands.registerCommand(id, reporting(log, what, body as (...args: unknown[]) => unknown));

  return [
    register('perflens.openProfileFile', 'Opening the profile', async (uri?: vscode.Uri) => {
      const picked = uri instanceof vscode.Uri ? [uri] : await vscode.window.showOpenDialog({
        canSelectMany: true,
        openLabel: 'Load Profile',
        title: 'PerfLens: choose profiles (several of one kind are merged)',
        filters: { Profiles: [...PROFILE_FILE_DIALOG_EXTENSIONS], 'All files': ['*'] },
      });
      if (!picked || picked.length === 0) return;
      const local = picked.filter((u) => u.scheme === 'file');
      if (local.length === 0) throw new Error('PerfLens reads profiles from local files only.');
      await session.load({ sources: local.map((u) => u.fsPath) });
    }),
    register('perflens.loadStore', 'Loading the local store', () => deps.loadStore()),
    register('perflens.selectProfileType', 'Switching the profile type', async () => {
      const p = session.current?.profile;
      if (!p) {
        void vscode.window.showInformationMessage('PerfLens: no profile is loaded.', 'Open Profile File...').then((c) => {
          if (c) void vscode.commands.executeCommand('perflens.openProfileFile');
        });
        return;
      }
      type Item = vscode.QuickPickItem & { run(): Promise<void> };
      const items: Item[] = p.sampleTypes.map((t, i) => ({
        label: t.type,
        description: t.unit,
        detail: i === p.typeIndex ? 'shown now' : undefined,
        run: () => (i === p.typeIndex ? Promise.resolve() : session.selectType(t.type)),
      }));
      const others = session.alternatives;
      if (others.length > 0) items.push({ label: 'other profiles', kind: vscode.QuickPickItemKind.Separator, run: async () => {} });
      for (const a of others) items.push({ label: a.label, detail: a.detail, run: () => session.loadAlternative(a) });
      const pick = await pickOne(items, { title: 'PerfLens: profile type', placeHolder: 'Which cost should the editor show?' });
      await pick?.run();
    }),
    register('perflens.toggleHeat', 'Toggling heat', () => {
      const on = heat.toggle();
      status.refresh();
      void vscode.window.setStatusBarMessage(`PerfLens heat ${on ? 'on' : 'off'}`, 2000);
    }),
    register('perflens.clearProfile', 'Clearing the profile', () => session.clear()),
    register('perflens.refreshHotspots', 'Refreshing', () => session.reload().then(() => tree.refresh())),
    register('perflens.revealHotspot', 'Revealing the function', async (name?: string) => {
      const node = typeof name === 'string' ? tree.functionNode(name) : undefined;
      if (node) await treeView.reveal(node, { select: true, focus: true });
    }),
    register('perflens.addPathRule', 'Adding a path rule', async (profilePath?: string) => {
      const from = await askText({
        title: 'PerfLens: path rule (1/2) — the prefix as the profile names it',
        value: typeof profilePath === 'string' ? suggestPrefix(profilePath) : '',
        prompt: 'e.g. /app/ or example.com/shop/ — everything after it is looked up under the folder you give next',
        validateInput: (v) => (v.trim() === '' ? 'A prefix is needed' : undefined),
      });
      if (!from) return;
      const folders = vscode.workspace.workspaceFolders ?? [];
      const to = await askText({
        title: 'PerfLens: path rule (2/2) — the workspace folder it maps to',
        value: folders.length > 1 ? `\${workspaceFolder:${folders[0].name}}/` : '${workspaceFolder}/',
        prompt: 'A folder inside the workspace; ${workspaceFolder} and ${workspaceFolder:name} are expanded',
      });
      if (!to) return;
      const config = vscode.workspace.getConfiguration('perflens');
      const rules = config.get<{ from: string; to: string }[]>('pathMappings', []);
      await config.update('pathMappings', [...rules, { from: from.trim(), to: to.trim() }], vscode.ConfigurationTarget.Workspace);
      await session.reload();
    }),
    register('perflens.showLog', 'Showing the log', () => log.show(true)),
  ];
}

/** The directory part of a profile path, as a first guess for a rule's prefix. */
function suggestPrefix(profilePath: string): string {
  const cut = Math.max(profilePath.lastIndexOf('/'), profilePath.lastIndexOf('\\'));
  return cut > 0 ? profilePath.slice(0, cut + 1) : profilePath;
}
