// Builds and starts the sample service of examples/shop (Go, net/http/pprof) for the collector tests, the same
// way test/unit/sources/helpers/services.ts builds its Go fixture: Debian's Go, standard library only, offline.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { goBuild, startListening, type RunningService } from '../../sources/helpers/services';

export const examplesShopDir = resolve(__dirname, '../../../../examples/shop');

export async function buildShop(): Promise<{ binary: string; cleanup: () => void }> {
  const work = mkdtempSync(join(tmpdir(), 'perflens-shop-'));
  const src = join(work, 'src');
  cpSync(examplesShopDir, src, { recursive: true });
  const binary = join(work, 'shop');
  await goBuild(src, binary, ['-trimpath']);
  return { binary, cleanup: () => rmSync(work, { recursive: true, force: true }) };
}

export function startShop(binary: string, release: 'v1' | 'v2'): Promise<RunningService> {
  return startListening(binary, ['-addr', '127.0.0.1:0', '-release', release, '-exit-with-stdin']);
}

/** Runs the shop's own load generator against it until stop() (in the background). */
export function driveLoad(binary: string, address: string): { stop(): Promise<void> } {
  const child = spawn(binary, ['-load', `http://${address}`, '-duration', '1h', '-concurrency', '2'], { stdio: 'ignore' });
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  return {
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Every file under `root` (relative paths), hidden ones included. */
export function allFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, rel: string) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const p = join(dir, name);
      const r = rel ? `${rel}/${name}` : name;
      if (statSync(p).isDirectory()) walk(p, r);
      else out.push(r);
    }
  };
  walk(root, '');
  return out.sort();
}
