/**
 * One HTTP call as every remote source makes it: credentials only to the source's own origin, a connect timeout
 * and a whole-request deadline, bounded retries with exponential backoff on 5xx and connection failures, a byte
 * cap on the body, same-origin redirects only when credentials are attached, and every failure turned into a
 * SourceError that names the source, the request (redacted) and what to do.
 *
 * Replies with any status come back as HttpReply: what a 4xx means depends on the protocol (Connect JSON errors,
 * gRPC-web status headers, Go pprof's text errors), so the protocol code maps them, using `statusError` for the
 * generic cases.
 */
import { abortableSleep, deadlineSignal, DeadlineExceeded } from '../abort';
import { SourceError } from '../errors';
import { authorizationHeader, secretsOf, type Credentials } from './auth';
import { BodyTooLargeError, readBody, UnsupportedEncodingError } from './read-body';
import { redactUrl, scrubSecrets } from './redact';
import { ConnectTimeoutError, nodeHttpTransport, type HttpResponse, type HttpTransport } from './transport';
import type { ProgressEvent } from '../types';

export interface RetryPolicy {
  /** Retries after the first attempt (so attempts = 1 + retries). */
  readonly retries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export interface HttpClientConfig {
  /** Display name of the source, first word of every message. */
  readonly sourceName: string;
  /** Credentials go only to this origin (scheme://host:port). */
  readonly origin: string;
  readonly credentials?: Credentials;
  /** Headers on every request (tenant, project...). Not secret: they may appear in debug output. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly transport?: HttpTransport;
  readonly connectTimeoutMs?: number;
  /** Deadline of one attempt, from sending the request to the last byte of the reply. */
  readonly requestTimeoutMs?: number;
  readonly retry?: Partial<RetryPolicy>;
  readonly maxResponseBytes?: number;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface HttpCall {
  readonly method: 'GET' | 'POST';
  readonly url: URL;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Uint8Array;
  readonly signal?: AbortSignal;
  /** Overrides the configured per-attempt deadline (a CPU capture of N seconds needs N + the usual). */
  readonly timeoutMs?: number;
  readonly onProgress?: (event: ProgressEvent) => void;
  /** Which failed replies to retry; default: every 5xx. Return false for a 5xx that will not change (Go's busy CPU profiler). */
  readonly retryable?: (status: number, headers: Readonly<Record<string, string>>, body: Uint8Array) => boolean;
  /** Overrides the configured retry count (0 for calls that must not be repeated). */
  readonly retries?: number;
}

export interface HttpReply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
  /** The URL that answered (after same-origin redirects), redacted for messages. */
  readonly request: string;
  readonly attempts: number;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 256 * 1024 * 1024;
export const DEFAULT_RETRY: RetryPolicy = { retries: 2, baseDelayMs: 500, maxDelayMs: 5_000 };
/** Error replies are read only this far: enough for a message, nothing more. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;
const MAX_REDIRECTS = 5;

/** Connection failures worth another attempt (DNS failure is not: retrying will not make the name exist). */
const RETRYABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'PERFLENS_CONNECT_TIMEOUT', 'UND_ERR_SOCKET']);

export class HttpClient {
  private readonly transport: HttpTransport;
  private readonly retry: RetryPolicy;
  private readonly secrets: string[];
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(readonly config: HttpClientConfig) {
    this.transport = config.transport ?? nodeHttpTransport;
    this.retry = { ...DEFAULT_RETRY, ...config.retry };
    this.secrets = secretsOf(config.credentials);
    this.sleep = config.sleep ?? abortableSleep;
  }

  get sourceName(): string {
    return this.config.sourceName;
  }

  /** Text a server sent, safe to show: secrets removed, one line, at most `max` characters. */
  safeText(text: string, max = 300): string {
    const line = scrubSecrets(text, this.secrets).replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
    return line.length > max ? `${line.slice(0, max)}…` : line;
  }

