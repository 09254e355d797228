// A spy for "did anything run git?": git itself appends a line per command it runs to the file named by GIT_TRACE.
// (A `git` wrapper first on PATH does not work for this: the VS Code server gives its extension host the PATH of
// the user's login shell, not its own.) Put `env` into the VS Code server's environment.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function makeGitSpy() {
  const dir = mkdtempSync(join(tmpdir(), 'perflens-git-spy-'));
  const log = join(dir, 'git-trace.log');
  writeFileSync(log, '');
  return {
    env: { GIT_TRACE: log, PERFLENS_GIT_SPY_LOG: log },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
