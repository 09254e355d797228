/**
 * What every ingest route does with one uploaded profile: read it (pprof, or any format core/readers reads, which is
 * then stored as pprof; refusing what is not a profile), name its type
 * the way Grafana Pyroscope names it, and stamp it with its service, version and labels for the store.
 *
 * Pyroscope's naming (`metricName` in pkg/og/convert/pprof/profile.go): a profile is `wall` whenever one of its
 * sample types is `wall`; otherwise the first sample type whose name — or its display name from the SDK's
 * `sample_type_config` — says cpu, alloc_/inuse_/space/objects, mutex_, block_ or goroutines names it. That display
 * name is the only thing that tells pyroscope-go's mutex and block uploads apart (both carry contentions/delay).
 */
import { ProfileError } from '../../core/profile/errors';
import type { ProfileLimits } from '../../core/profile/limits';
import type { Profile } from '../../core/profile/model';
import { encodePprof } from '../../core/profile/encode';
import { readProfiles } from '../../core/readers';
import { canonicalTypeInfo, canonicalTypesOfSampleTypes, type CanonicalType, type TypeFamily } from '../../sources/profile-types';
import { VERSION_LABEL_KEYS } from '../../core/model/profileLabels';
import { stampComments, withComments } from '../profile-labels';
import { UNKNOWN_VERSION } from '../version-source';
import { IngestRequestError, type IngestedProfile } from './ingest-route';

export function versionOfLabels(labels: Readonly<Record<string, string>>): string | undefined {
  for (const name of VERSION_LABEL_KEYS) if (labels[name]) return labels[name];
  return undefined;
}

/** Pyroscope's profile name for these sample types (`process_cpu`, `memory`, `mutex`, `block`, `goroutines`, `wall`). */
export function pyroscopeProfileName(sampleTypes: readonly string[], displayName: (sampleType: string) => string | undefined = () => undefined): string | undefined {
  if (sampleTypes.includes('wall')) return 'wall';
  for (const sampleType of sampleTypes) {
    const name = displayName(sampleType) || sampleType;
    if (name.includes('cpu')) return 'process_cpu';
    if (name.includes('alloc_') || name.includes('inuse_') || name === 'space' || name === 'objects') return 'memory';
    if (name.includes('mutex_')) return 'mutex';
    if (name.includes('block_')) return 'block';
    if (name.includes('goroutine')) return 'goroutines';
  }
  return undefined;
}

/** The type family a Pyroscope profile name (`__name__`, e.g. `process_cpu`) stands for. */
export function familyOfProfileName(name: string): TypeFamily | undefined {
  const n = name.toLowerCase();
  if (n === 'wall') return 'wall';
  if (n.includes('cpu') || n === 'itimer') return 'cpu';
  if (n === 'memory' || n.startsWith('alloc') || n.startsWith('inuse')) return 'memory';
  if (n.startsWith('mutex')) return 'mutex';
  if (n.startsWith('block')) return 'block';
  if (n.startsWith('goroutine')) return 'goroutine';
  return undefined;
}

/**
 * The store folder type of a decoded profile: the first canonical type of `family` it provides; without a family,
 * its first canonical type (`hint`, e.g. an app-name suffix like `block_count`, still decides block vs mutex).
 */
export function storeTypeOf(profile: Profile, family: TypeFamily | undefined, hint = ''): CanonicalType | undefined {
  const types = canonicalTypesOfSampleTypes(profile.sampleTypes, profile.periodType, family ?? hint);
  return types.find((t) => canonicalTypeInfo(t)?.family === family) ?? types[0];
}

export interface ProfileUpload {
  readonly bytes: Uint8Array;
  /** What the refusal calls the profile, e.g. `the uploaded profile` or `series 2's profile`. */
  readonly what: string;
  readonly service: string;
  readonly version: string | undefined;
  /** All labels the client sent; reserved `__…__` ones, service and version are not repeated as comments. */
  readonly labels: Readonly<Record<string, string>>;
  /** The profile name the client gave (a Connect push's `__name__`); undefined: named from the sample types. */
  readonly profileName: string | undefined;
  /** Sample type → display name, from pyroscope-go's `sample_type_config`. */
  readonly displayNames?: ReadonlyMap<string, string>;
  /** Decides block vs mutex when nothing else names the profile (an app-name suffix such as `block_count`). */
  readonly typeHint?: string;
  /** The window's start, epoch ms; undefined: the profile's own time_nanos when plausible, else `nowMs`. */
  readonly timeMs: number | undefined;
  readonly nowMs: number;
  /** Extra comments (spy name, sample rate...). */
  readonly extra?: Readonly<Record<string, string>>;
}

/** Decodes, types and stamps one uploaded profile; IngestRequestError 400 when it is not a usable profile. */
export function ingestProfile(upload: ProfileUpload, limits: Partial<ProfileLimits> | undefined): IngestedProfile {
  let profile: Profile;
  try {
    [profile] = readProfiles(upload.bytes, upload.what, limits);
  } catch (e) {
    if (e instanceof ProfileError) throw new IngestRequestError(400, e.message);
    throw e;
  }
  return ingestDecoded(profile, upload);
}

/**
 * Types and stamps a profile already decoded (`upload.bytes` is its pprof). A profile with no canonical type is
 * stored under `otherType` when given (a JFR recording's TLAB allocations, say), else refused.
 */
export function ingestDecoded(profile: Profile, upload: ProfileUpload & { readonly otherType?: string }): IngestedProfile {
  const name = upload.profileName ?? pyroscopeProfileName(profile.sampleTypes.map((t) => t.type), (t) => upload.displayNames?.get(t));
  const type = storeTypeOf(profile, name === undefined ? undefined : familyOfProfileName(name), upload.typeHint) ?? upload.otherType;
  if (!type) {
    throw new IngestRequestError(400, `${upload.what} has no known sample type (${profile.sampleTypes.map((t) => `${t.type}/${t.unit}`).join(', ') || 'none'})`);
  }
  const version = upload.version ?? UNKNOWN_VERSION;
  const timeMs = upload.timeMs ?? profileTimeMs(profile, upload.nowMs);
  const extra: Record<string, string> = {};
  for (const [k, v] of Object.entries(upload.labels)) {
    if (/^__.*__$/.test(k) || k === 'service_name' || (VERSION_LABEL_KEYS as readonly string[]).includes(k)) continue;
    extra[k] = v;
  }
  Object.assign(extra, upload.extra, { collected_by: 'perflens ingest' });
  // pprof is stored as it came (comments appended, nothing re-encoded); another format is encoded as pprof.
  const pprof = profile.format === 'pprof' ? upload.bytes : encodePprof(profile);
  const bytes = withComments(pprof, stampComments(upload.service, version, timeMs, extra));
  return { service: upload.service, version, type, timeMs, bytes };
}

/** The profile's time_nanos when it is a date in the past year (old SDKs sent µs, or nothing), else now. */
function profileTimeMs(profile: Profile, nowMs: number): number {
  const ms = Math.floor(profile.timeNanos / 1e6);
  const day = 24 * 3600 * 1000;
  return ms > nowMs - 365 * day && ms < nowMs + day ? ms : nowMs;
}
