/**
 * OpenTelemetry profiles over HTTP (alpha): `POST /v1development/profiles` with an `ExportProfilesServiceRequest`
 * as protobuf (`application/x-protobuf`, gzip Content-Encoding allowed), the path and encoding of OTLP/HTTP, so the
 * OpenTelemetry eBPF profiler and Collector can export to PerfLens. Pinned to the `v1development` proto that
 * Pyroscope and Parca accept (core/readers/otlp). OTLP/JSON and gRPC are not served.
 *
 * The request's profiles are split by service, version and sample shape; each becomes one pprof profile for the
 * local store (`<service>/<version>/<type>/<ms>.pb.gz`), stamped like pushed profiles. Answers as OTLP/HTTP says:
 * 200 with an empty ExportProfilesServiceResponse, or 4xx with a google.rpc.Status {code, message}, both protobuf.
 */
import { ProfileError } from '../../core/profile/errors';
import { encodePprof } from '../../core/profile/encode';
import type { ProfileLimits } from '../../core/profile/limits';
import type { Profile } from '../../core/profile/model';
import { readOtlpProfiles, UNKNOWN_SERVICE } from '../../core/readers/otlp/index';
import { canonicalTypesOfSampleTypes } from '../../sources/profile-types';
import { stampComments, withComments } from '../profile-labels';
import { UNKNOWN_VERSION } from '../version-source';
import { IngestRequestError, type IngestReply, type IngestRoute } from './ingest-route';

export const OTLP_PROFILES_PATH = '/v1development/profiles';
export const OTLP_PROTOBUF = 'application/x-protobuf';

/** google.rpc.Code values used in refusals. */
const INVALID_ARGUMENT = 3;

/** The stamp on every stored profile that came in over OTLP. */
export const OTLP_COLLECTED_BY = 'perflens otlp ingest (v1development, alpha)';

/** Checks the request's headers; throws IngestRequestError (415) for what is not OTLP/HTTP protobuf. */
export function checkOtlpHeaders(contentType: string | undefined, contentEncoding: string | undefined): void {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/json') throw new IngestRequestError(415, 'OTLP/JSON is not accepted here; export profiles as protobuf (application/x-protobuf)');
  if (type !== OTLP_PROTOBUF && type !== 'application/protobuf') throw new IngestRequestError(415, `OTLP profiles must be sent as ${OTLP_PROTOBUF}, not '${type || 'no content type'}'`);
  const encoding = (contentEncoding ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity' && encoding !== 'gzip') throw new IngestRequestError(415, `unsupported Content-Encoding '${encoding}' (use gzip or none)`);
}

/** One profile of the request as the store takes it (pprof, stamped with its service and version). */
export interface OtlpIngestedProfile {
  readonly service: string;
  readonly version: string;
  /** The store folder's type: a canonical type (cpu, alloc_space...), else the sample type's own name (off_cpu). */
  readonly type: string;
  readonly timeMs: number;
  readonly bytes: Uint8Array;
}

/**
 * The request's profiles, one per service, version and sample shape, as pprof to store. `body` is the request
 * body with any Content-Encoding already undone. Bad content: IngestRequestError(400) with the reader's reason.
 */
export function otlpIngestedProfiles(body: Uint8Array, nowMs: number, limits?: Partial<ProfileLimits>): OtlpIngestedProfile[] {
  let profiles: Profile[];
  try {
    profiles = readOtlpProfiles(body, 'the OTLP request', { limits, splitByService: true });
  } catch (e) {
    if (e instanceof ProfileError) throw new IngestRequestError(400, e.message);
    throw e;
  }
  return profiles.map((profile) => {
    const service = firstLabel(profile, 'service_name') ?? UNKNOWN_SERVICE;
    const version = firstLabel(profile, 'version') ?? UNKNOWN_VERSION;
    const canonical = canonicalTypesOfSampleTypes(profile.sampleTypes, profile.periodType);
    const type = canonical.includes('cpu') ? 'cpu' : canonical[0] ?? profile.defaultSampleType;
    const timeMs = profile.timeNanos > 0 ? Math.floor(profile.timeNanos / 1e6) : nowMs;
    const bytes = withComments(encodePprof(profile), stampComments(service, version, timeMs, { collected_by: OTLP_COLLECTED_BY }));
    return { service, version, type, timeMs, bytes };
  });
}

/**
 * The ingest server's route for OTLP profiles (served only when the collector is told the signal is alpha:
 * `perflens collect --otlp-profiles-alpha`). The server has already undone a gzip Content-Encoding.
 */
export const otlpProfilesRoute: IngestRoute = {
  path: OTLP_PROFILES_PATH,
  title: `POST ${OTLP_PROFILES_PATH} (OpenTelemetry profiles, OTLP/HTTP protobuf, alpha)`,
  accept(upload) {
    checkOtlpHeaders(header(upload.headers['content-type']), header(upload.headers['content-encoding']));
    return otlpIngestedProfiles(upload.body, upload.nowMs, upload.limits);
  },
  // An ExportProfilesServiceResponse with nothing set: everything was accepted.
  success: (): IngestReply => ({ status: 200, contentType: OTLP_PROTOBUF, body: new Uint8Array(0) }),
  refusal: (status, message): IngestReply => ({ status, contentType: OTLP_PROTOBUF, body: otlpStatusBody(message) }),
};

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** google.rpc.Status {1: code, 2: message} for a refusal. */
export function otlpStatusBody(message: string, code = INVALID_ARGUMENT): Uint8Array {
  const text = new TextEncoder().encode(message.slice(0, 4096));
  return Uint8Array.from([0x08, code, 0x12, ...varint(text.length), ...text]);
}

function varint(n: number): number[] {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return out;
}

function firstLabel(p: Profile, key: string): string | undefined {
  for (let l = 0; l < p.labels.count; l++) {
    if (p.labels.str[l] !== 0 && p.strings.get(p.labels.key[l]) === key) return p.strings.get(p.labels.str[l]);
  }
  return undefined;
}
