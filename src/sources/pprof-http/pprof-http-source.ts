/**
 * A live service serving Go's net/http/pprof routes (or the same routes from another runtime, e.g. a Node service
 * using @datadog/pprof): `GET <base>/profile?seconds=N` (CPU, or wall for Node), `/heap`, `/allocs`, `/mutex`,
 * `/block`, `/goroutine`. Each fetch is a new capture, so nothing is listed over time: the service is the one
 * configured (or host:port; a fetch labels its profile with the query's service), the version the configured one
 * (or "unknown").
 *
 * Go's errors are text/plain with header `X-Go-Pprof: 1`. Go allows one CPU profile per process: a second capture
 * gets 500 "Could not enable CPU profiling: cpu profiling already in use", reported as a 'busy' SourceError and
 * retried only when `busyRetries` is set (generic 5xx retries do not apply to it: retrying at once cannot help).
 */
import { refuseSpans } from '../span-selection';
import type { ProfileLimits } from '../../core/profile/limits';
import { isGzip } from '../../core/profile/isGzip';
import { abortableSleep } from '../abort';
import { SourceError } from '../errors';
import { HttpClient, DEFAULT_REQUEST_TIMEOUT_MS, type HttpClientConfig, type HttpReply } from '../http/client';
import { isProfileError, type DescribeBytes } from '../profile-metadata';
import { CANONICAL_TYPES, canonicalProfileType, canonicalTypeInfo, canonicalTypesOfSampleTypes, typesOfGoEndpoint, type CanonicalType } from '../profile-types';
import type { CallOptions, FetchedProfile, FetchQuery, ListOptions, ProfileSource, ProfileTypeInfo, VersionInfo } from '../types';

export interface PprofHttpOptions {
  /** The pprof base, e.g. `http://127.0.0.1:6060/debug/pprof` (no trailing slash). */
  readonly baseUrl: string;
  /** The service name fetched profiles carry; default host:port. */
  readonly service?: string;
  readonly version?: string;
  readonly http?: Omit<HttpClientConfig, 'sourceName' | 'origin'>;
  /** CPU/wall capture length when the query gives none; default 10 s. */
  readonly defaultSeconds?: number;
  /** Extra attempts when Go says a CPU profile is already running; default 0. */
  readonly busyRetries?: number;
  /** Wait between those attempts; default 1 s. */
  readonly busyRetryDelayMs?: number;
  readonly limits?: Partial<ProfileLimits>;
  readonly now?: () => number;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Reads what a fetched profile holds (the extension: in its profile worker; the CLI: in-process). */
  readonly describe: DescribeBytes;
}

const CAPTURE_ENDPOINT = 'profile';
const BUSY = /cpu profiling already in use/i;
/** Endpoints whose profiles are empty until the program turns their sampling on. */
const NEEDS_RATE: Readonly<Record<string, string>> = {
  mutex: 'runtime.SetMutexProfileFraction',
  block: 'runtime.SetBlockProfileRate',
};

export class PprofHttpSource implements ProfileSource {
  readonly kind = 'pprof-http' as const;
  readonly id: string;
  readonly displayName: string;
  private readonly client: HttpClient;
  private readonly base: URL;
  private readonly service: string;

  constructor(private readonly options: PprofHttpOptions) {
    this.base = new URL(options.baseUrl.replace(/\/+$/, ''));
    this.id = `pprof-http:${this.base.origin}${this.base.pathname}`;
    this.displayName = `pprof endpoint ${this.base.origin}${this.base.pathname}`;
    this.service = options.service ?? this.base.host;
    this.client = new HttpClient({ ...options.http, sourceName: this.displayName, origin: this.base.origin });
  }

  async listServices(): Promise<string[]> {
    return [this.service];
  }

