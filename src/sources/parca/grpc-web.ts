/**
 * gRPC-web unary calls, binary mode, which is how Parca's own UI and the Polar Signals VS Code extension talk to
 * a Parca server (improbable-eng/grpc-web wrapper, any path ending in /<package.Service>/<Method>):
 *   POST <base>/parca.query.v1alpha1.QueryService/<Method>
 *   Content-Type: application/grpc-web+proto, X-Grpc-Web: 1
 *   body: one frame = flag byte 0x00, 4-byte big-endian length, the protobuf message
 * The reply is HTTP 200 `application/grpc-web+proto` with a data frame (flag 0x00) and a trailer frame (flag 0x80)
 * holding `grpc-status: 0` / `grpc-message: …` lines; an error may instead come "trailers-only", with grpc-status
 * in the HTTP headers and no body. A non-200 HTTP status comes from something in front of the server (a proxy).
 */
import { SourceError } from '../errors';
import type { HttpClient, HttpReply } from '../http/client';
import type { CallOptions } from '../types';

export const GRPC_WEB_CONTENT_TYPE = 'application/grpc-web+proto';

const GRPC_CODES: Readonly<Record<number, string>> = {
  1: 'CANCELLED', 2: 'UNKNOWN', 3: 'INVALID_ARGUMENT', 4: 'DEADLINE_EXCEEDED', 5: 'NOT_FOUND', 6: 'ALREADY_EXISTS',
  7: 'PERMISSION_DENIED', 8: 'RESOURCE_EXHAUSTED', 9: 'FAILED_PRECONDITION', 10: 'ABORTED', 11: 'OUT_OF_RANGE',
  12: 'UNIMPLEMENTED', 13: 'INTERNAL', 14: 'UNAVAILABLE', 15: 'DATA_LOSS', 16: 'UNAUTHENTICATED',
};

export interface GrpcWebCall extends CallOptions {
  readonly base: URL;
  readonly service: string;
  readonly method: string;
  readonly request: Uint8Array;
  readonly timeoutMs?: number;
}

/** One length-prefixed message frame. */
export function frame(message: Uint8Array, flag = 0): Uint8Array {
  const out = new Uint8Array(5 + message.length);
  out[0] = flag;
  new DataView(out.buffer).setUint32(1, message.length, false);
  out.set(message, 5);
  return out;
}

export interface ParsedGrpcWebBody {
  readonly messages: Uint8Array[];
  readonly trailers: Map<string, string>;
}

/** Splits a gRPC-web body into messages and trailers; throws Error with a description when the framing is broken. */
export function parseGrpcWebBody(body: Uint8Array): ParsedGrpcWebBody {
  const messages: Uint8Array[] = [];
  const trailers = new Map<string, string>();
  let pos = 0;
  while (pos < body.length) {
    if (pos + 5 > body.length) throw new Error(`truncated frame header at byte ${pos}`);
    const flag = body[pos];
    const length = new DataView(body.buffer, body.byteOffset + pos + 1, 4).getUint32(0, false);
    const start = pos + 5;
    if (start + length > body.length) throw new Error(`frame at byte ${pos} says ${length} bytes but only ${body.length - start} follow`);
    const payload = body.subarray(start, start + length);
    if (flag & 0x01) throw new Error('the server sent a compressed frame, which was not asked for');
    if (flag & 0x80) {
      for (const line of new TextDecoder().decode(payload).split('\r\n')) {
        const colon = line.indexOf(':');
        if (colon > 0) trailers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
      }
    } else {
      messages.push(payload);
    }
    pos = start + length;
  }
  return { messages, trailers };
}

/** Calls the method and returns the reply message; every failure is a SourceError. */
export async function grpcWebUnary(client: HttpClient, call: GrpcWebCall): Promise<Uint8Array> {
  const url = new URL(`${call.base.pathname.replace(/\/+$/, '')}/${call.service}/${call.method}`, call.base.origin);
  const timeoutMs = call.timeoutMs ?? client.config.requestTimeoutMs ?? 60_000;
  const reply = await client.request({
    method: 'POST',
    url,
    headers: {
      'content-type': GRPC_WEB_CONTENT_TYPE,
      accept: GRPC_WEB_CONTENT_TYPE,
      'x-grpc-web': '1',
      'grpc-timeout': `${timeoutMs}m`,
    },
    body: frame(call.request),
    signal: call.signal,
    timeoutMs,
    onProgress: call.onProgress,
  });
  if (reply.status !== 200) throw client.statusError(reply);
  const contentType = (reply.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  const headerStatus = reply.headers['grpc-status'];
  if (headerStatus !== undefined && headerStatus.trim() !== '0') {
    throw grpcFailure(client, reply, call.method, Number(headerStatus), reply.headers['grpc-message'] ?? '');
  }
  if (!contentType.startsWith('application/grpc-web')) {
    throw client.badResponse(
      reply,
      `${call.method} answered with ${contentType ? `content type ${contentType}` : 'no content type'} instead of ${GRPC_WEB_CONTENT_TYPE}`,
      'Check that the URL is the Parca server (e.g. http://host:7070) or its API base (Polar Signals: https://api.polarsignals.com/api).',
    );
  }
  let parsed: ParsedGrpcWebBody;
  try {
    parsed = parseGrpcWebBody(reply.body);
  } catch (e) {
    throw client.badResponse(reply, `${call.method} reply is not valid gRPC-web (${(e as Error).message})`);
  }
  const status = parsed.trailers.get('grpc-status') ?? headerStatus;
  if (status === undefined) throw client.badResponse(reply, `${call.method} reply has no grpc-status (the stream was cut short)`);
  if (status.trim() !== '0') throw grpcFailure(client, reply, call.method, Number(status), parsed.trailers.get('grpc-message') ?? '');
  if (parsed.messages.length !== 1) throw client.badResponse(reply, `${call.method} reply has ${parsed.messages.length} messages instead of one`);
  return parsed.messages[0];
}

function grpcFailure(client: HttpClient, reply: HttpReply, method: string, code: number, rawMessage: string): SourceError {
  let message = rawMessage;
  try {
    message = decodeURIComponent(rawMessage);
  } catch {
    // grpc-message is percent-encoded; keep it as is when it is not.
  }
  const text = client.safeText(message);
  const name = GRPC_CODES[code] ?? `code ${code}`;
  const what = `${method} failed: ${name}${text ? ` (${text})` : ''}`;
  const source = client.sourceName;
  switch (code) {
    case 16:
    case 7:
      return new SourceError('auth', source, what, client.config.credentials
        ? 'Check that the token is valid and allowed to read this project (Polar Signals: also the project id).'
        : 'The server wants credentials: set a token for this source (CLI: PERFLENS_TOKEN).', reply.request, reply.status, reply.attempts);
    case 5:
    case 12:
      return new SourceError('not-found', source, what, 'Check the URL and the server version.', reply.request, reply.status, reply.attempts);
    case 3:
    case 9:
    case 11:
      return new SourceError('config', source, what, 'The query was refused: check the service, profile type and time range.', reply.request, reply.status, reply.attempts);
    case 4:
      return new SourceError('timeout', source, what, 'The query took too long on the server: try a shorter time range.', reply.request, reply.status, reply.attempts);
    default:
      return new SourceError('server', source, what, 'The server failed; try again later or check its logs.', reply.request, reply.status, reply.attempts);
  }
}
