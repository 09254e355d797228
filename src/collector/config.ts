/**
 * The collector's configuration: from CLI flags for one target, or a JSON file for several:
 *
 *   { "store": ".perflens/store",
 *     "targets": [{ "url": "http://127.0.0.1:6060", "service": "shop",
 *                   "version": "v1" | { "command": "git rev-parse HEAD", "cwd": "." } | { "url": "http://…/version" },
 *                   "types": "cpu,heap,mutex,block", "cpuSeconds": 10, "interval": "30s" }],
 *     "ingest": { "listen": "127.0.0.1:4040", "maxBody": "16MB", "otlpProfilesAlpha": false },
 *     "retention": { "maxAge": "7d", "maxSize": "2GB", "compactAfter": "1d", "every": "5m" },
 *     "duration": "1h" }
 *
 * Relative paths (store, command cwd) are relative to the config file's folder. The ingest token never comes
 * from the file or a flag: it is read from the PERFLENS_INGEST_TOKEN environment variable.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseDuration, parseSize } from './durations';
import { DEFAULT_SCRAPE_KINDS, parseScrapeKinds } from './scrape-kinds';
import type { ScrapeTarget } from './scraper';
import { splitCommand, type VersionSpec } from './version-source';

export interface IngestConfig {
  readonly host: string;
  readonly port: number;
  readonly maxBodyBytes?: number;
  /** Also serve OpenTelemetry profiles (OTLP/HTTP, `v1development`: an alpha signal). */
  readonly otlpProfilesAlpha?: boolean;
}

export interface RetentionConfig {
  readonly maxAgeMs?: number;
  readonly maxBytes?: number;
  /** Merge profiles older than this into one per hour (compaction.ts). */
  readonly compactAfterMs?: number;
  readonly everyMs: number;
}

export interface CollectorConfig {
  readonly store: string;
  readonly targets: readonly ScrapeTarget[];
  readonly ingest?: IngestConfig;
  readonly retention?: RetentionConfig;
  readonly durationMs?: number;
}

export const DEFAULT_CPU_SECONDS = 10;
export const DEFAULT_INTERVAL_MS = 30_000;
export const DEFAULT_RETENTION_EVERY_MS = 5 * 60_000;

export class ConfigError extends Error {}

export function durationOf(text: unknown, what: string): number {
  const ms = typeof text === 'number' ? text * 1000 : typeof text === 'string' ? parseDuration(text) : undefined;
  if (ms === undefined || !(ms > 0)) throw new ConfigError(`${what} must be a duration above 0 (30s, 5m, 2h, 7d), not ${JSON.stringify(text)}`);
  return ms;
}

export function sizeOf(text: unknown, what: string): number {
  const bytes = typeof text === 'number' ? text : typeof text === 'string' ? parseSize(text) : undefined;
  if (bytes === undefined || !(bytes > 0)) throw new ConfigError(`${what} must be a size above 0 (500MB, 2GiB), not ${JSON.stringify(text)}`);
  return bytes;
}

/** `4040`, `:4040`, `127.0.0.1:4040`, `[::1]:4040`. */
export function parseListen(text: string): { host: string; port: number } {
  const m = /^(?:(\[[^\]]+\]|[^:]*):)?(\d{1,5})$/.exec(text.trim());
  const port = m ? Number(m[2]) : NaN;
  if (!m || port > 65535) throw new ConfigError(`listen address must be [HOST:]PORT, not '${text}'`);
  const host = (m[1] ?? '').replace(/^\[|\]$/g, '');
  return { host: host || '127.0.0.1', port };
}

export function cpuSecondsOf(value: unknown): number {
  const n = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 3600) throw new ConfigError(`cpu seconds must be a whole number from 1 to 3600, not ${JSON.stringify(value)}`);
  return n;
}

