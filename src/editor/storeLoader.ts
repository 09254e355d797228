// Loads the embedded default source, the workspace's local profile store, into the session: the workspace's
// service (else the service with the newest profiles), its newest version, CPU profiles when there are any.
// The store's other profile kinds of that version are offered by the type switch.
import * as vscode from 'vscode';
import type { ProfileTypeInfo } from '../sources';
import { readConfig } from './config';
import type { LocalStores } from './localStores';
import type { ProfileSession } from './profileSession';

export function storeFolder(): string | undefined {
  const folders = vscode.workspace.workspaceFolders ?? [];
  // An untrusted workspace's settings must not point PerfLens at folders elsewhere on the machine: there only the
  // user's own setting counts (package.json also lists the setting under restrictedConfigurations).
  const configured = vscode.workspace.isTrusted
    ? readConfig().storePath
    : (vscode.workspace.getConfiguration('perflens').inspect<string>('store.path')?.globalValue ?? '').trim();
  const first = folders.find((f) => f.uri.scheme === 'file');
  if (configured) {
    return configured.replace(/\$\{workspaceFolder(?::([^}]+))?\}/g, (_m, name?: string) =>
      (name ? folders.find((f) => f.name === name) : first)?.uri.fsPath ?? '');
  }
  return first ? vscode.Uri.joinPath(first.uri, '.perflens', 'store').fsPath : undefined;
}

const PREFERRED_TYPES = ['cpu', 'wall'];

/** `userAsked`: say so when there is nothing to load (on start-up, stay quiet). */
export async function loadLocalStore(
  session: ProfileSession, stores: LocalStores, log: vscode.LogOutputChannel, userAsked: boolean, preferredServices: readonly string[] = [],
): Promise<void> {
  const folder = storeFolder();
  // One scan of the store answers every question below.
  const store = folder ? await stores.at(folder).listing() : undefined;
  const services = store ? store.services() : [];
  if (!store || services.length === 0) {
    if (userAsked) {
      void vscode.window.showInformationMessage(`PerfLens: no profiles in the local store${folder ? ` (${folder})` : ''}. ` +
        'Drop pprof files there, run `perflens collect`, or use "Open Profile File...".');
    }
    return;
  }
  // The workspace's own service when the store has it; else the one profiled last.
  let service = preferredServices.find((s) => services.includes(s));
  let versions = service ? store.versions(service) : [];
  if (!service) {
    let newest = -Infinity;
    for (const s of services) {
      const v = store.versions(s);
      const last = v[v.length - 1]?.lastSeenMs ?? 0;
      if (last > newest) { newest = last; service = s; versions = v; }
    }
  }
  const version = versions[versions.length - 1]?.version;
  if (!service || !version) return;
  const ofVersion = store.profileTypes(service).filter((t) => store.versions(service, { type: t.type }).some((v) => v.version === version));
  const chosen = ofVersion.find((t) => PREFERRED_TYPES.includes(t.type)) ?? ofVersion[0];
  if (!chosen) return;

  const known = (v: string) => (v === 'unknown' ? undefined : v);
  const hints = { service: known(service), version: known(version) };
  // Listed, not read: the profile worker decodes them as it loads them, and skips (and reports) any that does not decode.
  const selectionOf = (t: ProfileTypeInfo) => ({
    sources: store.files({ service, type: t.type, versions: [version] }).map((f) => f.path), type: t.sampleType, hints, fromStore: true,
  });
  session.setAlternatives(ofVersion.filter((t) => t !== chosen).map((t) => {
    const selection = selectionOf(t);
    return { label: t.type, detail: `${selection.sources.length} profile(s) of ${service} ${version} in the local store`, selection };
  }));
  const selection = selectionOf(chosen);
  log.info(`local store: loading ${selection.sources.length} ${chosen.type} profile(s) of ${service} ${version}`);
  await session.load(selection, { quiet: !userAsked });
}
