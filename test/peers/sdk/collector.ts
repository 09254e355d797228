// `perflens collect --ingest` as users run it (dist/cli.js, built before the tiers), for the SDK tests: a real
// process on 127.0.0.1, whose stdout lines say what it stored and whose stderr says what it refused.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { until } from '../../harness/wait';

export const repoRoot = resolve(__dirname, '../../..');

export interface StoredLine {
  readonly path: string;
  readonly type: string;
  readonly service: string;
  readonly version: string;
}

export interface RunningCollector {
  /** `http://127.0.0.1:port` */
  readonly url: string;
  readonly store: string;
  /** Profiles stored so far (the CLI's `push` lines). */
  readonly stored: StoredLine[];
  /** The CLI's `ingest refused an upload (status): reason` lines. */
  readonly refused: { status: number; reason: string }[];
  /** Stops it with SIGINT (uploads in flight are finished) and removes the store. */
  stop(): Promise<void>;
}

export async function startCollector(): Promise<RunningCollector> {
  const cli = join(repoRoot, 'dist/cli.js');
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run 'node scripts/build.mjs' first`);
  const store = mkdtempSync(join(tmpdir(), 'perflens-sdk-store-'));
  const child: ChildProcess = spawn(process.execPath, [cli, 'collect', '--ingest', '127.0.0.1:0', '--store', store], { stdio: ['ignore', 'pipe', 'pipe'] });
  const stored: StoredLine[] = [];
  const refused: { status: number; reason: string }[] = [];
  let err = '';
  let out = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    const lines = out.split('\n');
    out = lines.pop()!;
    for (const line of lines) {
      const [via, path, type, service, version] = line.split('\t');
      if (via === 'push') stored.push({ path, type, service, version });
    }
  });
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
    for (const m of d.toString().matchAll(/ingest refused an upload \((\d+)\): (.*)/g)) refused.push({ status: Number(m[1]), reason: m[2] });
  });
  const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
  const url = await until(() => {
    if (child.exitCode !== null) throw new Error(`perflens collect exited with ${child.exitCode}: ${err}`);
    return /ingest listening on (http:\/\/127\.0\.0\.1:\d+)\//.exec(err)?.[1];
  }, 'perflens collect to listen');
  return {
    url,
    store,
    stored,
    refused,
    async stop() {
      if (child.exitCode === null) child.kill('SIGINT');
      const code = await exited;
      rmSync(store, { recursive: true, force: true });
      if (code !== 0) throw new Error(`perflens collect exited with ${code}: ${err}`);
    },
  };
}
