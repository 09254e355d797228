// Where the per-file trend summaries of a store are kept between runs (the CLI's and the editor's worker share it).
import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** `$XDG_CACHE_HOME/perflens/trends/<hash of the store folder>.json` (else ~/.cache/…). */
export function defaultSummaryCacheFile(storeRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.trim() !== '' ? env.XDG_CACHE_HOME : join(homedir(), '.cache');
  return join(base, 'perflens', 'trends', `${createHash('sha256').update(storeRoot).digest('hex').slice(0, 24)}.json`);
}
