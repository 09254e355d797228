// Which configured source a link or a pasted URL means. A link may name a source (by name or URL); one that is not
// configured is loaded only after the user agrees to add it to their own settings — a link never makes PerfLens
// contact a server on its own, and never points it at a folder.
import * as vscode from 'vscode';
import { parseSourceSpec, type SourceConfig } from '../../sources';
import { configuredSources, type ConfiguredSource } from '../sources/sourceSettings';

/** The source for `spec` (undefined: the local store); undefined when the user declines adding it. */
export async function sourceForLink(spec: string | undefined): Promise<ConfiguredSource | undefined> {
  const { sources, problems } = configuredSources();
  if (spec === undefined) {
    const store = sources.find((s) => s.scope === 'builtin');
    if (!store) throw new Error('the link names no source and this workspace has no local store folder');
    return store;
  }
  const named = sources.find((s) => s.name === spec || s.url === spec);
  if (named) return named;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(spec)) {
    throw new Error(`the link names the source "${spec}", which is not in perflens.sources (known: ${sources.map((s) => `"${s.name}"`).join(', ')}).${problems.length ? ` ${problems.join(' ')}` : ''}`);
  }
  const config = parseSourceSpec(spec);
  if (config.kind === 'store') throw new Error('a link may not name a store folder; open the store from the workspace');
  const same = sources.find((s) => sameServer(s.config, config));
  if (same) return same;
  return offerToAdd(spec, config);
}

/** Two source configs that reach the same server (kind and base URL). */
export function sameServer(a: SourceConfig, b: SourceConfig): boolean {
  return a.kind === b.kind && a.kind !== 'store' && b.kind !== 'store' && a.baseUrl.replace(/\/+$/, '') === b.baseUrl.replace(/\/+$/, '');
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
  await settings.update('sources', [...current, { name, url }], vscode.ConfigurationTarget.Global);
  return { name, url, config, scope: 'user' };
}
