/**
 * The HTTP transport the sources use, as a function so tests and the extension can inject their own. The default
 * is node:http/node:https (not fetch): it gives a real connect timeout, no automatic redirects, no automatic
 * decompression, and a body that can be read chunk by chunk and dropped mid-way (the size cap needs both).
 */
import * as http from 'node:http';
import * as https from 'node:https';

export interface HttpRequest {
  readonly method: 'GET' | 'POST';
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Uint8Array;
  /** Aborts the connection, the request and the body. */
  readonly signal: AbortSignal;
  /** Time allowed to open the TCP connection. */
  readonly connectTimeoutMs: number;
}

export interface HttpResponse {
  readonly status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  /** The raw body, as sent on the wire (still compressed when content-encoding says so). */
  readonly body: AsyncIterable<Uint8Array>;
  /** Stops reading and closes the connection (used when a body is over the size cap). */
  close(): void;
}

export type HttpTransport = (request: HttpRequest) => Promise<HttpResponse>;

/** Raised by the transport when the TCP connection is not open within connectTimeoutMs. */
export class ConnectTimeoutError extends Error {
  readonly code = 'PERFLENS_CONNECT_TIMEOUT';
  constructor(readonly timeoutMs: number) {
    super(`could not connect within ${timeoutMs} ms`);
  }
}

export const nodeHttpTransport: HttpTransport = (request) =>
  new Promise<HttpResponse>((resolve, reject) => {
    const lib = request.url.protocol === 'https:' ? https : http;
    let connectTimer: NodeJS.Timeout | undefined;
    const req = lib.request(request.url, {
      method: request.method,
      headers: { ...request.headers, ...(request.body ? { 'content-length': String(request.body.length) } : {}) },
      signal: request.signal,
      // A fresh connection per request, closed afterwards: no pooled socket outlives a cancelled call.
      agent: false,
    });
    req.on('socket', (socket) => {
      if (!socket.connecting) return;
      connectTimer = setTimeout(() => req.destroy(new ConnectTimeoutError(request.connectTimeoutMs)), request.connectTimeoutMs);
      socket.once('connect', () => clearTimeout(connectTimer));
    });
    req.on('error', (e) => {
      clearTimeout(connectTimer);
      reject(e);
    });
    req.on('response', (res) => {
      clearTimeout(connectTimer);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(res.headers)) {
        if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
      }
      resolve({
        status: res.statusCode ?? 0,
        headers,
        body: res,
        close: () => {
          res.destroy();
          req.destroy();
        },
      });
    });
    req.end(request.body);
  });
