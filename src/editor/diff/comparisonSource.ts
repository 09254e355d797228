// A configured source as a comparison's side names it: for people (its name), for the command line (its URL or
// folder), for links (its id), and whose data it reads on its server (tenant, project). Pure: no vscode.
import type { ConfiguredSource } from '../sources/configuredSource';
import type { ComparisonSource } from './comparison';

export const comparisonSource = (entry: ConfiguredSource): ComparisonSource => {
  const c = entry.config;
  return {
    name: entry.name, spec: c.kind === 'store' ? c.root : entry.url, kind: c.kind, id: sourceId(entry),
    ...(c.kind === 'pyroscope' && c.tenant !== undefined ? { tenant: c.tenant } : {}),
    ...(c.kind === 'parca' && c.projectId !== undefined ? { project: c.projectId } : {}),
  };
};

/**
 * What a link names a source by: a store's name; a server's base URL as PerfLens connects to it (scheme, host, port
 * and path: a query string or fragment written in the setting is not part of the server, and not for a link).
 */
export function sourceId(entry: ConfiguredSource): string {
  const c = entry.config;
  return c.kind === 'store' ? entry.name : `${c.kind === 'pprof-http' ? 'pprof' : c.kind}+${c.baseUrl}`;
}
