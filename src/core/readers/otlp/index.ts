/**
 * The OpenTelemetry profiles reader (alpha: the signal is `v1development`, pinned to the version Pyroscope and
 * Parca accept, see wire.ts): an `ExportProfilesServiceRequest` or `ProfilesData` message, gzipped or not →
 * Profiles (toProfiles.ts). Bad input is one ProfileError naming the source; size limits are the core's
 * ProfileLimits, plus a cap on labels (resource attributes are repeated on every sample, so a small message could
 * otherwise ask for billions).
 */
import { gunzipIfCompressed } from '../../profile/gunzip';
import { MalformedProfile, ProfileError } from '../../profile/errors';
import { resolveLimits, type ProfileLimits } from '../../profile/limits';
import type { Profile } from '../../profile/model';
import { otlpToProfiles } from './toProfiles';
import { decodeOtlpMessage, OtlpLimitError } from './wire';

export { UNKNOWN_SERVICE } from './toProfiles';

/** The proto version this reader is pinned to, for messages and settings. */
export const OTLP_PROFILES_VERSION = 'opentelemetry.proto.profiles.v1development (go.opentelemetry.io/proto/otlp/profiles/v1development v0.3.0)';

/** Most labels over all samples of a message, whatever maxSamples allows (about 320 MB of label columns). */
const MAX_LABELS = 16_000_000;

export interface OtlpReadOptions {
  readonly limits?: Partial<ProfileLimits>;
  /** One Profile per service and version as well as per sample shape. */
  readonly splitByService?: boolean;
}

export function readOtlpProfiles(bytes: Uint8Array, source: string, options: OtlpReadOptions = {}): Profile[] {
  const limits = resolveLimits(options.limits);
  const raw = gunzipIfCompressed(bytes, source, limits.maxDecompressedBytes);
  if (raw.length > limits.maxDecompressedBytes) throw new ProfileError(source, `message is ${raw.length} bytes, over the limit of ${limits.maxDecompressedBytes} bytes (maxDecompressedBytes)`);
  if (raw.length === 0) throw new ProfileError(source, 'not an OpenTelemetry profiles message (empty)');
  try {
    const message = decodeOtlpMessage(raw, limits);
    if (message.profiles.length === 0) throw new ProfileError(source, 'the OpenTelemetry profiles message holds no profiles');
    return otlpToProfiles(message, source, { splitByService: options.splitByService, maxLabels: Math.min(limits.maxSamples * 4, MAX_LABELS) });
  } catch (e) {
    if (e instanceof OtlpLimitError) throw new ProfileError(source, e.message);
    if (e instanceof MalformedProfile) {
      throw new ProfileError(source, e.kind === 'wire' ? `not an OpenTelemetry profiles message (${e.detail})` : `invalid OpenTelemetry profiles message: ${e.detail}`);
    }
    if (e instanceof RangeError) throw new ProfileError(source, `cannot decode the OpenTelemetry profiles message: ${e.message}`);
    throw e;
  }
}

/**
 * Whether uncompressed bytes look like an OTLP profiles message rather than pprof: its top-level fields are only
 * 1 (resource_profiles) and 2 (dictionary, once), all length-delimited, while every pprof profile has a string
 * table (field 6) at the top level. Reads tags and lengths only.
 */
export function looksLikeOtlpProfiles(bytes: Uint8Array): boolean {
  let pos = 0;
  let dictionaries = 0;
  let fields = 0;
  const varint = (): number => {
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      if (pos >= bytes.length) return -1;
      const b = bytes[pos++];
      result += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return result;
    }
    return -1;
  };
  while (pos < bytes.length) {
    const tag = varint();
    if (tag < 0 || (tag & 7) !== 2) return false;
    const field = tag >>> 3;
    if (field !== 1 && field !== 2) return false;
    if (field === 2 && ++dictionaries > 1) return false;
    const length = varint();
    if (length < 0 || pos + length > bytes.length) return false;
    pos += length;
    fields++;
  }
  return dictionaries === 1 && fields >= 1;
}
