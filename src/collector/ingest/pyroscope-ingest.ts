/**
 * Pyroscope's HTTP ingest API, `POST /ingest?name=app{labels}&from=&until=&format=&spyName=&sampleRate=`, as the
 * SDKs call it:
 * - pyroscope-go: multipart/form-data with a `profile` part and a `sample_type_config` part (JSON: per sample
 *   type its units, aggregation and `display-name`; the display names `mutex_count` / `block_count` are what
 *   tell its mutex and block uploads apart);
 * - @pyroscope/nodejs: the gzipped pprof as the raw body (0.6.x on npm, `application/octet-stream`), or
 *   multipart with a `profile` part (its newer source);
 * - pyroscope-io ≤ 0.8 (Python, Ruby): `format=pprof`, the gzipped pprof as the raw body;
 * - the Java agent: `format=jfr`, multipart with a `jfr` part and an optional `labels` part.
 * A `prev_profile` part (old SDKs' cumulative baseline) is ignored.
 */
import { ingestProfile } from './ingest-profile';
import { parseIngestQuery } from './ingest-query';
import { IngestRequestError, textRefusal, type IngestedProfile, type IngestRoute, type IngestUpload } from './ingest-route';
import { MultipartError, multipartBoundary, parseMultipart, type FormPart } from './multipart';

const MAX_SAMPLE_TYPE_CONFIG_BYTES = 64 * 1024;

export const pyroscopeIngestRoute: IngestRoute = {
  path: '/ingest',
  title: 'POST /ingest (Pyroscope HTTP API)',
  accept: acceptIngest,
  success: () => ({ status: 200, contentType: 'text/plain; charset=utf-8', body: '' }),
  refusal: textRefusal,
};

function acceptIngest(upload: IngestUpload): IngestedProfile[] {
  const query = parseIngestQuery(upload.params, upload.nowMs);
  const parts = formParts(upload.body, upload.headers['content-type']);
  if (query.format === 'jfr') {
    throw new IngestRequestError(415, `format 'jfr' (JFR recordings, as the Pyroscope Java agent sends) cannot be stored yet: this collector takes pprof (format=pprof, or no format)`);
  }
  if (query.format !== 'pprof') throw new IngestRequestError(415, `format '${query.format}' is not supported; this endpoint takes pprof (format=pprof, or no format)`);
  let profileBytes: Uint8Array = upload.body;
  let displayNames = new Map<string, string>();
  if (parts) {
    const profile = parts.find((p) => p.name === 'profile');
    if (!profile) throw new IngestRequestError(400, `the multipart body has no 'profile' part (parts: ${parts.map((p) => p.name).join(', ') || 'none'})`);
    profileBytes = profile.data;
    const config = parts.find((p) => p.name === 'sample_type_config');
    if (config) displayNames = sampleTypeDisplayNames(config.data);
  }
  const extra: Record<string, string> = {};
  if (query.spyName) extra.spy_name = query.spyName;
  if (query.sampleRate !== undefined) extra.sample_rate = String(query.sampleRate);
  const profile = ingestProfile({
    bytes: profileBytes,
    what: 'the uploaded profile',
    service: query.service,
    version: query.version,
    labels: query.labels,
    profileName: undefined,
    displayNames,
    typeHint: query.typeHint,
    timeMs: query.fromMs,
    nowMs: upload.nowMs,
    extra,
  }, upload.limits);
  return [profile];
}

/** The multipart parts, or undefined when the body is not multipart/form-data. */
function formParts(body: Buffer, contentType: string | undefined): FormPart[] | undefined {
  try {
    const boundary = multipartBoundary(contentType);
    return boundary === undefined ? undefined : parseMultipart(body, boundary);
  } catch (e) {
    if (e instanceof MultipartError) throw new IngestRequestError(400, `malformed multipart body: ${e.message}`);
    throw e;
  }
}

/** `sample_type_config` → sample type → its display name (pyroscope-go's `mutex_count`, `block_count`...). */
export function sampleTypeDisplayNames(data: Buffer): Map<string, string> {
  if (data.length > MAX_SAMPLE_TYPE_CONFIG_BYTES) throw new IngestRequestError(400, `'sample_type_config' is larger than ${MAX_SAMPLE_TYPE_CONFIG_BYTES} bytes`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(data.toString('utf8'));
  } catch (e) {
    throw new IngestRequestError(400, `'sample_type_config' is not JSON: ${(e as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new IngestRequestError(400, "'sample_type_config' must be a JSON object");
  const names = new Map<string, string>();
  for (const [sampleType, config] of Object.entries(parsed)) {
    const name = typeof config === 'object' && config !== null ? (config as Record<string, unknown>)['display-name'] : undefined;
    if (typeof name === 'string' && name !== '') names.set(sampleType, name);
  }
  return names;
}
