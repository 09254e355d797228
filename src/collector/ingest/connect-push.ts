/**
 * Grafana Pyroscope's push API as a Connect unary call, `POST /push.v1.PusherService/Push`: what pyroscope-rs
 * sends, and so the current Python (pyroscope-io ≥ 1.0.1) and Ruby SDKs, and Grafana Alloy. The body is a
 * `push.v1.PushRequest` (push-request.ts), `Content-Type: application/proto` (or `application/json`), usually
 * with `Content-Encoding: gzip` (undone by the server); each series' labels name its profile (`__name__`, e.g.
 * `process_cpu`), its service (`service_name`), its version (a version label) and carry the SDK's tags, and each of
 * its samples is one pprof profile (raw or gzipped).
 *
 * Answers follow the Connect protocol: 200 with an empty `application/proto` PushResponse once every profile is
 * stored; refusals are JSON `{"code", "message"}`. Every profile of a request is checked before any is stored,
 * so a refused request stores nothing.
 */
import { ingestProfile, versionOfLabels } from './ingest-profile';
import { IngestRequestError, type IngestedProfile, type IngestReply, type IngestRoute, type IngestUpload } from './ingest-route';
import { decodePushRequest, decodePushRequestJson, PushRequestError, type PushSeries } from './push-request';

/** Most profiles one request may carry (a Grafana Alloy push holds one series per target and profile type). */
export const MAX_PROFILES_PER_PUSH = 1024;
/** Pyroscope's service name for series without one. */
export const UNKNOWN_SERVICE = 'unknown_service';

export const connectPushRoute: IngestRoute = {
  path: '/push.v1.PusherService/Push',
  title: 'POST /push.v1.PusherService/Push (Pyroscope push API, Connect)',
  accept: acceptPush,
  success: () => ({ status: 200, contentType: 'application/proto', body: new Uint8Array(0) }),
  refusal: connectRefusal,
};

function acceptPush(upload: IngestUpload): IngestedProfile[] {
  const version = upload.headers['connect-protocol-version'];
  if (version !== undefined && version !== '1') throw new IngestRequestError(400, `Connect-Protocol-Version '${String(version)}' is not supported (1 is)`);
  const series = decodeBody(upload);
  const count = series.reduce((n, s) => n + s.profiles.length, 0);
  if (count > MAX_PROFILES_PER_PUSH) throw new IngestRequestError(400, `the request carries ${count} profiles, more than ${MAX_PROFILES_PER_PUSH}; send fewer per request`);
  const out: IngestedProfile[] = [];
  series.forEach((s, i) => {
    const labels: Record<string, string> = {};
    for (const { name, value } of s.labels) labels[name] = value;
    const service = labels.service_name || UNKNOWN_SERVICE;
    s.profiles.forEach((bytes, j) => {
      out.push(ingestProfile({
        bytes,
        what: series.length === 1 && s.profiles.length === 1 ? 'the pushed profile' : `series ${i} sample ${j}`,
        service,
        version: versionOfLabels(labels),
        labels,
        profileName: labels.__name__ || undefined,
        timeMs: undefined,
        nowMs: upload.nowMs,
      }, upload.limits));
    });
  });
  return out;
}

function decodeBody(upload: IngestUpload): PushSeries[] {
  const contentType = (upload.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  try {
    if (contentType === 'application/proto' || contentType === 'application/x-protobuf') return decodePushRequest(upload.body);
    if (contentType === 'application/json') return decodePushRequestJson(upload.body.toString('utf8'));
  } catch (e) {
    if (e instanceof PushRequestError) throw new IngestRequestError(400, `the body is ${e.message}`);
    throw e;
  }
  throw new IngestRequestError(415, `content type '${contentType || 'none'}' is not a Connect codec; send application/proto (or application/json)`);
}

/** HTTP status → Connect error code (connectrpc.com/docs/protocol, "Error Codes"). */
const CONNECT_CODES: Readonly<Record<number, string>> = {
  400: 'invalid_argument',
  401: 'unauthenticated',
  403: 'permission_denied',
  404: 'unimplemented',
  405: 'unimplemented',
  408: 'deadline_exceeded',
  413: 'resource_exhausted',
  415: 'invalid_argument',
  429: 'resource_exhausted',
  503: 'unavailable',
};

export function connectRefusal(status: number, message: string): IngestReply {
  const code = CONNECT_CODES[status] ?? (status >= 500 ? 'internal' : 'invalid_argument');
  return { status, contentType: 'application/json', body: JSON.stringify({ code, message }) };
}