export function loadConfigFile(path: string): CollectorConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ConfigError(`cannot read config ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const base = dirname(resolve(path));
  const o = asObject(raw, 'the config');
  const targets = o.targets === undefined ? [] : asArray(o.targets, 'targets').map((t, i) => targetOf(asObject(t, `targets[${i}]`), `targets[${i}]`, base));
  const ingest = o.ingest === undefined ? undefined : ingestOf(asObject(o.ingest, 'ingest'));
  if (targets.length === 0 && !ingest) throw new ConfigError(`${path}: no targets and no ingest: nothing to collect`);
  return {
    store: resolve(base, typeof o.store === 'string' ? o.store : '.perflens/store'),
    targets,
    ingest,
    retention: o.retention === undefined ? undefined : retentionOf(asObject(o.retention, 'retention')),
    durationMs: o.duration === undefined ? undefined : durationOf(o.duration, 'duration'),
  };
}

function targetOf(t: Record<string, unknown>, where: string, base: string): ScrapeTarget {
  if (typeof t.url !== 'string') throw new ConfigError(`${where}.url is required (http://host:port)`);
  if (typeof t.service !== 'string' || t.service === '') throw new ConfigError(`${where}.service is required`);
  let version: VersionSpec;
  if (t.version === undefined) version = { kind: 'fixed', version: 'unknown' };
  else if (typeof t.version === 'string') version = { kind: 'fixed', version: t.version };
  else {
    const v = asObject(t.version, `${where}.version`);
    if (typeof v.command === 'string') version = { kind: 'command', argv: splitCommand(v.command), cwd: typeof v.cwd === 'string' ? resolve(base, v.cwd) : base };
    else if (typeof v.url === 'string') version = { kind: 'url', url: v.url };
    else throw new ConfigError(`${where}.version must be a string, {"command": "..."} or {"url": "..."}`);
  }
  let kinds;
  try {
    kinds = t.types === undefined ? [...DEFAULT_SCRAPE_KINDS] : parseScrapeKinds(Array.isArray(t.types) ? t.types.join(',') : String(t.types));
  } catch (e) {
    throw new ConfigError(`${where}.types: ${(e as Error).message}`);
  }
  return {
    url: t.url,
    service: t.service,
    version,
    kinds,
    cpuSeconds: t.cpuSeconds === undefined ? DEFAULT_CPU_SECONDS : cpuSecondsOf(t.cpuSeconds),
    intervalMs: t.interval === undefined ? DEFAULT_INTERVAL_MS : durationOf(t.interval, `${where}.interval`),
  };
}

function ingestOf(o: Record<string, unknown>): IngestConfig {
  const listen = parseListen(typeof o.listen === 'string' || typeof o.listen === 'number' ? String(o.listen) : '127.0.0.1:4040');
  if (o.otlpProfilesAlpha !== undefined && typeof o.otlpProfilesAlpha !== 'boolean') throw new ConfigError('ingest.otlpProfilesAlpha must be true or false');
  return { ...listen, maxBodyBytes: o.maxBody === undefined ? undefined : sizeOf(o.maxBody, 'ingest.maxBody'), otlpProfilesAlpha: o.otlpProfilesAlpha === true };
}

function retentionOf(o: Record<string, unknown>): RetentionConfig {
  return {
    maxAgeMs: o.maxAge === undefined ? undefined : durationOf(o.maxAge, 'retention.maxAge'),
    maxBytes: o.maxSize === undefined ? undefined : sizeOf(o.maxSize, 'retention.maxSize'),
    compactAfterMs: o.compactAfter === undefined ? undefined : durationOf(o.compactAfter, 'retention.compactAfter'),
    everyMs: o.every === undefined ? DEFAULT_RETENTION_EVERY_MS : durationOf(o.every, 'retention.every'),
  };
}

function asObject(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ConfigError(`${what} must be a JSON object`);
  return v as Record<string, unknown>;
}

function asArray(v: unknown, what: string): unknown[] {
  if (!Array.isArray(v)) throw new ConfigError(`${what} must be a JSON array`);
  return v;
}
