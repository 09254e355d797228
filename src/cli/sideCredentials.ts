// The credentials each side's source gets in `perflens diff` and `perflens check`. With a different server on each
// side (staging against prod), a token meant for one must never reach the other: the shared variables
// (PERFLENS_TOKEN, PERFLENS_BASIC_AUTH, PERFLENS_TENANT) are refused, and each side reads its own
// (PERFLENS_BASE_TOKEN…, PERFLENS_HEAD_TOKEN…). One server for both sides, or a store, reads the shared ones.
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

/** Per source spec, the environment its credentials are read from; or why the shared ones cannot be used. */
export function sideEnvs(base: string | undefined, head: string | undefined, env: Env): Map<string, Env> | { error: string } {
  const envs = new Map<string, Env>();
  const servers = [base, head].map((spec) => (spec === undefined ? undefined : serverOf(spec)));
  const twoServers = servers[0] !== undefined && servers[1] !== undefined && servers[0] !== servers[1];
  if (!twoServers) {
    for (const spec of [base, head]) if (spec !== undefined) envs.set(spec, env);
    return envs;
  }
  const shared = SHARED.filter((name) => env[name]?.trim());
  if (shared.length > 0) {
    return { error: `${shared.join(', ')} would go to both ${servers[0]} and ${servers[1]}: set ${shared.map((n) => n.replace('PERFLENS_', 'PERFLENS_BASE_')).join(', ')} or ${shared.map((n) => n.replace('PERFLENS_', 'PERFLENS_HEAD_')).join(', ')} for the side that needs it instead` };
  }
  const sideEnv = (prefix: string): Env => {
    const own: Record<string, string | undefined> = { ...env };
    for (const name of SHARED) own[name] = env[name.replace('PERFLENS_', prefix)];
    return own;
  };
  envs.set(base!, sideEnv('PERFLENS_BASE_'));
  envs.set(head!, sideEnv('PERFLENS_HEAD_'));
  return envs;
}