  async request(call: HttpCall): Promise<HttpReply> {
    const retries = call.retries ?? this.retry.retries;
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.attempt(call, attempt);
      if (outcome.kind === 'reply') {
        const r = outcome.reply;
        const retryable = r.status >= 500 && (call.retryable ? call.retryable(r.status, r.headers, r.body) : true);
        if (!retryable || attempt > retries) return r;
        await this.backoff(call, attempt, retries, `HTTP ${r.status}`, retryAfterMs(r.headers));
      } else {
        if (!outcome.retryable || attempt > retries) throw withAttempts(outcome.error, attempt);
        await this.backoff(call, attempt, retries, outcome.error.what, undefined);
      }
    }
  }

  /** A SourceError for a reply the protocol code does not handle itself (401, 404, 500...). */
  statusError(reply: HttpReply, detail?: string): SourceError {
    const text = detail ?? this.safeText(new TextDecoder().decode(reply.body));
    const said = text ? `: ${text}` : '';
    const { sourceName } = this.config;
    if (reply.status === 401 || reply.status === 403) {
      const hint = this.config.credentials
        ? 'Check that the token or user/password is valid and allowed to read profiles (and the tenant, if any).'
        : 'The server wants credentials: set a token or basic auth for this source (CLI: PERFLENS_TOKEN or PERFLENS_BASIC_AUTH).';
      return new SourceError('auth', sourceName, `the server refused the credentials (HTTP ${reply.status}${said})`, hint, reply.request, reply.status, reply.attempts);
    }
    if (reply.status === 404) {
      return new SourceError('not-found', sourceName, `the server has no such endpoint (HTTP 404${said})`, 'Check the URL: host, port and path prefix.', reply.request, 404, reply.attempts);
    }
    const retried = reply.attempts > 1 ? ` after ${reply.attempts} attempts` : '';
    const hint = reply.status >= 500 ? 'The server failed; try again later or check its logs.' : 'Check the source settings (URL, service, profile type, version).';
    return new SourceError('server', sourceName, `the server answered HTTP ${reply.status}${retried}${said}`, hint, reply.request, reply.status, reply.attempts);
  }

  /** A SourceError for a reply that is not what the protocol promises. */
  badResponse(reply: HttpReply, what: string, hint = 'Check that the URL points at the right kind of server.'): SourceError {
    return new SourceError('bad-response', this.config.sourceName, what, hint, reply.request, reply.status, reply.attempts);
  }

  private async backoff(call: HttpCall, attempt: number, retries: number, why: string, retryAfter: number | undefined): Promise<void> {
    const delay = Math.min(this.retry.maxDelayMs, retryAfter ?? this.retry.baseDelayMs * 2 ** (attempt - 1));
    call.onProgress?.({ message: `retrying (${attempt} of ${retries}) in ${Math.round(delay / 100) / 10} s after ${why}` });
    try {
      await this.sleep(delay, call.signal);
    } catch {
      throw this.cancelled(call, attempt);
    }
  }

  private cancelled(call: HttpCall, attempts: number): SourceError {
    return new SourceError('cancelled', this.config.sourceName, 'cancelled', '', `${call.method} ${redactUrl(call.url)}`, undefined, attempts);
  }

  private async attempt(call: HttpCall, attempt: number): Promise<{ kind: 'reply'; reply: HttpReply } | { kind: 'error'; error: SourceError; retryable: boolean }> {
    const timeoutMs = call.timeoutMs ?? this.config.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    const deadline = deadlineSignal(call.signal, timeoutMs);
    let url = call.url;
    let method = call.method;
    let body = call.body;
    try {
      for (let redirects = 0; ; redirects++) {
        const requestText = `${method} ${redactUrl(url)}`;
        let res: HttpResponse;
        try {
          res = await this.transport({
            method,
            url,
            headers: this.headersFor(url, call.headers),
            body,
            signal: deadline.signal,
            connectTimeoutMs: this.config.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
          });
        } catch (e) {
          return this.connectionFailure(e, call, requestText, attempt, deadline.signal, timeoutMs);
        }
        const location = res.headers.location;
        if ([301, 302, 303, 307, 308].includes(res.status) && location) {
          res.close();
          const next = this.redirectTarget(url, location, requestText, redirects, attempt);
          if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
            method = 'GET';
            body = undefined;
          }
          url = next;
          continue;
        }
        const isError = res.status >= 400;
        let bytes: Uint8Array;
        try {
          bytes = await readBody(res, {
            maxBytes: isError ? MAX_ERROR_BODY_BYTES : (this.config.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES),
            truncate: isError,
            onBytes: call.onProgress && !isError ? progressReporter(call.onProgress) : undefined,
          });
        } catch (e) {
          return this.bodyFailure(e, call, requestText, res.status, attempt, deadline.signal, timeoutMs);
        }
        return { kind: 'reply', reply: { status: res.status, headers: res.headers, body: bytes, request: requestText, attempts: attempt } };
      }
    } catch (e) {
      if (e instanceof SourceError) return { kind: 'error', error: e, retryable: false };
      throw e;
    } finally {
      deadline.dispose();
    }
  }

  private headersFor(url: URL, extra: Readonly<Record<string, string>> | undefined): Record<string, string> {
    const headers: Record<string, string> = {
      'user-agent': 'perflens',
      'accept-encoding': 'gzip',
      ...this.config.headers,
      ...extra,
    };
    const auth = authorizationHeader(this.config.credentials);
    // Credentials (and tenant/project headers, which identify the account) go to the configured origin only.
    if (url.origin === this.config.origin) {
      if (auth) headers.authorization = auth;
    } else {
      for (const name of Object.keys(this.config.headers ?? {})) delete headers[name];
    }
    return headers;
  }

  private redirectTarget(from: URL, location: string, requestText: string, redirects: number, attempt: number): URL {
    const { sourceName } = this.config;
    if (redirects >= MAX_REDIRECTS) {
      throw new SourceError('redirect', sourceName, `more than ${MAX_REDIRECTS} redirects`, 'Use the final URL of the server in the source settings.', requestText, undefined, attempt);
    }
    let next: URL;
    try {
      next = new URL(location, from);
    } catch {
      throw new SourceError('redirect', sourceName, 'the server redirected to an invalid URL', '', requestText, undefined, attempt);
    }
    if (next.protocol !== 'http:' && next.protocol !== 'https:') {
      throw new SourceError('redirect', sourceName, `the server redirected to a ${next.protocol} URL`, '', requestText, undefined, attempt);
    }
    if (next.origin !== this.config.origin && (this.config.credentials || this.config.headers)) {
      throw new SourceError(
        'redirect',
        sourceName,
        `the server redirected to another origin (${next.origin}); credentials are never sent there`,
        `If that is the real server, use ${redactUrl(new URL(next.pathname, next.origin))} in the source settings (perhaps it wants a login: an authenticating proxy sends unauthenticated requests to its login page).`,
        requestText,
        undefined,
        attempt,
      );
    }
    return next;
  }

  private connectionFailure(e: unknown, call: HttpCall, requestText: string, attempt: number, signal: AbortSignal, timeoutMs: number) {
    const { sourceName } = this.config;
    if (call.signal?.aborted) return { kind: 'error' as const, error: this.cancelled(call, attempt), retryable: false };
    if (signal.aborted && signal.reason instanceof DeadlineExceeded) {
      return { kind: 'error' as const, error: timeoutError(sourceName, requestText, timeoutMs, attempt), retryable: false };
    }
    const code = (e as NodeJS.ErrnoException).code ?? '';
    const host = call.url.host;
    let error: SourceError;
    switch (code) {
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
        error = new SourceError('unreachable', sourceName, `the host name '${call.url.hostname}' does not resolve`, 'Check the host name in the URL, and your network or VPN.', requestText, undefined, attempt);
        break;
      case 'ECONNREFUSED':
        error = new SourceError('refused', sourceName, `${host} refused the connection`, 'Check that the server is running and that the host and port are right.', requestText, undefined, attempt);
        break;
      case 'EHOSTUNREACH':
      case 'ENETUNREACH':
        error = new SourceError('unreachable', sourceName, `${host} is unreachable (${code})`, 'Check the host, and your network or VPN.', requestText, undefined, attempt);
        break;
      case 'PERFLENS_CONNECT_TIMEOUT':
        error = new SourceError('timeout', sourceName, `could not connect to ${host} within ${(e as ConnectTimeoutError).timeoutMs} ms`, 'Check the host and port, firewalls and your network or VPN.', requestText, undefined, attempt);
        break;
      default:
        error = new SourceError('unreachable', sourceName, `the connection to ${host} failed (${code || this.safeText((e as Error).message ?? String(e), 120)})`, 'Check the URL and that the server is up; for https, check its certificate.', requestText, undefined, attempt);
    }
    return { kind: 'error' as const, error, retryable: RETRYABLE_CODES.has(code) };
  }

  private bodyFailure(e: unknown, call: HttpCall, requestText: string, status: number, attempt: number, signal: AbortSignal, timeoutMs: number) {
    const { sourceName } = this.config;
    if (call.signal?.aborted) return { kind: 'error' as const, error: this.cancelled(call, attempt), retryable: false };
    if (signal.aborted && signal.reason instanceof DeadlineExceeded) {
      return { kind: 'error' as const, error: timeoutError(sourceName, requestText, timeoutMs, attempt), retryable: false };
    }
    if (e instanceof BodyTooLargeError) {
      return {
        kind: 'error' as const,
        error: new SourceError('too-large', sourceName, `${e.message}; the download was stopped`, 'Narrow the query (shorter time range, one version) or raise the response size limit.', requestText, status, attempt),
        retryable: false,
      };
    }
    if (e instanceof UnsupportedEncodingError) {
      return { kind: 'error' as const, error: new SourceError('bad-response', sourceName, e.message, '', requestText, status, attempt), retryable: false };
    }
    const code = (e as NodeJS.ErrnoException).code;
    const why = (e as Error).message ?? String(e);
    return {
      kind: 'error' as const,
      error: new SourceError('unreachable', sourceName, `the connection broke while reading the reply (${code ?? this.safeText(why, 120)})`, 'Try again; if it keeps happening, check proxies between you and the server.', requestText, status, attempt),
      retryable: code !== undefined && RETRYABLE_CODES.has(code),
    };
  }
}

