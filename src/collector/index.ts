/** src/collector public API: continuous collection into the local store (pure Node, no `vscode`). */
export { Collector, type CollectorEvents } from './collector';
export { loadConfigFile, ConfigError, type CollectorConfig, type IngestConfig, type RetentionConfig } from './config';
export { TargetScraper, pprofBaseUrl, type ScrapeTarget, type StoredProfileEvent } from './scraper';
export { DEFAULT_SCRAPE_KINDS, SCRAPE_KINDS, parseScrapeKinds, type ScrapeKind } from './scrape-kinds';
export { VersionResolver, splitCommand, type VersionSpec } from './version-source';
export { startIngestServer, DEFAULT_INGEST_PORT, DEFAULT_MAX_BODY_BYTES, type IngestServerOptions, type RunningIngestServer } from './ingest/ingest-server';
export { applyRetention, listStoreFiles, type RetentionPolicy, type RetentionResult, type StoreFile } from './retention';
export { compactStore, type CompactionOptions, type CompactionResult } from './compaction';
export { mergePprof } from './merge-pprof';
export { withComments, stampComments } from './profile-labels';
