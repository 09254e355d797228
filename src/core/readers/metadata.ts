/**
 * What a profile says of itself: its time, its sample types, and the service and version it belongs to (from sample
 * labels, comments, or Pyroscope's JSON build ids). Read by decoding it, so whatever is described is known to
 * decode: in the profile worker for the extension, in-process for the CLI and the collector.
 */
import { SERVICE_LABEL_KEYS, VERSION_LABEL_KEYS } from '../model/profileLabels';
import { ProfileError } from '../profile/errors';
import type { ProfileLimits } from '../profile/limits';
import type { Profile, ValueType } from '../profile/model';
import { allSampleTypes } from './groups';
import { readProfiles } from './index';


export interface ProfileMetadata {
  readonly sampleTypes: readonly ValueType[];
  readonly periodType: ValueType | undefined;
  readonly sampleCount: number;
  /** time_nanos in ms, or undefined when the profile does not say. */
  readonly timeMs: number | undefined;
  readonly durationMs: number | undefined;
  readonly service: string | undefined;
  readonly version: string | undefined;
}

/** What a file holds, or why it cannot be read (`missing`: it vanished, which is no fault of the file). */
export type FileDescription = { readonly metadata: ProfileMetadata } | { readonly error: string; readonly missing?: boolean };

/** Decodes (gzipped or not, in any format core/readers reads) and describes a profile file. Throws ProfileError naming `origin` when it is not one. */
export function readProfileMetadata(bytes: Uint8Array, origin: string, limits?: Partial<ProfileLimits>): ProfileMetadata {
  return describeProfiles(readProfiles(bytes, origin, limits));
}

/**
 * The profiles of one file (any format core/readers reads) described together: a file of several kinds (JFR) lists
 * every kind's sample types and counts all their samples.
 */
function describeProfiles(profiles: readonly Profile[]): ProfileMetadata {
  const parts = profiles.map(describeProfile);
  const first = <K extends keyof ProfileMetadata>(key: K) => parts.find((m) => m[key] !== undefined)?.[key];
  return {
    sampleTypes: allSampleTypes([profiles]),
    periodType: parts[0].periodType,
    sampleCount: parts.reduce((n, m) => n + m.sampleCount, 0),
    timeMs: first('timeMs') as number | undefined,
    durationMs: first('durationMs') as number | undefined,
    service: first('service') as string | undefined,
    version: first('version') as string | undefined,
  };
}

/** A file's description: decoded (with the limits), or why not. */
export function describeFile(path: string, limits?: Partial<ProfileLimits>): FileDescription {
  try {
    return { metadata: describeProfiles(readProfiles(path, path, limits)) };
  } catch (e) {
    if (!(e instanceof ProfileError)) throw e;
    // A file that vanished since it was listed (a compaction, a cleaner) is not a bad file.
    return { error: e.message, missing: e.reason === 'no such file' || undefined };
  }
}

export function describeProfile(p: Profile): ProfileMetadata {
  const found = labelValues(p, [...SERVICE_LABEL_KEYS, ...VERSION_LABEL_KEYS]);
  fromComments(p.comments, found);
  const gitRef = gitRefFromBuildIds(p);
  const first = (names: readonly string[]) => names.map((n) => found.get(n)).find((v) => v !== undefined && v !== '');
  return {
    sampleTypes: p.sampleTypes,
    periodType: p.periodType,
    sampleCount: p.samples.count,
    timeMs: p.timeNanos > 0 ? Math.floor(p.timeNanos / 1e6) : undefined,
    durationMs: p.durationNanos > 0 ? Math.round(p.durationNanos / 1e6) : undefined,
    service: first(SERVICE_LABEL_KEYS),
    version: first(VERSION_LABEL_KEYS) ?? gitRef,
  };
}

/** The first string value of each wanted label key over all samples. */
function labelValues(p: Profile, wanted: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const keyName = new Map<number, string | null>();
  const { labels, strings } = p;
  for (let i = 0; i < labels.count; i++) {
    const k = labels.key[i];
    let name = keyName.get(k);
    if (name === undefined) {
      const s = strings.get(k);
      name = wanted.includes(s) ? s : null;
      keyName.set(k, name);
    }
    if (name !== null && labels.str[i] !== 0 && !out.has(name)) {
      out.set(name, strings.get(labels.str[i]));
      if (out.size === wanted.length) break;
    }
  }
  return out;
}

/** `service_name=checkout` or `version: 1.2.3` comments (labels take precedence). */
function fromComments(comments: readonly string[], found: Map<string, string>): void {
  for (const c of comments) {
    const m = /^\s*(service_name|service|version|service_git_ref)\s*[=:]\s*(\S.*?)\s*$/.exec(c);
    if (m && !found.has(m[1])) found.set(m[1], m[2]);
  }
}

/** Pyroscope rewrites mapping build ids to `{"repository":…,"git_ref":…,"build_id":…}` when it knows the ref. */
function gitRefFromBuildIds(p: Profile): string | undefined {
  for (let m = 0; m < p.mappings.count; m++) {
    const id = p.strings.get(p.mappings.buildId[m]);
    if (!id.startsWith('{')) continue;
    try {
      const ref = (JSON.parse(id) as { git_ref?: unknown }).git_ref;
      if (typeof ref === 'string' && ref !== '') return ref;
    } catch {
      // Not JSON after all: an ordinary build id.
    }
  }
  return undefined;
}
