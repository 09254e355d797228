// Starts the real test services of test/fixtures/sources: the Go net/http/pprof server (built into a temp folder
// with Debian's Go, standard library only, no network) and the Node service using @datadog/pprof.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BUILD_DEADLINE_MS, DEADLINE_MS } from '../../../harness/wait';

export const fixturesDir = resolve(__dirname, '../../../fixtures/sources');

export interface RunningService {
  /** host:port */
  readonly address: string;
  /** Its exit status once it has exited (null while it runs). */
  exitCode(): number | null;
  /** What it wrote on stderr so far. */
  stderr(): string;
  /** Closes its stdin (it finishes what it does, e.g. an SDK's last uploads, and exits); resolves with its exit status. */
  stop(): Promise<number | null>;
}

/**
 * Builds the Go module in `srcDir` into `binary` offline (standard library only). The build cache is the user's
 * (shared and safe across concurrent builds): a fresh one recompiles the standard library on every run.
 */
export function goBuild(srcDir: string, binary: string, extraArgs: readonly string[] = []): Promise<void> {
  return new Promise<void>((ok, fail) => {
    execFile('go', ['build', ...extraArgs, '-o', binary, '.'], {
      cwd: srcDir,
      timeout: BUILD_DEADLINE_MS,
      env: {
        ...process.env,
        GOPATH: join(srcDir, '..', 'gopath'),
        GOENV: 'off',
        GOFLAGS: '-buildvcs=false',
        GOPROXY: 'off',
        GO111MODULE: 'on',
        CGO_ENABLED: '0',
      },
    }, (err, _out, stderr) => (err ? fail(new Error(`go build failed: ${stderr || err.message}`)) : ok()));
  });
}

/** Builds the Go server; returns the binary and a cleanup for the temp folder. */
export async function buildGoServer(): Promise<{ binary: string; cleanup: () => void }> {
  const work = mkdtempSync(join(tmpdir(), 'perflens-go-pprof-'));
  const src = join(work, 'src');
  cpSync(join(fixturesDir, 'go-pprof-server'), src, { recursive: true });
  const binary = join(work, 'pprofserver');
  await goBuild(src, binary);
  return { binary, cleanup: () => rmSync(work, { recursive: true, force: true }) };
}

/** Starts a process that prints `LISTEN host:port` and exits when its stdin closes. */
export function startListening(command: string, args: readonly string[], cwd?: string): Promise<RunningService> {
  const child: ChildProcess = spawn(command, [...args], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`${command} did not start within ${DEADLINE_MS / 1000} s: ${stderr}`));
    }, DEADLINE_MS);
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /LISTEN (\S+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      ok({
        address: m[1],
        exitCode: () => child.exitCode,
        stderr: () => stderr,
        stop: () => {
          if (child.exitCode === null) {
            child.stdin?.end();
            // Only a process that ignores its closed stdin gets here: it is broken, not slow.
            setTimeout(() => child.kill('SIGKILL'), DEADLINE_MS).unref();
          }
          return exited;
        },
      });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`${command} exited with ${code} before listening: ${stderr}`));
    });
  });
}

/** With TurboFan inlining off, as in test/fixtures/README.md: otherwise the hot function is charged to its caller. */
export function startNodeService(): Promise<RunningService> {
  return startListening(process.execPath, ['--no-turbo-inlining', join(fixturesDir, 'node-service', 'server.js')], join(fixturesDir, 'node-service'));
}
