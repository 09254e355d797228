// Which of the configured sources a link's `source` names. A URL names the sources configured with that server (links
// are written so: a URL is one server, and the same on a colleague's machine whatever they call it); anything else
// names a source by its name (a store's, and older links'). Names are the user's own and two sources may share one:
// a name or URL that fits two different sources is refused, never settled by taking the first. Pure: no vscode.
import { parseSourceSpec, type SourceConfig } from '../../sources';
import type { ConfiguredSource } from '../sources/sourceSettings';

/** The configured source a link names, or the server it names that is not configured (to offer adding it). */
export type LinkSourceMatch = { readonly entry: ConfiguredSource } | { readonly unconfigured: SourceConfig };

/** Throws an Error saying what is wrong when `spec` names no configured source, or more than one. */
export function resolveLinkSource(spec: string, sources: readonly ConfiguredSource[], problems: readonly string[] = []): LinkSourceMatch {
  const isUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(spec);
  if (!isUrl) {
    const named = sources.filter((s) => s.name === spec);
    const matches = named.length > 0 ? named : sources.filter((s) => s.url === spec);
    if (matches.length === 0) {
      throw new Error(`the link names the source "${spec}", which is not in perflens.sources (known: ${sources.map((s) => `"${s.name}"`).join(', ')}).${problems.length ? ` ${problems.join(' ')}` : ''}`);
    }
    return { entry: onlyOne(matches, `the link names the source "${spec}", and ${matches.length} of your sources are called so`, 'give them names of their own in perflens.sources') };
  }
  const config = parseSourceSpec(spec);
  if (config.kind === 'store') throw new Error('a link may not name a store folder; open the store from the workspace');
  const matches = sources.filter((s) => s.url === spec || sameServer(s.config, config));
  if (matches.length === 0) return { unconfigured: config };
  return { entry: onlyOne(matches, `the link names ${spec}, and ${matches.length} of your sources reach that server`, 'keep one entry for it in perflens.sources') };
}

/** Two source configs that reach the same server (kind and base URL). */
export function sameServer(a: SourceConfig, b: SourceConfig): boolean {
  return a.kind === b.kind && a.kind !== 'store' && b.kind !== 'store' && a.baseUrl.replace(/\/+$/, '') === b.baseUrl.replace(/\/+$/, '');
}

/** The one source among `matches`: entries that read the same (one server listed twice, in user and workspace settings) are one. */
function onlyOne(matches: readonly ConfiguredSource[], what: string, fix: string): ConfiguredSource {
  const distinct = new Map(matches.map((s) => [JSON.stringify(s.config), s]));
  if (distinct.size === 1) return matches[0];
  const list = [...distinct.values()].map((s) => `"${s.name}": ${describeConfig(s)}`).join('; ');
  throw new Error(`${what} (${list}): which one is meant is not clear, so nothing is loaded; ${fix}.`);
}

function describeConfig(s: ConfiguredSource): string {
  const c = s.config;
  if (c.kind === 'store') return c.root;
  const extra = c.kind === 'pyroscope' && c.tenant ? `, tenant ${c.tenant}` : c.kind === 'parca' && c.projectId ? `, project ${c.projectId}` : '';
  return `${s.url}${extra}`;
}
