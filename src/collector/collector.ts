/**
 * The collector: scrapes every target (scraper.ts), serves the Pyroscope-compatible ingest endpoint if
 * configured (ingest/), and applies retention every so often (retention.ts), all into one local store, until
 * stop() or the configured duration. stop() aborts captures in flight (nothing partial is written), lets
 * writes in progress finish, and closes the ingest server after its uploads are stored.
 */
import type { CollectorConfig } from './config';
import { startIngestServer, type RunningIngestServer } from './ingest/ingest-server';
import { otlpProfilesRoute } from './ingest/otlp-profiles';
import { INGEST_ROUTES } from './ingest/routes';
import { compactStore } from './compaction';
import { applyRetention } from './retention';
import { TargetScraper, type StoredProfileEvent } from './scraper';

export interface CollectorEvents {
  readonly onStored?: (e: StoredProfileEvent) => void;
  readonly onWarning?: (message: string) => void;
  readonly onRetention?: (deleted: number, keptBytes: number) => void;
  readonly onCompaction?: (written: number, replaced: number) => void;
  readonly onIngestListening?: (url: string) => void;
  readonly onRejected?: (status: number, reason: string) => void;
}

export class Collector {
  private readonly abort = new AbortController();
  private ingest: RunningIngestServer | undefined;
  private retentionTimer: NodeJS.Timeout | undefined;
  private finished: Promise<void> | undefined;

  constructor(private readonly config: CollectorConfig, private readonly events: CollectorEvents = {}, private readonly ingestToken?: string) {}

  /** Starts everything; resolves when collection has ended (stop() or the duration passed). */
  async run(): Promise<void> {
    const { config, events } = this;
    if (config.ingest) {
      this.ingest = await startIngestServer({
        store: config.store,
        host: config.ingest.host,
        port: config.ingest.port,
        maxBodyBytes: config.ingest.maxBodyBytes,
        token: this.ingestToken,
        routes: config.ingest.otlpProfilesAlpha ? [...INGEST_ROUTES, otlpProfilesRoute] : INGEST_ROUTES,
        onStored: events.onStored,
        onRejected: events.onRejected,
      });
      events.onIngestListening?.(this.ingest.url);
    }
    if (config.retention) {
      const policy = config.retention;
      let running = false;
      // Compaction first (it shrinks the store), then retention; never two passes at once.
      const apply = async () => {
        if (running) return;
        running = true;
        try {
          if (policy.compactAfterMs !== undefined) {
            const c = await compactStore(config.store, { olderThanMs: policy.compactAfterMs, onWarning: events.onWarning });
            if (c.written.length > 0) events.onCompaction?.(c.written.length, c.deleted.length);
          }
          const r = await applyRetention(config.store, policy);
          events.onRetention?.(r.deleted.length, r.keptBytes);
        } catch (e) {
          events.onWarning?.(`retention failed: ${(e as Error).message}`);
        } finally {
          running = false;
        }
      };
      void apply();
      this.retentionTimer = setInterval(apply, policy.everyMs);
    }
    const deadline = config.durationMs === undefined ? Infinity : Date.now() + config.durationMs;
    const scrapes = config.targets.map((t) => new TargetScraper(config.store, t, events).run(this.abort.signal, deadline));
    const untilDeadline = new Promise<void>((resolve) => {
      const timer = deadline === Infinity ? undefined : setTimeout(resolve, config.durationMs);
      const onAbort = () => {
        clearTimeout(timer);
        resolve();
      };
      if (this.abort.signal.aborted) onAbort();
      else this.abort.signal.addEventListener('abort', onAbort, { once: true });
    });
    this.finished = (async () => {
      // Scrape loops end by themselves at the deadline (no capture runs past it); the ingest server and
      // retention run until the deadline or stop().
      await Promise.all([Promise.all(scrapes), config.ingest || config.retention || config.targets.length === 0 ? untilDeadline : Promise.resolve()]);
      await this.shutdown();
    })();
    return this.finished;
  }

  /** Stops collecting; resolves when every write in progress has finished. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.finished;
  }

  private async shutdown(): Promise<void> {
    this.abort.abort();
    if (this.retentionTimer) clearInterval(this.retentionTimer);
    await this.ingest?.close();
  }
}
