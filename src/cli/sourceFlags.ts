/**
 * What the commands that ask a profile source (`perflens fetch`, `perflens sources`) do with their flags and
 * environment before the first request: --from/--to read against the clock, credentials taken from the
 * environment, and the source's dependencies with its warnings written to stderr as the command's own.
 */
import { depsFromEnv, parseRange, type Env } from '../sources/cli-options';
import type { SourceDeps } from '../sources/create-source';
import type { TimeRange } from '../sources/types';
import { writeUsageError, type CliIo } from './io';

/** The parseArgs options that say what to ask the source for: --service, --type and the --from/--to period. */
export const SOURCE_QUERY_OPTIONS = {
  service: { type: 'string' },
  type: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
} as const;

export interface SourceSetup {
  readonly range: TimeRange | undefined;
  readonly deps: SourceDeps;
}

/**
 * The range and the source deps: the environment's credentials, then `commandDeps` (the command's own flags),
 * then `extraDeps` (tests' transport and clock), later ones winning. A bad --from/--to or environment is written
 * as the command's usage error and its exit code returned.
 */
export function sourceSetup(
  command: string, flags: { readonly from?: string; readonly to?: string }, env: Env, io: CliIo,
  extraDeps: SourceDeps, commandDeps: SourceDeps = {},
): SourceSetup | number {
  const range = parseRange(flags.from, flags.to, (extraDeps.now ?? Date.now)());
  if (range && 'error' in range) return writeUsageError(io.stderr, command, range.error);
  const fromEnv = depsFromEnv(env);
  if ('error' in fromEnv) return writeUsageError(io.stderr, command, fromEnv.error);
  const onWarning = (m: string) => io.stderr.write(`perflens ${command}: warning: ${m}\n`);
  return { range, deps: { ...fromEnv.deps, ...commandDeps, onWarning, ...extraDeps } };
}