  /**
   * The types the server's index page links to (Go's `/debug/pprof/` lists its profiles); without an index, every
   * type the routes can serve. `profile` is listed as cpu; a Node service answers it with wall time.
   */
  async listProfileTypes(_service?: string, options: ListOptions = {}): Promise<ProfileTypeInfo[]> {
    let endpoints: string[] | undefined;
    try {
      const reply = await this.client.request({ method: 'GET', url: this.url(''), signal: options.signal, retries: 0 });
      if (reply.status === 200) endpoints = parseIndex(new TextDecoder().decode(reply.body));
    } catch (e) {
      if (e instanceof SourceError && e.kind === 'cancelled') throw e;
      if (e instanceof SourceError && ['unreachable', 'refused', 'timeout'].includes(e.kind)) throw e;
    }
    const types = new Set<CanonicalType>();
    if (endpoints && endpoints.length > 0) for (const ep of endpoints) for (const t of typesOfGoEndpoint(ep)) types.add(t);
    else for (const t of CANONICAL_TYPES) types.add(t.type);
    return CANONICAL_TYPES.filter((t) => types.has(t.type)).map((t) => ({ type: t.type, sourceId: t.goEndpoint, sampleType: t.sampleType, unit: t.unit }));
  }

  async listVersions(): Promise<VersionInfo[]> {
    return this.options.version ? [{ version: this.options.version, lastSeenMs: this.now() }] : [];
  }

  async fetchProfiles(query: FetchQuery, options: CallOptions = {}): Promise<FetchedProfile[]> {
    refuseSpans(query, this.displayName);
    const type = canonicalProfileType(query.type);
    const info = type ? canonicalTypeInfo(type) : undefined;
    if (!type || !info) {
      throw new SourceError('config', this.displayName, `unknown profile type '${query.type}'`, `Use one of ${CANONICAL_TYPES.map((t) => t.type).join(', ')}.`);
    }
    const endpoint = info.goEndpoint;
    const isCapture = endpoint === CAPTURE_ENDPOINT;
    const seconds = isCapture ? (query.seconds ?? this.options.defaultSeconds ?? 10) : query.seconds;
    if (seconds !== undefined && !(Number.isInteger(seconds) && seconds > 0)) {
      throw new SourceError('config', this.displayName, `capture length must be a whole number of seconds above 0, not ${seconds}`, '');
    }
    const url = this.url(endpoint);
    if (seconds !== undefined) url.searchParams.set('seconds', String(seconds));
    const started = this.now();
    const reply = await this.capture(url, seconds, isCapture, options);

    if (reply.status !== 200) throw this.pprofError(reply, endpoint, seconds);
    if (reply.headers['x-go-pprof']) throw this.client.badResponse(reply, 'the server sent a pprof error page with status 200');
    let meta, bytes;
    try {
      ({ metadata: meta, bytes } = await this.options.describe(reply.body, reply.request, options.signal));
    } catch (e) {
      if (!isProfileError(e)) throw e;
      const contentType = reply.headers['content-type'] ?? 'no content type';
      throw this.client.badResponse(reply, `the reply (${contentType}) is not a pprof profile: ${e.reason}`, `Check that ${this.base.pathname || '/'} is a pprof endpoint (Go: import _ "net/http/pprof").`);
    }
    const provided = canonicalTypesOfSampleTypes(meta.sampleTypes, meta.periodType, endpoint);
    let gotType: string = type;
    if (!provided.includes(type)) {
      const sibling = isCapture ? provided.find((t) => t === 'cpu' || t === 'wall') : undefined;
      if (!sibling) {
        throw this.client.badResponse(reply, `the ${endpoint} profile has sample types ${meta.sampleTypes.map((t) => t.type).join(', ') || 'none'}, not ${info.sampleType}`, `Choose one of the types it has: ${provided.join(', ') || 'none'}.`);
      }
      gotType = sibling;
      options.onProgress?.({ message: `the service answered with a ${sibling} profile (asked for ${type})` });
    }
    if (meta.sampleCount === 0 && NEEDS_RATE[endpoint] && seconds === undefined) {
      throw new SourceError('no-data', this.displayName, `the ${endpoint} profile is empty`, `The program must turn ${endpoint} profiling on (${NEEDS_RATE[endpoint]}).`, reply.request, 200);
    }
    return [{
      bytes,
      gzipped: isGzip(bytes),
      service: query.service || this.service,
      version: this.options.version ?? 'unknown',
      type: gotType,
      timeMs: meta.timeMs ?? started,
      durationMs: meta.durationMs ?? (seconds !== undefined ? seconds * 1000 : undefined),
      origin: reply.request.replace(/^GET /, ''),
    }];
  }

