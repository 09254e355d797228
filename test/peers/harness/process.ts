// A server process started by a peers test: its output kept (the tail, for failure messages), its exit
// observable, stopped with SIGTERM (then SIGKILL if it ignores that), and never left behind when the test
// process ends.
import { spawn, type ChildProcess } from 'node:child_process';

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export interface ServerProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** The last 64 KiB of stdout and stderr together. */
  output(): string;
  /** Why it is not running (exit code or signal), or undefined while it runs. */
  exitReason(): string | undefined;
  stop(): Promise<void>;
}

export function startProcess(name: string, command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): ServerProcess {
  const child = spawn(command, [...args], { cwd: options.cwd, env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
  running.add(child);
  let out = '';
  const keep = (d: Buffer) => {
    out += d.toString();
    if (out.length > 128 * 1024) out = out.slice(-64 * 1024);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited: string | undefined;
  let spawnError: string | undefined;
  child.once('error', (e) => (spawnError = `could not start ${command}: ${e.message}`));
  const exit = new Promise<void>((resolve) => child.once('close', (code, signal) => {
    exited = signal ? `killed by ${signal}` : `exited with code ${code}`;
    running.delete(child);
    resolve();
  }));
  return {
    name,
    child,
    output: () => out.slice(-64 * 1024),
    exitReason: () => spawnError ?? exited,
    async stop() {
      if (exited) return;
      child.stdin?.end();
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(killer);
    },
  };
}

/** "<name> exited with code 1; its output ends: …" */
export function describeExit(server: ServerProcess): string | undefined {
  const reason = server.exitReason();
  return reason && `${server.name} ${reason}; its output ends:\n${server.output().slice(-4000)}`;
}
