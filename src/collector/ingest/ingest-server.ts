/**
 * An HTTP endpoint compatible with Pyroscope's `POST /ingest` for pprof uploads, so applications instrumented
 * with Pyroscope SDKs send to PerfLens unchanged (point their server address at it). Accepted bodies:
 * - raw pprof (gzipped or not), any content type except multipart — what @pyroscope/nodejs sends;
 * - multipart/form-data with a `profile` part and an optional `sample_type_config` part (JSON, checked and
 *   otherwise ignored: the stored profile keeps all its sample types) — what the Go SDK sends. A `prev_profile`
 *   part (old SDKs' cumulative baseline) is ignored.
 * Each upload is validated with the core decoder, stamped with service/version comments and written atomically
 * into the store as `<service>/<version>/<type>/<from ms>.pb.gz`.
 *
 * Safety: binds 127.0.0.1 unless told otherwise; optional bearer token (constant-time compare); the body is
 * counted as it streams and the request is answered 413 as soon as it passes the cap (never buffered beyond it);
 * a bounded number of uploads in flight (503 past it); every refusal is a 4xx with a one-line text reason.
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ProfileError } from '../../core/profile/errors';
import type { ProfileLimits } from '../../core/profile/limits';
import { parseProfile } from '../../core/profile/parse';
import { canonicalTypesOfSampleTypes } from '../../sources/profile-types';
import { writeStoreProfile } from '../../sources/store/store-writer';
import { stampComments, withComments } from '../profile-labels';
import type { StoredProfileEvent } from '../scraper';
import { UNKNOWN_VERSION } from '../version-source';
import { IngestRequestError, parseIngestQuery } from './ingest-query';
import { MultipartError, multipartBoundary, parseMultipart } from './multipart';

export interface IngestServerOptions {
  readonly store: string;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 4040 (Pyroscope's); 0 for any free port. */
  readonly port?: number;
  /** When set, requests must carry `Authorization: Bearer <token>`. */
  readonly token?: string;
  /** Largest request body accepted; default 16 MiB. */
  readonly maxBodyBytes?: number;
  /** Uploads handled at once; default 8. */
  readonly maxInFlight?: number;
  /**
   * An upload whose body makes no progress for this long is dropped (408, connection closed); default 10 s.
   * Without it, eight clients trickling bytes held every upload slot for the 120 s request timeout.
   */
  readonly bodyIdleTimeoutMs?: number;
  readonly limits?: Partial<ProfileLimits>;
  readonly onStored?: (e: StoredProfileEvent) => void;
  readonly onRejected?: (status: number, reason: string) => void;
  readonly now?: () => number;
}

export const DEFAULT_INGEST_PORT = 4040;
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;
const MAX_SAMPLE_TYPE_CONFIG_BYTES = 64 * 1024;

export interface RunningIngestServer {
  /** `http://host:port` */
  readonly url: string;
  readonly port: number;
  /** Stops accepting, waits for uploads in flight to be written, closes idle connections. */
  close(): Promise<void>;
}

