/** Runs the perflens CLI in-process and captures what it writes. */
import { runCli } from '../../../../src/cli/run';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCliCaptured(argv: readonly string[]): Promise<CliResult> {
  return captureOutput((io) => runCli(argv, io));
}

export interface CapturingIo {
  readonly stdout: { write: (s: string) => void };
  readonly stderr: { write: (s: string) => void };
}

/** What a command run with `io` (one command's own entry, with its environment) wrote, and its exit code. */
export async function captureOutput(run: (io: CapturingIo) => Promise<number> | number): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await run({ stdout: { write: (s) => (stdout += s) }, stderr: { write: (s) => (stderr += s) } });
  return { code, stdout, stderr };
}
