// Runs the perflens CLI (dist/cli.js) as a child process, the way a user or CI does.
import { execFile } from 'node:child_process';
import { cliPath } from './binaries';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function perflens(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cliPath(), ...args], { env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024, timeout: 180_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** The JSON a command printed, or a failure that shows what it said instead. */
export async function perflensJson<T>(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<T> {
  const r = await perflens(args, env);
  if (r.code !== 0) throw new Error(`perflens ${args.join(' ')} exited ${r.code}: ${r.stderr || r.stdout}`);
  return JSON.parse(r.stdout) as T;
}

export interface TopRow {
  readonly function: string;
  readonly flat: number;
  readonly cum: number;
}

/** `perflens top --json` of a profile file. */
export function top(file: string, type?: string): Promise<{ type: string; total: number; rows: TopRow[] }> {
  return perflensJson(['top', file, '--json', ...(type ? ['--type', type] : [])]);
}
