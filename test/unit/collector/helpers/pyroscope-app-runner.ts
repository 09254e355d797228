// Runs helpers/pyroscope-app.js (the real @pyroscope/nodejs SDK in a Node app) until the test has seen enough of
// its pushes, then lets it flush and exit.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { until } from '../../../harness/wait';

export interface PyroscopeAppOptions {
  readonly authToken?: string;
  /** CPU time in the wall profiles (@datadog/pprof's collectCpuTime). */
  readonly collectCpuTime?: boolean;
}

export function runPyroscopeApp(server: string, tags: Record<string, string>, enough: () => boolean, options: PyroscopeAppOptions = {}): Promise<void> {
  // Inlining off, as in test/fixtures/README.md: otherwise priceCart is charged to its caller.
  const child = spawn(process.execPath, ['--no-turbo-inlining', resolve(__dirname, 'pyroscope-app.js'), server, JSON.stringify(tags), JSON.stringify(options)], { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
  return until(() => enough() || child.exitCode !== null, 'the SDK\'s pushes')
    .finally(() => child.stdin.end())
    .then(async () => {
      const code = await exited;
      if (code !== 0) throw new Error(`pyroscope app exited with ${code}: ${stderr}`);
    });
}
