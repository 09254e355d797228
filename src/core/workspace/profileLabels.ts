// Service, version and commit of a profile, from the labels the ecosystem uses (Pyroscope's service_name and
// service_git_ref, Datadog's service/version, the collector's own labels). Profile-wide facts are usually sample
// labels repeated on every sample, or `key=value` comments.
import type { Profile } from '../profile/model';
import { gitRefFromLabels } from '../symbolicate/profile-hints';

const SERVICE_KEYS = ['service_name', 'service', 'service.name', 'app'];
const VERSION_KEYS = ['version', 'service_version', 'service.version', 'service_git_ref'];

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

export function profileLabels(profiles: readonly Profile[]): ProfileLabels {
  const found = new Map<string, string>();
  for (const p of profiles) {
    for (const c of p.comments) {
      // Length first: a long comment is no `key=value` fact, and the pattern below is slow on long runs of spaces.
      if (c.length > MAX_LABEL_VALUE_LENGTH + 64) continue;
      const m = /^\s*([\w.]+)\s*[=:]\s*(\S.*?)\s*$/.exec(c);
      if (m && !found.has(m[1]) && m[2].length <= MAX_LABEL_VALUE_LENGTH) found.set(m[1], m[2]);
    }
    const { key, str } = p.labels;
    // Label values of the first samples are enough: profile-wide labels repeat on every sample.
    const limit = Math.min(p.labels.count, 10_000);
    for (let i = 0; i < limit; i++) {
      if (str[i] <= 0) continue;
      const k = p.strings.get(key[i]);
      if (found.has(k)) continue;
      const value = p.strings.get(str[i]);
      if (value.length <= MAX_LABEL_VALUE_LENGTH) found.set(k, value);
    }
  }
  const pick = (keys: string[]) => keys.map((k) => found.get(k)).find((v) => v !== undefined && v !== '');
  return { service: pick(SERVICE_KEYS), version: pick(VERSION_KEYS), gitRef: gitRefFromLabels(found.entries()) };
}
