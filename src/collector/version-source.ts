/**
 * Where a target's version comes from: a fixed string, a URL answering the version as text (e.g. the service's
 * own `/version`), or a command such as `git rev-parse HEAD` (run with execFile — no shell — in an optional
 * folder). URL and command answers are re-read at most every `refreshMs`, so a redeploy shows up as a new
 * version; when a read fails, the last good answer stays (or "unknown" before the first one).
 */
import { execFile } from 'node:child_process';

export type VersionSpec =
  | { readonly kind: 'fixed'; readonly version: string }
  | { readonly kind: 'url'; readonly url: string }
  | { readonly kind: 'command'; readonly argv: readonly string[]; readonly cwd?: string };

export const UNKNOWN_VERSION = 'unknown';
const MAX_VERSION_LENGTH = 200;

export class VersionResolver {
  private last: string | undefined;
  private readAtMs = -Infinity;

  constructor(
    private readonly spec: VersionSpec,
    private readonly options: { readonly refreshMs?: number; readonly onWarning?: (m: string) => void; readonly now?: () => number } = {},
  ) {}

  async current(signal?: AbortSignal): Promise<string> {
    if (this.spec.kind === 'fixed') return this.spec.version;
    const now = (this.options.now ?? Date.now)();
    if (this.last !== undefined && now - this.readAtMs < (this.options.refreshMs ?? 30_000)) return this.last;
    try {
      const text = this.spec.kind === 'url' ? await readUrl(this.spec.url, signal) : await runCommand(this.spec.argv, this.spec.cwd, signal);
      const version = firstLine(text);
      if (!version) throw new Error('the answer was empty');
      this.last = version;
      this.readAtMs = now;
    } catch (e) {
      if (signal?.aborted) throw e;
      const what = this.spec.kind === 'url' ? `GET ${this.spec.url}` : `'${this.spec.argv.join(' ')}'`;
      this.options.onWarning?.(`cannot read the version from ${what}: ${(e as Error).message}; using '${this.last ?? UNKNOWN_VERSION}'`);
      this.readAtMs = now;
      this.last ??= UNKNOWN_VERSION;
    }
    return this.last;
  }
}

function firstLine(text: string): string {
  return (text.split(/\r?\n/).map((l) => l.trim()).find((l) => l !== '') ?? '').slice(0, MAX_VERSION_LENGTH);
}

async function readUrl(url: string, signal?: AbortSignal): Promise<string> {
  const timeout = AbortSignal.timeout(5000);
  const res = await fetch(url, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout, redirect: 'error' });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const text = await res.text();
  return text.slice(0, 4096);
}

function runCommand(argv: readonly string[], cwd: string | undefined, signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(argv[0], argv.slice(1), { cwd, timeout: 10_000, maxBuffer: 64 * 1024, signal, windowsHide: true }, (err, stdout, stderr) => {
      if (err) reject(new Error(stderr.trim().split('\n')[0] || err.message));
      else resolve(stdout);
    });
  });
}

/**
 * Splits a command line into argv without a shell: whitespace separates words, '…' and "…" group (no
 * expansion of any kind), backslash escapes the next character outside single quotes.
 */
export function splitCommand(line: string): string[] {
  const out: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (ch === '\\' && quote === '"' && i + 1 < line.length) word += line[++i];
      else word += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) out.push(word);
      word = '';
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (quote) throw new Error(`unclosed ${quote} in command: ${line}`);
  if (inWord) out.push(word);
  return out;
}