  private async capture(url: URL, seconds: number | undefined, isCapture: boolean, options: CallOptions): Promise<HttpReply> {
    const timeoutMs = (seconds ?? 0) * 1000 + (this.options.http?.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
    const busyRetries = this.options.busyRetries ?? 0;
    for (let attempt = 0; ; attempt++) {
      const stopTicker = isCapture && seconds ? this.progressTicker(seconds, options) : () => {};
      let reply: HttpReply;
      try {
        reply = await this.client.request({
          method: 'GET',
          url,
          signal: options.signal,
          timeoutMs,
          onProgress: options.onProgress,
          // A busy CPU profiler is a 500 that an immediate retry cannot fix.
          retryable: (_status, headers, body) => !isBusy(headers, body),
        });
      } finally {
        stopTicker();
      }
      if (!isBusy(reply.headers, reply.body) || attempt >= busyRetries) return reply;
      const delay = this.options.busyRetryDelayMs ?? 1000;
      options.onProgress?.({ message: `another CPU profile is running; retrying in ${delay / 1000} s (${attempt + 1} of ${busyRetries})` });
      try {
        await (this.options.sleep ?? abortableSleep)(delay, options.signal);
      } catch {
        throw new SourceError('cancelled', this.displayName, 'cancelled', '', reply.request);
      }
    }
  }

  private progressTicker(seconds: number, options: CallOptions): () => void {
    if (!options.onProgress) return () => {};
    const start = this.now();
    const tick = () => {
      const elapsed = Math.min(seconds, (this.now() - start) / 1000);
      options.onProgress?.({ message: `capturing a ${seconds} s profile (${Math.floor(elapsed)} of ${seconds} s)`, fraction: elapsed / seconds });
    };
    tick();
    const timer = setInterval(tick, 1000);
    return () => clearInterval(timer);
  }

  private pprofError(reply: HttpReply, endpoint: string, seconds: number | undefined): SourceError {
    const text = this.client.safeText(new TextDecoder().decode(reply.body));
    const fromPprof = reply.headers['x-go-pprof'] !== undefined;
    const name = this.displayName;
    if (isBusy(reply.headers, reply.body)) {
      return new SourceError(
        'busy',
        name,
        'another CPU profile is already being captured from this process (Go allows one at a time)',
        `Wait for it to finish (captures last up to the seconds they asked for) and try again${this.options.busyRetries ? '' : ', or turn on retry when busy'}.`,
        reply.request,
        reply.status,
        reply.attempts,
      );
    }
    if (fromPprof && reply.status === 400 && /WriteTimeout/i.test(text)) {
      return new SourceError('config', name, `the server refused a ${seconds} s capture: ${text}`, 'Capture fewer seconds than the server\'s http.Server WriteTimeout.', reply.request, 400);
    }
    if (fromPprof && reply.status === 400) {
      return new SourceError('config', name, `the server refused the request: ${text}`, '', reply.request, 400);
    }
    if (reply.status === 404) {
      return new SourceError('not-found', name, `the server does not serve the ${endpoint} profile (HTTP 404${text ? `: ${text}` : ''})`, `Check the URL (it should end in /debug/pprof) and that the service serves /debug/pprof/${endpoint}.`, reply.request, 404);
    }
    return this.client.statusError(reply, text);
  }

  private url(endpoint: string): URL {
    return new URL(`${this.base.pathname}/${endpoint}`, this.base.origin);
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}

function isBusy(headers: Readonly<Record<string, string>>, body: Uint8Array): boolean {
  if (body.length > 4096) return false;
  return (headers['content-type'] ?? '').startsWith('text/plain') && BUSY.test(new TextDecoder().decode(body));
}

/** Profile names linked from Go's `/debug/pprof/` index page (`<a href='heap?debug=1'>`, `<a href="profile?seconds=30">`). */
export function parseIndex(html: string): string[] {
  const names = new Set<string>();
  for (const m of html.matchAll(/href=['"]([a-z_]+)(?:\?[^'"]*)?['"]/gi)) names.add(m[1]);
  return [...names];
}
