// Which configured source a link or a pasted URL means (resolveLinkSource.ts: by URL or name, never one of two that
// fit). A server that is not configured is loaded only after the user agrees to add it to their own settings — a
// link never makes PerfLens contact a server on its own, and never points it at a folder.
import * as vscode from 'vscode';
import type { SourceConfig } from '../../sources';
import { configuredSources, type ConfiguredSource } from '../sources/sourceSettings';
import { resolveLinkSource, scopeOf, type LinkSourceScope } from './resolveLinkSource';

/** The source for `spec` (undefined: the local store) and the tenant or project the link gives; undefined when the user declines adding it. */
export async function sourceForLink(spec: string | undefined, scope: LinkSourceScope = {}): Promise<ConfiguredSource | undefined> {
  const { sources, problems } = configuredSources();
  if (spec === undefined) {
    const store = sources.find((s) => s.scope === 'builtin');
    if (!store) throw new Error('the link names no source and this workspace has no local store folder');
    return store;
  }
  const match = resolveLinkSource(spec, sources, problems, scope);
  return 'entry' in match ? match.entry : offerToAdd(spec, match.unconfigured);
}

async function offerToAdd(url: string, config: SourceConfig): Promise<ConfiguredSource | undefined> {
  const add = 'Add Source and Load';
  const choice = await vscode.window.showWarningMessage(
    `PerfLens: the link loads profiles from ${url}, which is not one of your sources.`,
    { modal: true, detail: 'Adding it writes it to your user settings (perflens.sources). Credentials, if it needs any, are set with "PerfLens: Set Credentials for a Source...".' },
    add,
  );
  if (choice !== add) return undefined;
  const name = new URL(url.replace(/^[a-z]+\+/i, '')).host;
  const settings = vscode.workspace.getConfiguration('perflens');
  const current = settings.inspect<{ name?: string; url?: string }[]>('sources')?.globalValue ?? [];
  const { tenant, project } = scopeOf(config);
  await settings.update('sources', [...current, { name, url, ...(tenant !== undefined ? { tenant } : {}), ...(project !== undefined ? { projectId: project } : {}) }], vscode.ConfigurationTarget.Global);
  return { name, url, config, scope: 'user' };
}
