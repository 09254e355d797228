/**
 * The one entry every caller uses to read profile files: bytes (or a path) → the Profiles in them, whatever the
 * format. The format is detected from the content, never from the file name: gzip first (then what is inside),
 * then each reader of formats.ts in turn. A file no reader accepts is refused with one line saying what it looks
 * like and what is accepted.
 */
import { ProfileError } from '../profile/errors';
import { readProfileBytes } from '../profile/fileBytes';
import { gunzipIfCompressed } from '../profile/gunzip';
import { readInflatedFile } from '../profile/inflatedFile';
import { isGzip } from '../profile/isGzip';
import { resolveLimits, type ProfileLimits } from '../profile/limits';
import type { Profile } from '../profile/model';
import { describeContent, knownOtherContent } from './describe';
import type { ProfileFormat } from './format';
import { PROFILE_FORMATS } from './formats';
import { pprofFormat } from './pprof';

export type { ProfileFormat } from './format';

/**
 * The profiles in a file: `input` is its bytes (gzipped or not) or its path. `source` names it in errors
 * (default: the path). Throws ProfileError, one line naming `source`, for anything that is not a profile.
 */
export function readProfiles(input: Uint8Array | string, source?: string, limits?: Partial<ProfileLimits>): Profile[] {
  const resolved = resolveLimits(limits);
  const name = source ?? (typeof input === 'string' ? input : 'profile');
  let raw: Uint8Array | undefined = typeof input === 'string' ? readProfileBytes(input, name, resolved.maxDecompressedBytes) : input;
  if (raw.length > resolved.maxDecompressedBytes) {
    throw new ProfileError(name, `profile is ${raw.length} bytes, over the limit of ${resolved.maxDecompressedBytes} bytes (maxDecompressedBytes)`);
  }
  const bytes = gunzipIfCompressed(raw, name, resolved.maxDecompressedBytes);
  // Let the compressed bytes go before reading, so they can be freed while the columns are allocated.
  raw = undefined;
  if (isGzip(bytes)) throw new ProfileError(name, 'gzip inside gzip; decompress it once before loading');
  const format = formatOf(bytes, name);
  const profiles = format.read(bytes, name, resolved);
  if (profiles.length === 0) throw new ProfileError(name, `no profile in this ${format.name} file`);
  return profiles.map((p) => ({ ...p, format: format.name }));
}

/**
 * readProfiles of a file, gunzipped while it is read (profile/inflatedFile.ts: the compressed file is never held
 * whole): what the profile worker loads files with.
 */
export async function readProfilesFile(path: string, source = path, limits?: Partial<ProfileLimits>): Promise<Profile[]> {
  const bytes = await readInflatedFile(path, source, resolveLimits(limits).maxDecompressedBytes);
  return readProfiles(bytes, source, limits);
}

/** The format of these (decompressed) bytes; throws the "not a profile" line when none matches. */
export function formatOf(bytes: Uint8Array, source: string): ProfileFormat {
  const format = knownOtherContent(bytes) === undefined ? PROFILE_FORMATS.find((f) => f.detect(bytes)) : undefined;
  if (format) return format;
  throw new ProfileError(source, `not a profile PerfLens reads: ${describeContent(bytes)}. It reads ${acceptedFormats()}`);
}

/** "pprof protobuf (.pb.gz, .pprof), JFR recordings (.jfr), …, gzipped or not": pprof first, the usual format. */
export function acceptedFormats(): string {
  const formats = [...PROFILE_FORMATS].sort((x, y) => Number(y === pprofFormat) - Number(x === pprofFormat));
  return `${formats.map((f) => f.accepts).join(', ')}, gzipped or not`;
}
