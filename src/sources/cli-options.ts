/**
 * What the CLI commands over sources (`perflens fetch`, `perflens sources`) share: credentials from the
 * environment, --from/--to, and how a SourceError becomes an exit code. Kept here, next to the sources, so the
 * CLI command files stay small; nothing here imports the CLI.
 */
import type { SourceDeps } from './create-source';
import { SourceError } from './errors';
import { credentialsFromEnv } from './http/auth';
import { parseTimeSpec } from './time-range';
import type { TimeRange } from './types';

/** Exit codes as src/cli/io.ts defines them: 1 the source failed, 2 bad usage or configuration. */
const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;

interface ErrorSink {
  readonly stderr: { write(text: string): unknown };
}

export type Env = Readonly<Record<string, string | undefined>>;

export const ENV_HELP = `Environment (credentials are never taken from the command line):
  PERFLENS_TOKEN        bearer token (Grafana service account glsa_…, Grafana Cloud glc_…, Polar Signals)
  PERFLENS_BASIC_AUTH   user:password for basic auth (not together with PERFLENS_TOKEN)
  PERFLENS_TENANT       Pyroscope tenant, sent as X-Scope-OrgID
`;

export const SOURCE_HELP = `Sources:
  <folder>                         a PerfLens store (<service>/<version>/<type>/<millis>.pb.gz, or any
                                   pprof files inside it)
  pprof+http://host:port           a live service with Go's net/http/pprof routes (or the same routes)
  http://host:port/debug/pprof     the same
  pyroscope+https://host           Grafana Pyroscope, or a Grafana data source proxy URL
                                   (pyroscope+https://grafana/api/datasources/proxy/uid/<uid>)
  parca+https://host               Parca (or an API base such as parca+https://api.polarsignals.com/api)
`;

/** Source deps from the environment, or an error message for bad variables. */
export function depsFromEnv(env: Env): { deps: SourceDeps } | { error: string } {
  const fromEnv = credentialsFromEnv(env);
  if (fromEnv.error) return { error: fromEnv.error };
  return { deps: { credentials: fromEnv.credentials, tenant: fromEnv.tenant } };
}

/** --from/--to → a range; undefined when neither is given. */
export function parseRange(from: string | undefined, to: string | undefined, nowMs: number): TimeRange | undefined | { error: string } {
  if (from === undefined && to === undefined) return undefined;
  const toMs = to === undefined ? nowMs : parseTimeSpec(to, nowMs);
  if (toMs === undefined) return { error: `--to: cannot read '${to}' as a time (now, now-1h, 2026-08-01T10:00:00Z, unix seconds or ms)` };
  const fromMs = from === undefined ? toMs - 3_600_000 : parseTimeSpec(from, nowMs);
  if (fromMs === undefined) return { error: `--from: cannot read '${from}' as a time (now-1h, 2026-08-01T10:00:00Z, unix seconds or ms)` };
  if (fromMs >= toMs) return { error: '--from must be before --to' };
  return { fromMs, toMs };
}

/** Prints a failure from a source and returns the exit code for it (2 for bad configuration, else 1). */
export function reportFailure(io: ErrorSink, command: string, e: unknown): number {
  if (e instanceof SourceError) {
    io.stderr.write(`perflens ${command}: ${e.message}\n`);
    return e.kind === 'config' ? EXIT_USAGE : EXIT_FAILURE;
  }
  throw e;
}
