/**
 * The collector's ingest server: HTTP endpoints that SDKs and agents push profiles to, so applications
 * instrumented for Grafana Pyroscope send to PerfLens unchanged (point their server address at it). Each protocol
 * is a route (routes.ts): Pyroscope's `POST /ingest` (pyroscope-ingest.ts) and its Connect push API
 * `POST /push.v1.PusherService/Push` (connect-push.ts). Every stored profile is decoded with the core's decoder,
 * stamped with service/version comments and written atomically into the store as
 * `<service>/<version>/<type>/<from ms>.pb.gz`.
 *
 * What all routes share, here: binds 127.0.0.1 unless told otherwise; optional bearer token (constant-time
 * compare); the body is counted as it streams and answered 413 as soon as it passes the cap (never buffered beyond
 * it; a larger declared Content-Length is answered 413 at once); a bounded number of uploads in flight (503 past
 * it); `Content-Encoding: gzip` undone under the profile size limit. Every other refusal is sent only after the
 * whole body has been read, so a client still sending sees the answer, not a reset (the Java agent retries on a
 * reset). The tenant header (`X-Scope-OrgID`) is ignored on every route, as Pyroscope ignores it with
 * multi-tenancy off: the store has one tenant.
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { resolveLimits, type ProfileLimits } from '../../core/profile/limits';
import { writeStoreProfile } from '../../sources/store/store-writer';
import type { StoredProfileEvent } from '../scraper';
import { IngestRequestError, textRefusal, type IngestReply, type IngestRoute } from './ingest-route';
import { INGEST_ROUTES } from './routes';

const gunzipAsync = promisify(gunzip);

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
  /** The protocols served; default INGEST_ROUTES. */
  readonly routes?: readonly IngestRoute[];
  readonly onStored?: (e: StoredProfileEvent) => void;
  readonly onRejected?: (status: number, reason: string) => void;
  readonly now?: () => number;
}

export const DEFAULT_INGEST_PORT = 4040;
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;

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

  const routes = options.routes ?? INGEST_ROUTES;
  const idleMs = options.bodyIdleTimeoutMs ?? 10_000;
  const maxDecoded = resolveLimits(options.limits).maxDecompressedBytes;

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://ingest.invalid');
    if (url.pathname === '/healthz' || url.pathname === '/ready') return answerAfterBody(req, res, { status: 200, contentType: 'text/plain; charset=utf-8', body: 'ok' });
    const route = routes.find((r) => r.path === url.pathname);
    const refuse = (status: number, message: string, headers: Record<string, string> = {}) => {
      options.onRejected?.(status, message);
      answerAfterBody(req, res, (route?.refusal ?? textRefusal)(status, message), headers, route);
    };
    if (!route) return refuse(404, `no route ${url.pathname}; uploads go to ${routes.map((r) => r.title).join(', or ')}`);
    if (req.method !== 'POST') return refuse(405, `use POST ${route.path}`, { allow: 'POST' });
    if (tokenDigest && !authorized(req.headers.authorization, tokenDigest)) {
      return refuse(401, 'missing or wrong bearer token', { 'www-authenticate': 'Bearer realm="perflens"' });
    }
    const declared = req.headers['content-length'];
    if (declared !== undefined && Number(declared) > maxBody) {
      const message = `the body (${declared} bytes) is larger than the ${maxBody}-byte limit`;
      options.onRejected?.(413, message);
      return refuseNow(req, res, route.refusal(413, message));
    }
    if (inFlight >= maxInFlight) return refuse(503, `too many uploads in progress (${maxInFlight}); retry later`, { 'retry-after': '1' });
    inFlight++;
    const task = handleUpload(req, res, route, url.searchParams)
      .catch((e: unknown) => {
        const status = e instanceof IngestRequestError ? e.status : 500;
        const message = e instanceof IngestRequestError ? e.message : `cannot store the profile: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
        options.onRejected?.(status, message);
        refuseNow(req, res, route.refusal(status, message));
      })
      .finally(() => {
        inFlight--;
        pending.delete(task);
      });
    pending.add(task);
  });
  server.requestTimeout = 120_000;
  server.headersTimeout = 30_000;

  async function handleUpload(req: IncomingMessage, res: ServerResponse, route: IngestRoute, params: URLSearchParams): Promise<void> {
    const nowMs = (options.now ?? Date.now)();
    const body = await decodeContentEncoding(await readCapped(req, maxBody, idleMs), req.headers['content-encoding'], maxDecoded);
    const profiles = await route.accept({ params, headers: req.headers, body, nowMs, limits: options.limits });
    for (const p of profiles) {
      const path = await writeStoreProfile(options.store, p);
      options.onStored?.({ path, service: p.service, version: p.version, type: p.type, timeMs: p.timeMs, bytes: p.bytes.length, via: 'push' });
    }
    send(res, route.success());
  }

  /** Reads (and drops) the rest of the body, then answers; a body past the cap or stalled is answered at once. */
  function answerAfterBody(req: IncomingMessage, res: ServerResponse, reply: IngestReply, headers: Record<string, string> = {}, route?: IngestRoute): void {
    readCapped(req, maxBody, idleMs, false).then(
      () => send(res, reply, headers),
      (e: unknown) => {
        const status = e instanceof IngestRequestError ? e.status : 400;
        refuseNow(req, res, (route?.refusal ?? textRefusal)(status, (e as Error).message));
      },
    );
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

/**
 * Reads the body, counting bytes as they arrive; rejects with 413 the moment the count passes `max`, 408 when no
 * byte arrives for `idleMs`. With `keep` false the bytes are counted and dropped.
 */
function readCapped(req: IncomingMessage, max: number, idleMs: number, keep = true): Promise<Buffer> {
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
      if (keep) chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(keep ? Buffer.concat(chunks, size) : Buffer.alloc(0)));
    req.once('error', reject);
    req.once('aborted', () => reject(new IngestRequestError(400, 'the client closed the connection before the body ended')));
  }).finally(() => req.setTimeout(0));
}

/** The body with `Content-Encoding: gzip` undone, at most `maxBytes` of it. */
async function decodeContentEncoding(body: Buffer, encoding: string | undefined, maxBytes: number): Promise<Buffer> {
  const coding = (encoding ?? '').trim().toLowerCase();
  if (coding === '' || coding === 'identity') return body;
  if (coding !== 'gzip' && coding !== 'x-gzip') throw new IngestRequestError(415, `Content-Encoding '${coding}' is not supported; send gzip or no encoding`);
  try {
    return await gunzipAsync(body, { maxOutputLength: maxBytes });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) throw new IngestRequestError(413, `the body is larger than ${maxBytes} bytes once decompressed (maxDecompressedBytes)`);
    throw new IngestRequestError(400, `the body is not valid gzip (Content-Encoding: gzip): ${err.message}`);
  }
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function authorized(header: string | undefined, expected: Buffer): boolean {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m !== null && timingSafeEqual(digest(m[1]), expected);
}

function send(res: ServerResponse, reply: IngestReply, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(reply.status, { 'content-type': reply.contentType, 'cache-control': 'no-store', ...headers });
  res.end(reply.body);
}

/** Answers now; when the body was not read to its end, closes the connection rather than read (and count) it. */
function refuseNow(req: IncomingMessage, res: ServerResponse, reply: IngestReply): void {
  if (!req.complete) res.setHeader('connection', 'close');
  send(res, reply);
  if (!req.complete) res.once('finish', () => req.destroy());
}
