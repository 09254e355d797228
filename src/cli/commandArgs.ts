/**
 * Reading a command's options with node:util parseArgs the way every command does: an option parseArgs refuses
 * is the command's usage error (exit 2), and for the commands that take -h/--help as an ordinary option, asking
 * for it prints the help (exit 0). Either way the caller gets the exit code instead of the values.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { EXIT_OK, argumentErrorMessage, writeUsageError, type CliIo } from './io';

/** A strict parse (unknown options are errors) of the given arguments. */
type StrictConfig = ParseArgsConfig & { args: string[]; strict: true };

type ParsedArgs<C extends StrictConfig> = ReturnType<typeof parseArgs<C>>;

/** parseArgs, or the usage error (naming `command`) for what it refused. */
export function parseOptions<C extends StrictConfig>(command: string, io: CliIo, config: C): ParsedArgs<C> | number {
  try {
    return parseArgs(config);
  } catch (e) {
    return writeUsageError(io.stderr, command, argumentErrorMessage(e));
  }
}

const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/**
 * A command's options and positionals, with -h/--help added. --help is honoured only once every argument has
 * parsed, so `--bogus --help` is a usage error.
 */
export function parseCommandArgs<O extends OptionsConfig>(command: string, help: string, args: readonly string[], io: CliIo, options: O) {
  const parsed = parseOptions(command, io, { args: [...args], allowPositionals: true, strict: true, options: { ...options, ...HELP_OPTION } });
  if (typeof parsed === 'number') return parsed;
  if ((parsed.values as { help?: boolean }).help) {
    io.stdout.write(help);
    return EXIT_OK;
  }
  return parsed;
}