/** The error with "(N attempts)" added when it was retried, so the user knows retrying already happened. */
function withAttempts(e: SourceError, attempts: number): SourceError {
  if (attempts <= 1) return e;
  return new SourceError(e.kind, e.source, `${e.what} (${attempts} attempts)`, e.hint, e.request, e.status, attempts);
}

function timeoutError(sourceName: string, requestText: string, timeoutMs: number, attempts: number): SourceError {
  return new SourceError('timeout', sourceName, `no complete reply within ${timeoutMs / 1000} s`, 'The server may be overloaded or the query too large: try a shorter time range, or raise the request timeout.', requestText, undefined, attempts);
}

function retryAfterMs(headers: Readonly<Record<string, string>>): number | undefined {
  const v = headers['retry-after'];
  return v !== undefined && /^\d+$/.test(v.trim()) ? Number(v.trim()) * 1000 : undefined;
}

/** Download progress, at most one event per 256 KiB. */
function progressReporter(onProgress: (event: ProgressEvent) => void): (received: number, declared: number | undefined) => void {
  let reported = -Infinity;
  return (received, declared) => {
    if (received - reported < 256 * 1024 && received !== declared) return;
    reported = received;
    const mb = (received / 1048576).toFixed(1);
    onProgress({
      message: declared ? `downloading ${mb} of ${(declared / 1048576).toFixed(1)} MB` : `downloading ${mb} MB`,
      receivedBytes: received,
      fraction: declared ? Math.min(1, received / declared) : undefined,
    });
  };
}
