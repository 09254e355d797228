/**
 * The one error type of src/sources. Its message is one line a user can act on:
 *   `<source>: <what happened> (<METHOD> <url without credentials>). <what to do>`
 * e.g. `Pyroscope http://127.0.0.1:4040: the server refused the connection (POST http://127.0.0.1:4040/querier.v1.
 * QuerierService/ProfileTypes). Check that the server is running and that the host and port are right.`
 * Tokens and passwords never appear in it: URLs are redacted (redact.ts) before they get here.
 */

export type SourceErrorKind =
  /** DNS failure or host unreachable. */
  | 'unreachable'
  | 'refused'
  /** Connect timeout or whole-request timeout. */
  | 'timeout'
  | 'cancelled'
  /** 401/403 or the protocol's unauthenticated/permission-denied code. */
  | 'auth'
  | 'not-found'
  /** Another 4xx/5xx, or a protocol error code. */
  | 'server'
  /** The reply is larger than the size limit. */
  | 'too-large'
  /** The reply is not what the protocol promises (not a profile, wrong content type, bad framing). */
  | 'bad-response'
  /** Go's "cpu profiling already in use": another CPU capture is running on that process. */
  | 'busy'
  /** Nothing matched (no profiles for that service/type/version/range). */
  | 'no-data'
  /** A redirect that would carry credentials to another origin, or too many redirects. */
  | 'redirect'
  /** Bad configuration: an unsupported URL, credentials in a URL, an unknown profile type... */
  | 'config'
  /** The local store cannot be read. */
  | 'store';

export class SourceError extends Error {
  override readonly name = 'SourceError';

  constructor(
    readonly kind: SourceErrorKind,
    /** Display name of the source (never with credentials). */
    readonly source: string,
    /** What happened, one sentence without the source name. */
    readonly what: string,
    /** What the user can do about it, or '' when there is nothing useful to say. */
    readonly hint: string,
    /** The request as `METHOD url` (redacted), when there was one. */
    readonly request?: string,
    /** HTTP status, when the server answered. */
    readonly status?: number,
    /** Attempts made (1 + retries), when retries were involved. */
    readonly attempts?: number,
  ) {
    super(formatMessage(source, what, hint, request));
  }
}

function formatMessage(source: string, what: string, hint: string, request: string | undefined): string {
  const text = `${source}: ${what}${request ? ` (${request})` : ''}.${hint ? ` ${hint}` : ''}`;
  return text.replace(/[\r\n]+/g, ' ');
}

export function isSourceError(e: unknown): e is SourceError {
  return e instanceof SourceError;
}
