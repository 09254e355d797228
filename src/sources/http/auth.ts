/**
 * Credentials for remote sources. They come in as values (the extension reads SecretStorage, the CLI reads
 * environment variables) and leave only as an Authorization header to the source's own origin.
 */

export type Credentials =
  /** `Authorization: Bearer <token>` (Grafana service-account `glsa_…`, Grafana Cloud `glc_…`, Polar Signals). */
  | { readonly token: string }
  /** `Authorization: Basic …` (Grafana Cloud user id + access-policy token, an authenticating proxy). */
  | { readonly username: string; readonly password: string };

export function authorizationHeader(credentials: Credentials | undefined): string | undefined {
  if (!credentials) return undefined;
  if ('token' in credentials) return `Bearer ${credentials.token}`;
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`, 'utf8').toString('base64')}`;
}

/** The secret strings to scrub from any text shown to the user. */
export function secretsOf(credentials: Credentials | undefined): string[] {
  if (!credentials) return [];
  const header = authorizationHeader(credentials) ?? '';
  if ('token' in credentials) return [credentials.token, header];
  return [credentials.password, header.slice('Basic '.length), header];
}

export interface EnvCredentials {
  readonly credentials?: Credentials;
  readonly tenant?: string;
  /** A problem with the variables (both token and basic auth set, basic auth without a colon). */
  readonly error?: string;
}

/**
 * The CLI's credentials: PERFLENS_TOKEN (bearer), PERFLENS_BASIC_AUTH (`user:password`), PERFLENS_TENANT
 * (X-Scope-OrgID). Never from argv: command lines end up in shell history and process lists.
 */
export function credentialsFromEnv(env: Readonly<Record<string, string | undefined>>): EnvCredentials {
  const token = env.PERFLENS_TOKEN?.trim() || undefined;
  const basic = env.PERFLENS_BASIC_AUTH || undefined;
  const tenant = env.PERFLENS_TENANT?.trim() || undefined;
  if (token && basic) return { tenant, error: 'set PERFLENS_TOKEN or PERFLENS_BASIC_AUTH, not both' };
  if (token) return { credentials: { token }, tenant };
  if (basic) {
    const colon = basic.indexOf(':');
    if (colon <= 0) return { tenant, error: 'PERFLENS_BASIC_AUTH must be user:password' };
    return { credentials: { username: basic.slice(0, colon), password: basic.slice(colon + 1) }, tenant };
  }
  return { tenant };
}
