// Which of the configured sources a link's `source` names. A URL names the sources configured with that server (links
// are written so: a URL is one server, and the same on a colleague's machine whatever they call it), narrowed by the
// tenant (Pyroscope X-Scope-OrgID) or Parca project the link gives: two sources may read one server as two tenants.
// Anything else names a source by its name (a store's, and older links'). Names are the user's own and two sources
// may share one: a name or URL that fits two different sources is refused, never settled by taking the first.
// Pure: no vscode.
import { parseSourceSpec, type SourceConfig } from '../../sources';
import type { ConfiguredSource } from '../sources/configuredSource';

/** The configured source a link names, or the server it names that is not configured (to offer adding it). */
export type LinkSourceMatch = { readonly entry: ConfiguredSource } | { readonly unconfigured: SourceConfig };

/** Whose data a link reads on its server: the Pyroscope tenant or the Parca project (routing, never a secret). */
export interface LinkSourceScope {
  readonly tenant?: string;
  readonly project?: string;
}

/** Throws an Error saying what is wrong when `spec` names no configured source, or more than one. */
export function resolveLinkSource(spec: string, sources: readonly ConfiguredSource[], problems: readonly string[] = [], scope: LinkSourceScope = {}): LinkSourceMatch {
  const isUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(spec);
  if (!isUrl) {
    if (scope.tenant !== undefined || scope.project !== undefined) throw new Error(`the link gives a tenant or project with the source "${spec}", which is not a server's URL`);
    return { entry: sourceByName(spec, sources, problems, 'the link names the source') };
  }
  const config = withScope(parseSourceSpec(spec), scope);
  if (config.kind === 'store') throw new Error('a link may not name a store folder; open the store from the workspace');
  const server = sources.filter((s) => s.url === spec || sameServer(s.config, config));
  if (server.length === 0) return { unconfigured: config };
  const scoped = server.filter((s) => scopeOf(s.config).tenant === scope.tenant && scopeOf(s.config).project === scope.project);
  const asked = describeScope(scope);
  if (scoped.length > 0) return { entry: onlyOne(scoped, `the link names ${spec}${asked}, and ${scoped.length} of your sources read that`, 'keep one entry for it in perflens.sources') };
  // A link with a tenant or project: only a source reading that one is meant (never another tenant's data).
  if (asked) {
    const list = server.map((s) => `"${s.name}": ${describeConfig(s)}`).join('; ');
    throw new Error(`the link names ${spec}${asked}, and none of your sources reads that (${list}): add one with that ${scope.tenant !== undefined ? 'tenant' : 'projectId'} to perflens.sources.`);
  }
  // No tenant in the link (written before links carried one): the one source of that server, if only one.
  return { entry: onlyOne(server, `the link names ${spec}, and ${server.length} of your sources reach that server`, 'open the link again from a newer copy (it names the tenant), or keep one entry for it in perflens.sources') };
}

/**
 * The configured source called `name` (or configured with that exact URL): the one of that name, refused when two
 * different sources have it. `what` begins the message ("the link names the source").
 */
export function sourceByName(name: string, sources: readonly ConfiguredSource[], problems: readonly string[], what: string): ConfiguredSource {
  const named = sources.filter((s) => s.name === name);
  const matches = named.length > 0 ? named : sources.filter((s) => s.url === name);
  if (matches.length === 0) {
    throw new Error(`${what} "${name}", which is not in perflens.sources (known: ${sources.map((s) => `"${s.name}"`).join(', ')}).${problems.length ? ` ${problems.join(' ')}` : ''}`);
  }
  return onlyOne(matches, `${what} "${name}", and ${matches.length} of your sources are called so`, 'give them names of their own in perflens.sources');
}

/** Two source configs that reach the same server (kind and base URL). */
export function sameServer(a: SourceConfig, b: SourceConfig): boolean {
  return a.kind === b.kind && a.kind !== 'store' && b.kind !== 'store' && a.baseUrl.replace(/\/+$/, '') === b.baseUrl.replace(/\/+$/, '');
}

/** The tenant or project a source config reads. */
export function scopeOf(c: SourceConfig): LinkSourceScope {
  return c.kind === 'pyroscope' ? { tenant: c.tenant } : c.kind === 'parca' ? { project: c.projectId } : {};
}

function withScope(c: SourceConfig, scope: LinkSourceScope): SourceConfig {
  if (c.kind === 'pyroscope' && scope.tenant !== undefined) return { ...c, tenant: scope.tenant };
  if (c.kind === 'parca' && scope.project !== undefined) return { ...c, projectId: scope.project };
  return c;
}

/** The one source among `matches`: entries that read the same (one server listed twice, in user and workspace settings) are one. */
function onlyOne(matches: readonly ConfiguredSource[], what: string, fix: string): ConfiguredSource {
  const distinct = new Map(matches.map((s) => [JSON.stringify(s.config), s]));
  if (distinct.size === 1) return matches[0];
  const list = [...distinct.values()].map((s) => `"${s.name}": ${describeConfig(s)}`).join('; ');
  throw new Error(`${what} (${list}): which one is meant is not clear, so nothing is loaded; ${fix}.`);
}

function describeScope(scope: LinkSourceScope): string {
  return scope.tenant !== undefined ? ` (tenant ${scope.tenant})` : scope.project !== undefined ? ` (project ${scope.project})` : '';
}

function describeConfig(s: ConfiguredSource): string {
  const c = s.config;
  if (c.kind === 'store') return c.root;
  const { tenant, project } = scopeOf(c);
  return `${s.url}${tenant ? `, tenant ${tenant}` : project ? `, project ${project}` : ''}`;
}
