// What scripts/setup-peers/sdk-*.sh installed into ~/.cache/perflens-peers, checked against the sources it was
// made from (the same stamp the script writes), so a test never runs a stale build.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export function peersCache(): string {
  return process.env.PERFLENS_PEERS_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'perflens-peers');
}

/** `sha256(concatenated files)[0:16] + ' ' + extra`, as the set-up scripts compute it with `cat … | sha256sum`. */
export function sourceStamp(files: readonly string[], extra: string): string {
  const hash = createHash('sha256');
  for (const f of files) hash.update(readFileSync(f));
  return `${hash.digest('hex').slice(0, 16)} ${extra}`;
}

/** The folder an up-to-date set-up made, or an error naming the script to run. */
export function cachedInstall(folder: string, stamp: string, script: string): string {
  const dir = join(peersCache(), folder);
  const complete = join(dir, '.complete');
  if (!existsSync(complete) || readFileSync(complete, 'utf8') !== stamp) {
    throw new Error(`${dir} is missing or out of date: run 'bash scripts/setup-peers/${script}' (npm test does)`);
  }
  return dir;
}

export function goVersion(): string {
  return execFileSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' }).trim();
}
