// The profile sources the user configured (`perflens.sources`), plus the local store that is always there.
// Workspace trust: in an untrusted workspace, sources named in workspace settings are ignored entirely — a cloned
// repository must not make PerfLens contact its servers or receive the user's credentials.
import * as vscode from 'vscode';
import { parseSourceSpec, type SourceConfig } from '../../sources';
import { sourceByName } from '../links/resolveLinkSource';
import type { ConfiguredSource } from './configuredSource';
import { storeFolder } from '../storeLoader';

export type { ConfiguredSource } from './configuredSource';

interface SourceEntry {
  name?: unknown;
  url?: unknown;
  tenant?: unknown;
  projectId?: unknown;
}

/** The sources PerfLens may use now; problems with entries are returned as messages, not thrown. */
export function configuredSources(): { sources: ConfiguredSource[]; problems: string[] } {
  const problems: string[] = [];
  const sources: ConfiguredSource[] = [];
  const store = storeFolder();
  if (store) sources.push({ name: 'Local store', url: store, config: { kind: 'store', root: store }, scope: 'builtin' });

  const inspected = vscode.workspace.getConfiguration('perflens').inspect<SourceEntry[]>('sources');
  const add = (entries: SourceEntry[] | undefined, scope: 'user' | 'workspace') => {
    for (const entry of Array.isArray(entries) ? entries : []) {
      const url = typeof entry?.url === 'string' ? entry.url : '';
      const name = typeof entry?.name === 'string' && entry.name ? entry.name : url;
      try {
        let config = parseSourceSpec(url);
        if (config.kind === 'pyroscope' && typeof entry.tenant === 'string' && entry.tenant) config = { ...config, tenant: entry.tenant };
        if (config.kind === 'parca' && typeof entry.projectId === 'string' && entry.projectId) config = { ...config, projectId: entry.projectId };
        sources.push({ name, url, config, scope });
      } catch (e) {
        problems.push(`perflens.sources entry "${name}": ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  };
  add(inspected?.globalValue, 'user');
  const workspaceEntries = [...(inspected?.workspaceValue ?? []), ...(inspected?.workspaceFolderValue ?? [])];
  if (vscode.workspace.isTrusted) add(workspaceEntries, 'workspace');
  else if (workspaceEntries.length > 0) problems.push(`${workspaceEntries.length} source(s) in this workspace's settings are ignored: the workspace is not trusted.`);
  return { sources, problems };
}

/**
 * The configured source a command argument names (`{ "source": "<name or URL>" }`, e.g. from a keybinding), so a
 * key can load from one server without the pickers. Only sources PerfLens may use now are found: in an untrusted
 * workspace, naming a source from the workspace's settings fails with the reason; a name two different sources
 * share is refused with both listed.
 */
export function namedSource(name: string): ConfiguredSource {
  const { sources, problems } = configuredSources();
  return sourceByName(name, sources, problems, 'the command names the profile source');
}

/** The origin credentials are saved for: scheme, host and port of the server (never a path, never a store). */
export function credentialOrigin(config: SourceConfig): string | undefined {
  return config.kind === 'store' ? undefined : new URL(config.baseUrl).origin;
}
