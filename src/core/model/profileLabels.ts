// Service, version and commit of a model's profiles, from the labels the ecosystem uses (Pyroscope's service_name
// and service_git_ref, Datadog's service/version, the collector's own labels). Profile-wide facts are usually sample
// labels repeated on every sample, or `key=value` comments. The one list of those keys: sources, the collector and
// the store read the same ones.
import { gitRefFromLabels } from '../symbolicate/profile-hints';
import type { ProfileModel } from './types';

/** Label keys that name the service, most specific first. */
export const SERVICE_LABEL_KEYS = ['service_name', 'service', 'service.name', 'app'] as const;
/** Label keys that name the version (a release or a commit), most specific first. */
export const VERSION_LABEL_KEYS = ['version', 'service_version', 'service.version', 'service_git_ref'] as const;

/** The version label keys with `first` before the others (a backend whose own SDKs write that one). */
export function versionLabelKeysPreferring(first: (typeof VERSION_LABEL_KEYS)[number]): readonly string[] {
  return [first, ...VERSION_LABEL_KEYS.filter((k) => k !== first)];
}

/**
 * Longer values are not service names, versions or commits (a hostile or broken profile can carry megabytes in
 * a label): they are ignored rather than shown in the status bar, hovers and titles.
 */
export const MAX_LABEL_VALUE_LENGTH = 256;

export interface ProfileLabels {
  readonly service?: string;
  readonly version?: string;
  readonly gitRef?: string;
}

export function profileLabels(model: ProfileModel): ProfileLabels {
  const found = new Map<string, string>();
  for (const comments of model.profiles.comments) {
    for (const c of comments) {
      // Length first: a long comment is no `key=value` fact, and the pattern below is slow on long runs of spaces.
      if (c.length > MAX_LABEL_VALUE_LENGTH + 64) continue;
      const m = /^\s*([\w.]+)\s*[=:]\s*(\S.*?)\s*$/.exec(c);
      if (m && !found.has(m[1]) && m[2].length <= MAX_LABEL_VALUE_LENGTH) found.set(m[1], m[2]);
    }
  }
  const { labelSets, strings } = model;
  // String labels of the first label sets are enough: profile-wide labels repeat on every sample.
  const limit = Math.min(labelSets.start[labelSets.count], 10_000);
  for (let i = 0; i < limit; i++) {
    if (labelSets.str[i] <= 0) continue;
    const k = strings.get(labelSets.key[i]);
    if (found.has(k)) continue;
    const value = strings.get(labelSets.str[i]);
    if (value.length <= MAX_LABEL_VALUE_LENGTH) found.set(k, value);
  }
  const pick = (keys: readonly string[]) => keys.map((k) => found.get(k)).find((v) => v !== undefined && v !== '');
  return { service: pick(SERVICE_LABEL_KEYS), version: pick(VERSION_LABEL_KEYS), gitRef: gitRefFromLabels(found.entries()) };
}
