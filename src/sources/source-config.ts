/**
 * From a source URL (CLI argument, setting) or a config object to a ProfileSource, with what profiles hold read by
 * the describer it is given (create-source.ts gives the CLI's in-process one).
 *
 * URL forms:
 *   - a folder path (or file:// URL)                  → the local store
 *   - `pprof+http(s)://host:port[/prefix]`            → pprof over HTTP at <prefix>/debug/pprof
 *   - `http(s)://host:port/…/debug/pprof[/…]`         → pprof over HTTP at that /debug/pprof
 *   - `pyroscope+http(s)://host[/prefix]`             → Pyroscope (server root, or a Grafana data source proxy URL)
 *   - `parca+http(s)://host[/prefix]`                 → Parca (server, or an API base such as …/api)
 * Credentials never come in a URL (user:password@ is refused): they are SourceDeps.credentials.
 */
import { isAbsolute, resolve } from 'node:path';
import type { ProfileLimits } from '../core/profile/limits';
import { CachedSource } from './cache/cached-source';
import { identityOf, FetchCache } from './cache/fetch-cache';
import { SourceError } from './errors';
import type { Credentials } from './http/auth';
import { authorizationHeader } from './http/auth';
import type { RetryPolicy } from './http/client';
import { redactUrl } from './http/redact';
import type { HttpTransport } from './http/transport';
import { ParcaSource } from './parca/parca-source';
import { PprofHttpSource } from './pprof-http/pprof-http-source';
import { PyroscopeSource } from './pyroscope/pyroscope-source';
import type { ProfileDescriber } from './profile-metadata';
import { StoreSource } from './store/store-source';
import type { ProfileSource } from './types';

export type SourceConfig =
  | { readonly kind: 'store'; readonly root: string }
  | { readonly kind: 'pprof-http'; readonly baseUrl: string; readonly service?: string; readonly version?: string }
  | { readonly kind: 'pyroscope'; readonly baseUrl: string; readonly tenant?: string; readonly serviceLabel?: string; readonly versionLabels?: readonly string[] }
  | { readonly kind: 'parca'; readonly baseUrl: string; readonly projectId?: string; readonly serviceLabels?: readonly string[]; readonly versionLabels?: readonly string[] };

/** Everything a source needs from outside, injected (the extension: settings, SecretStorage; the CLI: env). */
export interface SourceDeps {
  readonly credentials?: Credentials;
  /** Pyroscope X-Scope-OrgID (when the config does not set one). */
  readonly tenant?: string;
  readonly transport?: HttpTransport;
  readonly now?: () => number;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly connectTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
  readonly retry?: Partial<RetryPolicy>;
  readonly maxResponseBytes?: number;
  readonly limits?: Partial<ProfileLimits>;
  readonly onWarning?: (message: string) => void;
  /** Where fetched remote profiles are cached (content-addressed); no caching when absent. */
  readonly cacheDir?: string;
  /** pprof over HTTP: extra attempts when Go's CPU profiler is busy, and the wait between them. */
  readonly busyRetries?: number;
  readonly busyRetryDelayMs?: number;
  /** pprof over HTTP: default capture seconds. */
  readonly defaultSeconds?: number;
  /** Base for relative store paths; default process.cwd(). */
  readonly cwd?: string;
  /** Reads what profiles hold: the extension's profile worker; default (createSource): this thread. */
  readonly describe?: ProfileDescriber;
}

const SCHEMES: Readonly<Record<string, 'pprof-http' | 'pyroscope' | 'parca'>> = {
  'pprof+http:': 'pprof-http',
  'pprof+https:': 'pprof-http',
  'pyroscope+http:': 'pyroscope',
  'pyroscope+https:': 'pyroscope',
  'parca+http:': 'parca',
  'parca+https:': 'parca',
};

