/**
 * What every command that reads profile files does first: read them, build one model (warnings on stderr), and
 * turn bad input into the command's one-line error (exit 2) instead of a stack trace.
 */
import { readModel } from '../core/model/readModel';
import type { ProfileModel } from '../core/model/types';
import { ProfileError } from '../core/profile/errors';
import { QueryError } from '../core/query/errors';
import { EXIT_USAGE, writeUsageError, type CliIo } from './io';

/** `typeName`: of a file holding several kinds of profile (JFR), the kind with that sample type (readers/groups.ts). */
export function loadModel(command: string, paths: readonly string[], io: CliIo, typeName?: string): ProfileModel | number {
  return runReporting(command, io, () => readModel(paths, {}, typeName, { warn: (w) => io.stderr.write(`perflens ${command}: warning: ${w}\n`) }));
}

/** `work()`, or the exit code after writing the error: a bad file (exit 2, naming it) or a query it cannot answer. */
export function runReporting<T>(command: string, io: CliIo, work: () => T): T | number {
  try {
    return work();
  } catch (e) {
    if (e instanceof ProfileError) {
      io.stderr.write(`perflens ${command}: ${e.message}\n`);
      return EXIT_USAGE;
    }
    if (e instanceof QueryError) return writeUsageError(io.stderr, command, e.message);
    throw e;
  }
}
