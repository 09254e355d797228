/**
 * Size limits that protect the editor and the CLI from hostile or accidental huge inputs (a gzip bomb, a
 * corrupted length). A profile over a limit is refused with a ProfileError naming the file and the limit.
 * The same three numbers are the extension's `perflens.limits.*` settings.
 */
export interface ProfileLimits {
  /** Largest profile accepted, in bytes, after gunzip (and the largest file read at all). */
  readonly maxDecompressedBytes: number;
  /** Largest number of entries in the string table. */
  readonly maxStrings: number;
  /** Largest number of samples. */
  readonly maxSamples: number;
}

export const DEFAULT_PROFILE_LIMITS: ProfileLimits = Object.freeze({
  maxDecompressedBytes: 512 * 1024 * 1024,
  maxStrings: 5_000_000,
  maxSamples: 20_000_000,
});

/** Fills missing fields from the defaults, so callers can override just one limit. */
export function resolveLimits(limits?: Partial<ProfileLimits>): ProfileLimits {
  return { ...DEFAULT_PROFILE_LIMITS, ...stripUndefined(limits ?? {}) };
}

function stripUndefined(limits: Partial<ProfileLimits>): Partial<ProfileLimits> {
  return Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined));
}
