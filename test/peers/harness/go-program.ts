// Builds a Go program of the peers tests (a module folder with go.mod and go.sum) with the `go` on PATH, into a
// temp folder. Modules come from the Go module proxy into the usual module cache; go.sum must be complete
// (-mod=readonly), so what the test runs is exactly what was committed.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

export interface BuiltProgram {
  readonly binary: string;
  cleanup(): void;
}

export async function buildGoProgram(moduleDir: string): Promise<BuiltProgram> {
  const work = mkdtempSync(join(tmpdir(), `perflens-peer-${basename(moduleDir)}-`));
  const binary = join(work, basename(moduleDir));
  await new Promise<void>((ok, fail) => {
    execFile('go', ['build', '-trimpath', '-o', binary, '.'], {
      cwd: moduleDir,
      timeout: 600_000,
      env: { ...process.env, CGO_ENABLED: '0', GOFLAGS: '-mod=readonly', GOTOOLCHAIN: 'local' },
    }, (err, _out, stderr) => (err ? fail(new Error(`go build in ${moduleDir} failed: ${stderr || err.message}`)) : ok()));
  });
  return { binary, cleanup: () => rmSync(work, { recursive: true, force: true }) };
}
