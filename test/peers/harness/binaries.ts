// The peer servers that scripts/setup-peers/*.sh built (links in ~/.cache/perflens-peers/bin), and the
// versions the tests report.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '../../..');

export function peersCache(): string {
  return process.env.PERFLENS_PEERS_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'perflens-peers');
}

/** The binary of a peer server, or an error saying which set-up script makes it. */
export function peerBinary(name: string): string {
  const path = join(peersCache(), 'bin', name);
  if (!existsSync(path)) throw new Error(`${name} is not built: run 'bash scripts/setup-peers/${name}.sh' (npm test does)`);
  return path;
}

/** The perflens CLI as users run it (dist/cli.js, built by scripts/test.mjs before the tiers). */
export function cliPath(): string {
  const cli = join(repoRoot, 'dist/cli.js');
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run 'node scripts/build.mjs' first`);
  return cli;
}

/** `go version`'s version (go1.26.8): the Go the tests build with. */
export function goVersion(): string {
  return execFileSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' }).trim();
}
