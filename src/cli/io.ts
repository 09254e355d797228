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
