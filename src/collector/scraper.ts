/**
 * Scrapes one target (a net/http/pprof endpoint) into the local store until stopped or past its deadline: one
 * loop per profile kind (scrape-kinds.ts), each writing every profile it takes with writeStoreProfile (temp file
 * + rename, so a reader or a crash never sees half a file), stamped with service, version and time comments.
 *
 * Stopping aborts captures in flight (their partial replies are discarded; nothing is written) and lets a write
 * in progress finish. With a deadline, a loop does not start a capture that would end after it.
 */
import { abortableSleep } from '../sources/abort';
import { SourceError } from '../sources/errors';
import { describeBytesHere } from '../sources/describe-here';
import { PprofHttpSource } from '../sources/pprof-http/pprof-http-source';
import { writeStoreProfile } from '../sources/store/store-writer';
import { withComments, stampComments } from './profile-labels';
import { FETCH_TYPE, isWindowed, type ScrapeKind } from './scrape-kinds';
import { VersionResolver, type VersionSpec } from './version-source';

export interface ScrapeTarget {
  /** `http://host:port` (then `/debug/pprof` is appended) or the full pprof base URL. */
  readonly url: string;
  readonly service: string;
  readonly version: VersionSpec;
  readonly kinds: readonly ScrapeKind[];
  /** Length of each CPU capture. */
  readonly cpuSeconds: number;
  /** Time between snapshots (heap, goroutine) and the length of each mutex/block window. */
  readonly intervalMs: number;
}

export interface StoredProfileEvent {
  readonly path: string;
  readonly service: string;
  readonly version: string;
  readonly type: string;
  readonly timeMs: number;
  readonly bytes: number;
  /** 'scrape' or 'push'. */
  readonly via: 'scrape' | 'push';
}

export interface ScraperEvents {
  readonly onStored?: (e: StoredProfileEvent) => void;
  readonly onWarning?: (message: string) => void;
}

/** `http://127.0.0.1:6060` → `http://127.0.0.1:6060/debug/pprof`; a URL with a path is kept as is. */
export function pprofBaseUrl(url: string): string {
  const u = new URL(url);
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`a target must be an http(s) URL, not ${url}`);
  const path = u.pathname.replace(/\/+$/, '');
  return `${u.origin}${path === '' ? '/debug/pprof' : path}`;
}

export class TargetScraper {
  private readonly source: PprofHttpSource;
  private readonly versions: VersionResolver;

  constructor(
    private readonly store: string,
    private readonly target: ScrapeTarget,
    private readonly events: ScraperEvents = {},
  ) {
    const baseUrl = pprofBaseUrl(target.url);
    this.source = new PprofHttpSource({ baseUrl, service: target.service, http: { retry: { retries: 1 } }, describe: describeBytesHere() });
    this.versions = new VersionResolver(target.version, { refreshMs: Math.max(target.intervalMs, 10_000), onWarning: (m) => this.warn(m) });
  }

  /** Runs every kind's loop until `signal` aborts or `deadlineMs` (epoch ms) passes. */
  async run(signal: AbortSignal, deadlineMs = Infinity): Promise<void> {
    await Promise.all(this.target.kinds.map((kind) => this.loop(kind, signal, deadlineMs)));
  }

  private async loop(kind: ScrapeKind, signal: AbortSignal, deadlineMs: number): Promise<void> {
    const windowed = isWindowed(kind);
    const windowMs = kind === 'cpu' ? this.target.cpuSeconds * 1000 : this.target.intervalMs;
    let failures = 0;
    while (!signal.aborted) {
      const started = Date.now();
      if (windowed && started + windowMs > deadlineMs) return;
      if (!windowed && started > deadlineMs) return;
      let ok = false;
      try {
        ok = await this.takeOne(kind, windowed ? Math.max(1, Math.round(windowMs / 1000)) : undefined, signal);
      } catch (e) {
        if (signal.aborted) return;
        if (e instanceof SourceError && e.kind === 'not-found') {
          this.warn(`${this.target.service}: ${e.message}; no longer collecting ${kind} from ${this.target.url}`);
          return;
        }
        failures++;
        this.warn(`${this.target.service} ${kind}: ${(e as Error).message}`);
      }
      if (ok) failures = 0;
      // Windows follow each other at once; snapshots wait out the interval; failures back off (up to a minute).
      const backoff = failures > 0 ? Math.min(60_000, 1000 * 2 ** Math.min(failures - 1, 6)) : 0;
      const wait = Math.max(backoff, windowed ? 0 : this.target.intervalMs - (Date.now() - started));
      if (wait > 0) {
        if (Date.now() + wait > deadlineMs && deadlineMs !== Infinity && !windowed) return;
        try {
          await abortableSleep(wait, signal);
        } catch {
          return;
        }
      }
    }
  }

  /** Takes and stores one profile; false when the endpoint is busy with another CPU capture. */
  private async takeOne(kind: ScrapeKind, seconds: number | undefined, signal: AbortSignal): Promise<boolean> {
    const version = await this.versions.current(signal);
    let fetched;
    try {
      [fetched] = await this.source.fetchProfiles({ service: this.target.service, type: FETCH_TYPE[kind], seconds }, { signal });
    } catch (e) {
      if (e instanceof SourceError && e.kind === 'busy') {
        this.warn(`${this.target.service}: another CPU profile is running on ${this.target.url}; skipping this window`);
        await abortableSleep(1000, signal);
        return false;
      }
      throw e;
    }
    // A capture that completed is written even if stop() came meanwhile: only unfinished ones are discarded.
    const bytes = withComments(fetched.bytes, stampComments(this.target.service, version, fetched.timeMs, { collected_by: 'perflens collect' }));
    const path = await writeStoreProfile(this.store, { service: this.target.service, version, type: fetched.type, timeMs: fetched.timeMs, bytes });
    this.events.onStored?.({ path, service: this.target.service, version, type: fetched.type, timeMs: fetched.timeMs, bytes: bytes.length, via: 'scrape' });
    return true;
  }

  private warn(message: string): void {
    this.events.onWarning?.(message);
  }
}
