/**
 * How src/sources runs git: execFile with an argument array (never a shell), a timeout, an output cap, no
 * terminal prompts, and a switch that turns it off. A repository's own config can make git run programs
 * (core.fsmonitor and friends), so an untrusted workspace must not run git at all: pass enabled: false.
 */
import { execFile } from 'node:child_process';

export interface GitRunOptions {
  /** Folder to run in (a workspace folder inside the repository). */
  readonly cwd: string;
  /** false: every call fails with GitDisabledError, no process is started. */
  readonly enabled: boolean;
  readonly timeoutMs?: number;
  readonly maxOutputBytes?: number;
  /** The git program; default `git` from PATH. */
  readonly gitPath?: string;
}

export class GitDisabledError extends Error {
  constructor() {
    super('git is disabled for this workspace (untrusted, or turned off in settings)');
  }
}

export class GitFailedError extends Error {
  constructor(message: string, readonly exitCode: number | string | undefined, readonly stderr: string) {
    super(message);
  }
}

export function runGit(options: GitRunOptions, args: readonly string[], input?: string): Promise<string> {
  if (!options.enabled) return Promise.reject(new GitDisabledError());
  return new Promise((resolve, reject) => {
    const child = execFile(
      options.gitPath ?? 'git',
      ['-c', 'core.fsmonitor=false', '-c', 'core.quotepath=off', ...args],
      {
        cwd: options.cwd,
        timeout: options.timeoutMs ?? 10_000,
        maxBuffer: options.maxOutputBytes ?? 16 * 1024 * 1024,
        encoding: 'utf8',
        windowsHide: true,
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' },
      },
      (error, stdout, stderr) => {
        if (error) {
          const e = error as NodeJS.ErrnoException & { killed?: boolean; code?: number | string };
          const why = e.killed ? `timed out after ${options.timeoutMs ?? 10_000} ms` : e.code === 'ENOENT' ? 'git is not installed or not on PATH' : stderr.trim().split('\n')[0] || e.message;
          reject(new GitFailedError(`git ${args[0]}: ${why}`, e.code, stderr));
          return;
        }
        resolve(stdout);
      },
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}
