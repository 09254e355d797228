/**
 * Pyroscope's HTTP ingest API, `POST /ingest?name=app{labels}&from=&until=&format=&spyName=&sampleRate=`, as the
 * SDKs call it:
 * - pyroscope-go: multipart/form-data with a `profile` part and a `sample_type_config` part (JSON: per sample
 *   type its units, aggregation and `display-name`; the display names `mutex_count` / `block_count` are what
 *   tell its mutex and block uploads apart);
 * - @pyroscope/nodejs: the gzipped pprof as the raw body (0.6.x on npm, `application/octet-stream`), or
 *   multipart with a `profile` part (its newer source);
 * - pyroscope-io ≤ 0.8 (Python, Ruby): `format=pprof`, the gzipped pprof as the raw body;
 * - the Java agent: `format=jfr`, multipart with a `jfr` part (the recording, gzipped) and an optional `labels`
 *   part (its samples' context labels), read by the core's JFR reader.
 * A `prev_profile` part (old SDKs' cumulative baseline) is ignored.
 */
import { ProfileError } from '../../core/profile/errors';
import { encodePprof } from '../../core/profile/encode';
import type { Profile } from '../../core/profile/model';
import { jfrProfileMetric, readJfr } from '../../core/readers/jfr/index';
import { ingestDecoded, ingestProfile, type ProfileUpload } from './ingest-profile';
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
  const extra: Record<string, string> = {};
  if (query.spyName) extra.spy_name = query.spyName;
  if (query.sampleRate !== undefined) extra.sample_rate = String(query.sampleRate);
  const common = { service: query.service, version: query.version, labels: query.labels, typeHint: query.typeHint, timeMs: query.fromMs, nowMs: upload.nowMs, extra };
  if (query.format === 'jfr') return acceptJfr(upload, query.sampleRate, parts, common);
  if (query.format !== 'pprof') throw new IngestRequestError(415, `format '${query.format}' is not supported; this endpoint takes pprof (format=pprof, or no format) and JFR (format=jfr)`);
  let profileBytes: Uint8Array = upload.body;
  let displayNames = new Map<string, string>();
  if (parts) {
    const profile = parts.find((p) => p.name === 'profile');
    if (!profile) throw new IngestRequestError(400, `the multipart body has no 'profile' part (parts: ${parts.map((p) => p.name).join(', ') || 'none'})`);
    profileBytes = profile.data;
    const config = parts.find((p) => p.name === 'sample_type_config');
    if (config) displayNames = sampleTypeDisplayNames(config.data);
  }
  return [ingestProfile({ ...common, bytes: profileBytes, what: 'the uploaded profile', profileName: undefined, displayNames }, upload.limits)];
}

/**
 * The Java agent's upload: a JFR recording (the `jfr` part, or the whole body) with its `labels` part (the
 * samples' context labels), one stored profile per kind of sample in it (CPU, wall, allocations, locks...), each
 * written as pprof. CPU and wall samples are worth 10^9 / sampleRate ns, as the agent's `sampleRate` says.
 */
function acceptJfr(upload: IngestUpload, sampleRate: number | undefined, parts: FormPart[] | undefined, common: Omit<ProfileUpload, 'bytes' | 'what' | 'profileName'>): IngestedProfile[] {
  const jfr = parts ? parts.find((p) => p.name === 'jfr')?.data : upload.body;
  if (!jfr) throw new IngestRequestError(400, `the multipart body has no 'jfr' part (parts: ${parts!.map((p) => p.name).join(', ') || 'none'})`);
  const labels = parts?.find((p) => p.name === 'labels')?.data;
  let profiles: Profile[];
  try {
    profiles = readJfr(jfr, 'the uploaded JFR recording', { limits: upload.limits, sampleRate: sampleRate || undefined, labels });
  } catch (e) {
    // A recording of only settings and system events (the agent's first or last, say): nothing to store, as
    // Pyroscope takes an empty profile.
    if (e instanceof ProfileError && /has no samples/.test(e.message)) return [];
    if (e instanceof ProfileError) throw new IngestRequestError(400, e.message);
    throw e;
  }
  return profiles.map((profile) => ingestDecoded(profile, {
    ...common,
    bytes: encodePprof(profile),
    what: `the JFR recording's ${profile.defaultSampleType} profile`,
    // Pyroscope's name for the kind (process_cpu, wall, memory, mutex for monitors, block for thread parks).
    profileName: jfrProfileMetric(profile),
    otherType: profile.defaultSampleType,
  }));
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
