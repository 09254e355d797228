/** What a CLI command gets instead of touching process.* directly, so tests run commands in-process. */
export interface TextSink {
  write(text: string): unknown;
}

export interface CliIo {
  readonly stdout: TextSink;
  readonly stderr: TextSink;
}

/** A subcommand: `run` returns the exit code (0 ok, 2 bad usage or bad input, 1 unexpected failure). */
export interface CliCommand {
  /** Full `perflens <name> --help` text. */
  readonly help: string;
  run(args: readonly string[], io: CliIo): Promise<number> | number;
}

/** Exit codes shared by every command. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** Writes the one-line usage error every command gives (naming it, and where its options are) and returns 2. */
export function writeUsageError(stderr: TextSink, command: string, message: string): number {
  stderr.write(`perflens ${command}: ${message}\nRun 'perflens ${command} --help' for usage.\n`);
  return EXIT_USAGE;
}

/** node:util parseArgs's error without its advice about `--`, which does not apply to these commands. */
export function argumentErrorMessage(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).replace(/\s+To specify a positional argument.*$/s, '');
}