/** Reads a source URL or path. Throws SourceError('config') with what to write instead. */
export function parseSourceSpec(spec: string, cwd = process.cwd()): SourceConfig {
  const text = spec.trim();
  if (text === '') throw configError(spec, 'no source given', 'Give a store folder or a URL such as pprof+http://127.0.0.1:6060.');
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)?.[1]?.toLowerCase();
  if (scheme === undefined) return { kind: 'store', root: isAbsolute(text) ? text : resolve(cwd, text) };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw configError(text.replace(/\/\/[^/@]*@/, '//'), 'not a valid URL', '');
  }
  if (url.username || url.password) {
    throw configError(redactUrl(url), 'credentials in the URL are not accepted', 'Remove user:password@ from the URL; the CLI reads PERFLENS_BASIC_AUTH or PERFLENS_TOKEN, the extension keeps them in its secret storage.');
  }
  if (url.protocol === 'file:') return { kind: 'store', root: decodeURIComponent(url.pathname) };
  const kind = SCHEMES[url.protocol];
  const httpUrl = (protocol: string) => {
    const u = new URL(url.toString().replace(/^[^:]+:/, protocol));
    u.hash = '';
    u.search = '';
    return u;
  };
  if (kind === 'pprof-http') {
    const u = httpUrl(url.protocol.endsWith('s:') ? 'https:' : 'http:');
    return { kind, baseUrl: pprofBase(u) };
  }
  if (kind === 'pyroscope' || kind === 'parca') {
    const u = httpUrl(url.protocol.endsWith('s:') ? 'https:' : 'http:');
    return { kind, baseUrl: trimSlash(u) } as SourceConfig;
  }
  if (url.protocol === 'http:' || url.protocol === 'https:') {
    if (/\/debug\/pprof(\/|$)/.test(url.pathname)) return { kind: 'pprof-http', baseUrl: pprofBase(httpUrl(url.protocol)) };
    throw configError(redactUrl(url), 'cannot tell what kind of server this is',
      `Write pprof+${url.protocol}//…, pyroscope+${url.protocol}//… or parca+${url.protocol}//… (or a URL ending in /debug/pprof).`);
  }
  throw configError(redactUrl(url), `unsupported URL scheme ${url.protocol}`, 'Use a folder, pprof+http://, pyroscope+https:// or parca+https://.');
}

/**
 * A ProfileSource for a URL, path or config, reading what profiles hold through `deps.describe`. Remote sources are
 * wrapped in the disk cache when deps.cacheDir is set.
 */
export function makeSource(specOrConfig: string | SourceConfig, deps: SourceDeps & { readonly describe: ProfileDescriber }): ProfileSource {
  const config = typeof specOrConfig === 'string' ? parseSourceSpec(specOrConfig, deps.cwd) : specOrConfig;
  const http = {
    credentials: deps.credentials,
    transport: deps.transport,
    connectTimeoutMs: deps.connectTimeoutMs,
    requestTimeoutMs: deps.requestTimeoutMs,
    retry: deps.retry,
    maxResponseBytes: deps.maxResponseBytes,
    sleep: deps.sleep,
  };
  switch (config.kind) {
    case 'store':
      return new StoreSource(config.root, { limits: deps.limits, onWarning: deps.onWarning, describe: deps.describe.files });
    case 'pprof-http':
      return new PprofHttpSource({
        baseUrl: config.baseUrl,
        service: config.service,
        version: config.version,
        http,
        limits: deps.limits,
        now: deps.now,
        sleep: deps.sleep,
        busyRetries: deps.busyRetries,
        busyRetryDelayMs: deps.busyRetryDelayMs,
        defaultSeconds: deps.defaultSeconds,
        describe: deps.describe.bytes,
      });
    case 'pyroscope':
      return withCache(new PyroscopeSource({ baseUrl: config.baseUrl, tenant: config.tenant ?? deps.tenant, serviceLabel: config.serviceLabel, versionLabels: config.versionLabels, http, limits: deps.limits, now: deps.now, describe: deps.describe.bytes }), deps);
    case 'parca':
      return withCache(new ParcaSource({ baseUrl: config.baseUrl, projectId: config.projectId, serviceLabels: config.serviceLabels, versionLabels: config.versionLabels, http, limits: deps.limits, now: deps.now, describe: deps.describe.bytes }), deps);
  }
}

function withCache(source: ProfileSource, deps: SourceDeps): ProfileSource {
  if (!deps.cacheDir) return source;
  return new CachedSource(source, {
    cache: new FetchCache(deps.cacheDir),
    identity: identityOf([authorizationHeader(deps.credentials), deps.tenant]),
    now: deps.now,
    onWarning: deps.onWarning,
  });
}

/** `http://h:p/x/debug/pprof/heap` → `http://h:p/x/debug/pprof`; `http://h:p/x` → `http://h:p/x/debug/pprof`. */
function pprofBase(u: URL): string {
  const path = u.pathname;
  const at = path.indexOf('/debug/pprof');
  const base = at >= 0 ? path.slice(0, at + '/debug/pprof'.length) : `${path.replace(/\/+$/, '')}/debug/pprof`;
  return `${u.origin}${base}`;
}

function trimSlash(u: URL): string {
  return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
}

function configError(what: string, problem: string, hint: string): SourceError {
  return new SourceError('config', `Source '${what}'`, problem, hint);
}
