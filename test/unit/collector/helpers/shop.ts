// Builds and starts the sample service of examples/shop (Go, net/http/pprof) for the collector tests, the same
// way test/unit/sources/helpers/services.ts builds its Go fixture: Debian's Go, standard library only, offline.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { goBuild, startListening, type RunningService } from '../../sources/helpers/services';

export const examplesShopDir = resolve(__dirname, '../../../../examples/shop');

export const shopV2Patch = resolve(__dirname, '../../../../examples/releases/shop-v2.patch');

/** Release v1 is examples/shop as it is; v2 is it with the commits of the release patch (the planted regression). */
export async function buildShop(release: 'v1' | 'v2' = 'v1'): Promise<{ binary: string; cleanup: () => void }> {
  const work = mkdtempSync(join(tmpdir(), 'perflens-shop-'));
  const src = join(work, 'src');
  cpSync(examplesShopDir, src, { recursive: true });
  if (release === 'v2') execFileSync('git', ['apply', shopV2Patch], { cwd: src, stdio: ['ignore', 'ignore', 'inherit'] });
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
