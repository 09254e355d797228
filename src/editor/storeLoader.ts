// Loads the embedded default source, the workspace's local profile store, into the session: the newest version
// of the workspace's service, CPU profiles when there are any.
import * as vscode from 'vscode';
import { groupsOfVersion, listStoreProfiles, pickDefaultGroup } from './storeSelection';
import { readConfig } from './config';
import type { ProfileSession } from './profileSession';

export function storeFolder(): string | undefined {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const configured = readConfig().storePath;
  const first = folders.find((f) => f.uri.scheme === 'file');
  if (configured) {
    return configured.replace(/\$\{workspaceFolder(?::([^}]+))?\}/g, (_m, name?: string) =>
      (name ? folders.find((f) => f.name === name) : first)?.uri.fsPath ?? '');
  }
  return first ? vscode.Uri.joinPath(first.uri, '.perflens', 'store').fsPath : undefined;
}

/** `userAsked`: say so when there is nothing to load (on start-up, stay quiet). */
export async function loadLocalStore(session: ProfileSession, log: vscode.LogOutputChannel, userAsked: boolean): Promise<void> {
  const folder = storeFolder();
  const entries = folder ? await listStoreProfiles(folder) : [];
  const group = pickDefaultGroup(entries);
  if (!group) {
    if (userAsked) {
      void vscode.window.showInformationMessage(`PerfLens: no profiles in the local store${folder ? ` (${folder})` : ''}. ` +
        'Drop pprof files there, run `perflens collect`, or use "Open Profile File...".');
    }
    return;
  }
  log.info(`local store: loading ${group.files.length} ${group.type} profile(s) of ${group.service} ${group.version}`);
  const known = (v: string) => (v === 'unknown' ? undefined : v);
  const hints = { service: known(group.service), version: known(group.version) };
  // The other profile kinds of the same version (heap, mutex...) are offered by the type switch.
  session.setAlternatives(groupsOfVersion(entries, group.service, group.version).filter((g) => g.type !== group.type)
    .map((g) => ({ label: g.type, detail: `${g.files.length} profile(s) of ${g.service} ${g.version} in the local store`, sources: g.files.map((f) => f.path), hints })));
  await session.load(group.files.map((f) => f.path), undefined, hints);
}