export async function startIngestServer(options: IngestServerOptions): Promise<RunningIngestServer> {
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const maxInFlight = options.maxInFlight ?? 8;
  const tokenDigest = options.token ? digest(options.token) : undefined;
  const pending = new Set<Promise<void>>();
  let inFlight = 0;

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://ingest.invalid');
    if (url.pathname === '/healthz' || url.pathname === '/ready') return reply(res, 200, 'ok');
    if (url.pathname !== '/ingest') return refuse(req, res, 404, `no route ${url.pathname}; uploads go to POST /ingest`);
    if (req.method !== 'POST') return refuse(req, res, 405, 'use POST /ingest', { allow: 'POST' });
    if (tokenDigest && !authorized(req.headers.authorization, tokenDigest)) {
      return refuse(req, res, 401, 'missing or wrong bearer token', { 'www-authenticate': 'Bearer realm="perflens"' });
    }
    const declared = req.headers['content-length'];
    if (declared !== undefined && Number(declared) > maxBody) return refuse(req, res, 413, `the body (${declared} bytes) is larger than the ${maxBody}-byte limit`);
    if (inFlight >= maxInFlight) return refuse(req, res, 503, `too many uploads in progress (${maxInFlight}); retry later`, { 'retry-after': '1' });
    inFlight++;
    const task = handleUpload(req, res, url.searchParams)
      .catch((e: unknown) => {
        const status = e instanceof IngestRequestError ? e.status : 500;
        const message = e instanceof IngestRequestError ? e.message : `cannot store the profile: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
        refuse(req, res, status, message);
      })
      .finally(() => {
        inFlight--;
        pending.delete(task);
      });
    pending.add(task);
  });
  server.requestTimeout = 120_000;
  server.headersTimeout = 30_000;

  async function handleUpload(req: IncomingMessage, res: ServerResponse, params: URLSearchParams): Promise<void> {
    const now = (options.now ?? Date.now)();
    const query = parseIngestQuery(params, now);
    const body = await readCapped(req, maxBody, options.bodyIdleTimeoutMs ?? 10_000);
    const profileBytes = extractProfile(body, req.headers['content-type']);
    let profile;
    try {
      profile = parseProfile(profileBytes, 'the uploaded profile', options.limits);
    } catch (e) {
      if (e instanceof ProfileError) throw new IngestRequestError(400, e.message);
      throw e;
    }
    const types = canonicalTypesOfSampleTypes(profile.sampleTypes, profile.periodType, query.typeHint ?? '');
    const type = types.includes('cpu') ? 'cpu' : types.includes('wall') ? 'wall' : types[0];
    if (!type) {
      throw new IngestRequestError(400, `the profile has no known sample type (${profile.sampleTypes.map((t) => `${t.type}/${t.unit}`).join(', ') || 'none'})`);
    }
    const version = query.version ?? UNKNOWN_VERSION;
    const extra: Record<string, string> = { ...query.labels, collected_by: 'perflens ingest' };
    delete extra.version;
    delete extra.service_name;
    if (query.spyName) extra.spy_name = query.spyName;
    if (query.sampleRate !== undefined) extra.sample_rate = String(query.sampleRate);
    const stamped = withComments(profileBytes, stampComments(query.service, version, query.fromMs, extra));
    const path = await writeStoreProfile(options.store, { service: query.service, version, type, timeMs: query.fromMs, bytes: stamped });
    options.onStored?.({ path, service: query.service, version, type, timeMs: query.fromMs, bytes: stamped.length, via: 'push' });
    reply(res, 200, '');
  }

  function extractProfile(body: Buffer, contentType: string | undefined): Buffer {
    let boundary: string | undefined;
    try {
      boundary = multipartBoundary(contentType);
      if (boundary === undefined) return body;
      const parts = parseMultipart(body, boundary);
      const profile = parts.find((p) => p.name === 'profile');
      if (!profile) throw new IngestRequestError(400, `the multipart body has no 'profile' part (parts: ${parts.map((p) => p.name).join(', ') || 'none'})`);
      const config = parts.find((p) => p.name === 'sample_type_config');
      if (config) checkSampleTypeConfig(config.data);
      return profile.data;
    } catch (e) {
      if (e instanceof MultipartError) throw new IngestRequestError(400, `malformed multipart body: ${e.message}`);
      throw e;
    }
  }

  function refuse(req: IncomingMessage, res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
    options.onRejected?.(status, message);
    // Unread request bytes: close the connection after answering rather than read (and count) them.
    if (!req.complete) res.setHeader('connection', 'close');
    reply(res, status, `${message}\n`, headers);
    if (!req.complete) res.once('finish', () => req.destroy());
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_INGEST_PORT, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await Promise.allSettled([...pending]);
      server.closeAllConnections();
      await closed;
    },
  };
}

/** Reads the body, counting bytes as they arrive; rejects with 413 the moment the count passes `max`. */
function readCapped(req: IncomingMessage, max: number, idleMs: number): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    req.setTimeout(idleMs, () => {
      reject(new IngestRequestError(408, `no body data for ${idleMs / 1000} s; the upload was dropped`));
      req.destroy();
    });
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        req.off('data', onData);
        req.pause();
        reject(new IngestRequestError(413, `the body is larger than the ${max}-byte limit`));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks, size)));
    req.once('error', reject);
    req.once('aborted', () => reject(new IngestRequestError(400, 'the client closed the connection before the body ended')));
  }).finally(() => req.setTimeout(0));
}

function checkSampleTypeConfig(data: Buffer): void {
  if (data.length > MAX_SAMPLE_TYPE_CONFIG_BYTES) throw new IngestRequestError(400, `'sample_type_config' is larger than ${MAX_SAMPLE_TYPE_CONFIG_BYTES} bytes`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(data.toString('utf8'));
  } catch (e) {
    throw new IngestRequestError(400, `'sample_type_config' is not JSON: ${(e as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new IngestRequestError(400, "'sample_type_config' must be a JSON object");
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function authorized(header: string | undefined, expected: Buffer): boolean {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m !== null && timingSafeEqual(digest(m[1]), expected);
}

function reply(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(text);
}
