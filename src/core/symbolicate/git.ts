// The only place the symbolication core runs git. Arguments are arrays (execFile, never a shell), every call has a
// timeout and an output cap, and callers can switch git off entirely: a repository's own config can make git run
// programs (core.fsmonitor, diff drivers), so an untrusted workspace must not run it at all.

import { execFile } from 'node:child_process';

export interface GitOptions {
  /** Folder to run in (a workspace root; may be a sub-folder of the repository). */
  cwd: string;
  /** false: every call fails with GitDisabledError without starting a process. */
  enabled: boolean;
  timeoutMs?: number;
  maxOutputBytes?: number;
  /** Program to run; tests may point it elsewhere. */
  gitPath?: string;
}

export class GitDisabledError extends Error {
  constructor() {
    super('git is disabled for this workspace');
  }
}

export class GitError extends Error {
  constructor(message: string, readonly exitCode: number | undefined, readonly stderr: string) {
    super(message);
  }
}

/** Revisions we pass to git must look like revisions, never like options. */
export function isSafeRevision(ref: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._/@{}^~+-]*$/.test(ref) && !ref.includes('..') && ref.length <= 256;
}

export interface GitRename {
  /** Path at the revision (relative to cwd, forward slashes). */
  from: string;
  /** Path now. */
  to: string;
}

/** A commit as `git log` describes it: full hash, author name, author date (ISO 8601) and subject line. */
export interface GitCommit {
  readonly hash: string;
  readonly author: string;
  readonly date: string;
  readonly subject: string;
}

export class Git {
  constructor(private readonly options: GitOptions) {}

  get enabled(): boolean {
    return this.options.enabled;
  }

  /** Full commit id of a revision, or undefined when the repository does not have it. */
  async resolveCommit(ref: string): Promise<string | undefined> {
    if (!isSafeRevision(ref)) return undefined;
    try {
      const out = await this.run(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
      return out.trim() || undefined;
    } catch (e) {
      if (e instanceof GitError) return undefined;
      throw e;
    }
  }

  /** The file's text at a revision, or undefined if it did not exist there. `path` is relative to cwd. */
  async show(commit: string, path: string): Promise<string | undefined> {
    if (!isSafeRevision(commit)) throw new GitError(`not a revision: ${commit}`, undefined, '');
    try {
      return await this.run(['show', '--no-textconv', `${commit}:./${path}`]);
    } catch (e) {
      if (e instanceof GitError) return undefined;
      throw e;
    }
  }

  /** Files renamed between the revision and the working tree, restricted to (and relative to) cwd. */
  async renamesSince(commit: string): Promise<GitRename[]> {
    if (!isSafeRevision(commit)) throw new GitError(`not a revision: ${commit}`, undefined, '');
    const out = await this.run(['diff', '--no-ext-diff', '--no-textconv', '-M', '--name-status', '-z', '--relative', commit, '--']);
    const fields = out.split('\0');
    const renames: GitRename[] = [];
    for (let i = 0; i < fields.length; ) {
      const status = fields[i++];
      if (!status) continue;
      if (status.startsWith('R') || status.startsWith('C')) {
        const from = fields[i++];
        const to = fields[i++];
        if (status.startsWith('R') && from && to) renames.push({ from, to });
      } else i++;
    }
    return renames;
  }

  /**
   * Commits between two revisions (reachable from `head`, not from `base`) that changed any of the given line
   * ranges of a file, following those lines back through earlier edits (`git log -L`), newest first. Ranges are
   * 1-based and inclusive, in the file's text at `head`; `path` is relative to cwd.
   */
  async lineLog(base: string, head: string, path: string, ranges: readonly (readonly [number, number])[]): Promise<GitCommit[]> {
    if (!isSafeRevision(base) || !isSafeRevision(head)) throw new GitError(`not a revision: ${isSafeRevision(base) ? head : base}`, undefined, '');
    if (ranges.length === 0) return [];
    const lines = ranges.map(([from, to]) => `-L${Math.max(1, Math.floor(from))},${Math.max(1, Math.floor(to))}:./${path}`);
    const out = await this.run(['log', '--no-ext-diff', '--no-textconv', '-s', '--format=%H%x00%an%x00%aI%x00%s%x00', ...lines, `${base}..${head}`]);
    const commits: GitCommit[] = [];
    for (const record of out.split('\0\n')) {
      const [hash, author, date, subject] = record.replace(/^\n+/, '').split('\0');
      if (hash && /^[0-9a-f]{40,64}$/.test(hash)) commits.push({ hash, author: author ?? '', date: date ?? '', subject: subject ?? '' });
    }
    return commits;
  }

  private run(args: string[]): Promise<string> {
    if (!this.options.enabled) return Promise.reject(new GitDisabledError());
    return new Promise((resolve, reject) => {
      execFile(
        this.options.gitPath ?? 'git',
        ['-c', 'core.quotepath=off', '-c', 'core.fsmonitor=false', ...args],
        {
          cwd: this.options.cwd,
          timeout: this.options.timeoutMs ?? 10_000,
          maxBuffer: this.options.maxOutputBytes ?? 64 * 1024 * 1024,
          encoding: 'utf8',
          windowsHide: true,
          env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' },
        },
        (error, stdout, stderr) => {
          if (!error) return resolve(stdout);
          const code = typeof error.code === 'number' ? error.code : undefined;
          if (code === undefined && (error as NodeJS.ErrnoException).code === 'ENOENT') return reject(new GitError('git is not installed', undefined, ''));
          const why = error.killed ? `timed out after ${this.options.timeoutMs ?? 10_000} ms` : stderr.trim() || error.message;
          reject(new GitError(`git ${args[0]} failed: ${why}`, code, stderr));
        },
      );
    });
  }
}
