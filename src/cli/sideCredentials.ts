// The credentials each side's source gets in `perflens diff` and `perflens check`. With a different server on each
// side (staging against prod), a token meant for one must never reach the other: the shared variables
// (PERFLENS_TOKEN, PERFLENS_BASIC_AUTH, PERFLENS_TENANT) are refused, and each side reads its own
// (PERFLENS_BASE_TOKEN…, PERFLENS_HEAD_TOKEN…). One server for both sides, or a store, reads the shared ones; two
// tenants of one server (PERFLENS_BASE_TENANT, PERFLENS_HEAD_TENANT) share its credentials, each side its tenant.
import { parseSourceSpec } from '../sources/create-source';
import type { Env } from '../sources/cli-options';

const SHARED = ['PERFLENS_TOKEN', 'PERFLENS_BASIC_AUTH', 'PERFLENS_TENANT'] as const;

/** The server a source spec names (scheme, host and port); undefined for a store folder or a spec that is not valid. */
function serverOf(spec: string): string | undefined {
  try {
    const config = parseSourceSpec(spec);
    return 'baseUrl' in config ? new URL(String(config.baseUrl)).origin : undefined;
  } catch {
    return undefined; // createSource says what is wrong with it
  }
}

/** Each side's environment its source's credentials are read from (sides without a source have none); or why not. */
export function sideEnvs(base: string | undefined, head: string | undefined, env: Env): { base?: Env; head?: Env } | { error: string } {
  const servers = [base, head].map((spec) => (spec === undefined ? undefined : serverOf(spec)));
  const twoServers = servers[0] !== undefined && servers[1] !== undefined && servers[0] !== servers[1];
  const present = (name: string) => !!env[name]?.trim();
  const sides = (baseEnv: Env, headEnv: Env) => ({ ...(base !== undefined ? { base: baseEnv } : {}), ...(head !== undefined ? { head: headEnv } : {}) });
  if (!twoServers) {
    if (base === undefined || head === undefined || !['PERFLENS_BASE_TENANT', 'PERFLENS_HEAD_TENANT'].some(present)) return sides(env, env);
    // One server read as two tenants: its credentials on both sides, each side's own tenant (else the shared one).
    const tenantOf = (prefix: string): Env => ({ ...env, PERFLENS_TENANT: present(`${prefix}TENANT`) ? env[`${prefix}TENANT`] : env.PERFLENS_TENANT });
    return sides(tenantOf('PERFLENS_BASE_'), tenantOf('PERFLENS_HEAD_'));
  }
  const shared = SHARED.filter(present);
  if (shared.length > 0) {
    return { error: `${shared.join(', ')} would go to both ${servers[0]} and ${servers[1]}: set ${shared.map((n) => n.replace('PERFLENS_', 'PERFLENS_BASE_')).join(', ')} or ${shared.map((n) => n.replace('PERFLENS_', 'PERFLENS_HEAD_')).join(', ')} for the side that needs it instead` };
  }
  const sideEnv = (prefix: string): Env => {
    const own: Record<string, string | undefined> = { ...env };
    for (const name of SHARED) own[name] = env[name.replace('PERFLENS_', prefix)];
    return own;
  };
  return sides(sideEnv('PERFLENS_BASE_'), sideEnv('PERFLENS_HEAD_'));
}
