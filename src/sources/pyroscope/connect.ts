/**
 * Connect protocol unary calls with the binary codec, which is what PerfLens speaks to Pyroscope:
 *   POST <base>/<package.Service>/<Method>
 *   Content-Type: application/proto, Connect-Protocol-Version: 1, Connect-Timeout-Ms: <ms>
 * Success is HTTP 200 with `Content-Type: application/proto` and the binary reply message. Errors are non-200
 * with a JSON body `{"code": "unauthenticated", "message": "..."}` (connectrpc.com/docs/protocol, "Unary-Response").
 * Binary rather than JSON because SelectMergeProfile's reply is a pprof Profile message: in binary it is the pprof
 * file as is; in JSON it would be a protojson rendering to re-encode.
 */
import { SourceError } from '../errors';
import type { HttpClient, HttpReply } from '../http/client';
import { ProtoFormatError } from '../proto/reader';
import type { CallOptions } from '../types';

export const CONNECT_CONTENT_TYPE = 'application/proto';

/** Connect codes that a retry cannot change (the client retries other 5xx). */
const PERMANENT_CODES = new Set(['unimplemented', 'invalid_argument', 'unauthenticated', 'permission_denied', 'not_found', 'failed_precondition', 'out_of_range']);

export interface ConnectCall extends CallOptions {
  readonly base: URL;
  readonly service: string;
  readonly method: string;
  readonly request: Uint8Array;
  readonly timeoutMs?: number;
}

export async function connectUnary(client: HttpClient, call: ConnectCall): Promise<HttpReply> {
  const url = new URL(`${call.base.pathname.replace(/\/+$/, '')}/${call.service}/${call.method}`, call.base.origin);
  const timeoutMs = call.timeoutMs ?? client.config.requestTimeoutMs ?? 60_000;
  const reply = await client.request({
    method: 'POST',
    url,
    headers: {
      'content-type': CONNECT_CONTENT_TYPE,
      'connect-protocol-version': '1',
      'connect-timeout-ms': String(timeoutMs),
      accept: CONNECT_CONTENT_TYPE,
    },
    body: call.request,
    signal: call.signal,
    timeoutMs,
    onProgress: call.onProgress,
    retryable: (_status, headers, body) => !PERMANENT_CODES.has(connectError(headers, body)?.code ?? ''),
  });
  if (reply.status !== 200) throw connectFailure(client, reply, call.method);
  const contentType = (reply.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (contentType !== CONNECT_CONTENT_TYPE) {
    throw client.badResponse(
      reply,
      `${call.method} answered with ${contentType ? `content type ${contentType}` : 'no content type'} instead of ${CONNECT_CONTENT_TYPE}`,
      'Check that the URL is the Pyroscope server (or Grafana\'s data source proxy URL, .../api/datasources/proxy/uid/<uid>); an HTML page usually means a login page or a wrong path.',
    );
  }
  return reply;
}

/** Runs a reply decoder, turning malformed protobuf into a bad-response SourceError. */
export function decodeReply<T>(client: HttpClient, reply: HttpReply, method: string, decode: (b: Uint8Array) => T): T {
  try {
    return decode(reply.body);
  } catch (e) {
    if (e instanceof ProtoFormatError) throw client.badResponse(reply, `${method} reply is not a valid protobuf message (${e.message})`);
    throw e;
  }
}

function connectError(headers: Readonly<Record<string, string>>, body: Uint8Array): { code: string; message: string } | undefined {
  if (!(headers['content-type'] ?? '').startsWith('application/json')) return undefined;
  try {
    const parsed = JSON.parse(new TextDecoder().decode(body)) as { code?: unknown; message?: unknown };
    if (typeof parsed.code !== 'string') return undefined;
    return { code: parsed.code, message: typeof parsed.message === 'string' ? parsed.message : '' };
  } catch {
    return undefined;
  }
}

/** What Grafana's data source proxy answers, as 400, when the server behind it answered 401 (pluginproxy/ds_proxy.go). */
const GRAFANA_DATA_SOURCE_AUTH_FAILED = 'Authentication to data source failed';

function connectFailure(client: HttpClient, reply: HttpReply, method: string): SourceError {
  const name = client.sourceName;
  if (reply.status === 400 && new TextDecoder().decode(reply.body).includes(GRAFANA_DATA_SOURCE_AUTH_FAILED)) {
    return new SourceError('auth', name, `Grafana's data source proxy could not sign in to the server behind it (HTTP 400: ${GRAFANA_DATA_SOURCE_AUTH_FAILED})`,
      'That server refused the data source\'s own credentials: fix the data source\'s authentication in Grafana (Connections → Data sources: basic auth, a token, or the X-Scope-OrgID header of a multi-tenant Pyroscope), or set this source\'s tenant in PerfLens (PERFLENS_TENANT for the CLI). The PerfLens token only signs you in to Grafana.',
      reply.request, reply.status, reply.attempts);
  }
  const err = connectError(reply.headers, reply.body);
  if (!err) return client.statusError(reply);
  const text = client.safeText(err.message);
  const said = `${method} failed: ${err.code}${text ? ` (${text})` : ''}`;
  switch (err.code) {
    case 'unauthenticated':
    case 'permission_denied':
      // A multi-tenant Pyroscope (auth.multitenancy-enabled) answers a request without X-Scope-OrgID so.
      if (/\bno org id\b/.test(err.message)) {
        return new SourceError('auth', name, `the server is multi-tenant and the request named no tenant (HTTP ${reply.status}: ${text})`,
          'Set the tenant, sent as X-Scope-OrgID: the source\'s "tenant" setting, or PERFLENS_TENANT for the CLI.', reply.request, reply.status, reply.attempts);
      }
      return client.statusError(reply, `${err.code}${text ? ` (${text})` : ''}`);
    case 'not_found':
    case 'unimplemented':
      return new SourceError('not-found', name, said, 'Check the URL (the Pyroscope server root or a Grafana data source proxy URL) and the server version.', reply.request, reply.status, reply.attempts);
    case 'invalid_argument':
    case 'out_of_range':
    case 'failed_precondition':
      return new SourceError('config', name, said, 'The query was refused: try a shorter time range, or check the service and profile type.', reply.request, reply.status, reply.attempts);
    case 'resource_exhausted':
      return new SourceError('server', name, said, 'The server is rate limiting or the query is too large: wait, or narrow the time range.', reply.request, reply.status, reply.attempts);
    default: {
      const retried = reply.attempts > 1 ? ` after ${reply.attempts} attempts` : '';
      return new SourceError('server', name, `${said}${retried}`, 'The server failed; try again later or check its logs.', reply.request, reply.status, reply.attempts);
    }
  }
}
