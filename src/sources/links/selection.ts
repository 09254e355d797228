/**
 * What a link asks for: a profile selection (service, profile type, version, time range, label filters), the same
 * whether it came from a `vscode://` link, a Grafana / Pyroscope / Parca URL or a CLI run, and the backend query a
 * web UI shows for it. Times stay as the link wrote them (`now-1h`, Unix ms, ISO), so a relative range is still
 * relative when the link is opened.
 */
import { versionLabelKeysPreferring } from '../../core/model/profileLabels';
import type { LabelMatcher } from '../../core/query/labels';
import { canonicalFromParts, canonicalTypeInfo, splitProfileTypeId } from '../profile-types';

export interface ProfileSelection {
  readonly service?: string;
  /** A canonical type (cpu, alloc_space...) or the backend's own profile type id. */
  readonly type?: string;
  readonly version?: string;
  readonly from?: string;
  readonly to?: string;
  /** Label filters other than service and version. */
  readonly labels: readonly LabelMatcher[];
}

/** A query as Pyroscope, Grafana and Parca UIs hold it: a profile type id and a full label selector. */
export interface BackendQuery {
  readonly profileTypeId: string;
  /** Every matcher, the service's included. */
  readonly matchers: readonly LabelMatcher[];
  readonly from?: string;
  readonly to?: string;
}

/** A link that cannot be used; the message says why in one line. */
export class LinkError extends Error {
  override readonly name = 'LinkError';
}

/** Labels that name a service in backends' queries, most common first (job: Prometheus-style scrape targets). */
export const SERVICE_LABELS = ['service_name', 'service', 'job'] as const;
/** A link's version matcher: Pyroscope's service_git_ref first, as its UI writes it. */
const VERSION_LABELS = versionLabelKeysPreferring('service_git_ref');

/**
 * The selection a backend query stands for: the first equality matcher on one of `serviceLabels` (and on a version
 * label) becomes the service (the version); the rest stay label filters.
 */
export function selectionOfQuery(query: BackendQuery, serviceLabels: readonly string[] = SERVICE_LABELS): ProfileSelection {
  const rest = [...query.matchers];
  const take = (names: readonly string[]) => {
    for (const name of names) {
      const i = rest.findIndex((m) => m.key === name && m.op === '=');
      if (i >= 0) return rest.splice(i, 1)[0].value;
    }
    return undefined;
  };
  const service = take(serviceLabels);
  const version = take(VERSION_LABELS);
  return { service, version, type: canonicalTypeOfId(query.profileTypeId), from: query.from, to: query.to, labels: rest };
}

/** `process_cpu:cpu:nanoseconds:cpu:nanoseconds` → `cpu`; an id with no canonical type stays as it is. */
export function canonicalTypeOfId(id: string): string | undefined {
  if (id === '') return undefined;
  const parts = splitProfileTypeId(id);
  if (!parts) return id;
  return canonicalFromParts(parts.name, parts.sampleType, parts.periodType) ?? id;
}

/** Pyroscope's id for a canonical type (its own ids pass through). */
export function pyroscopeTypeId(type: string): string {
  return canonicalTypeInfo(type)?.pyroscopeId ?? type;
}

/** The matchers of a selection for a backend whose service label is `serviceLabel` (version: `versionLabel`). */
export function selectionMatchers(selection: ProfileSelection, serviceLabel: string, versionLabel: string): LabelMatcher[] {
  return [
    ...(selection.service !== undefined ? [{ key: serviceLabel, op: '=' as const, value: selection.service }] : []),
    ...(selection.version !== undefined ? [{ key: versionLabel, op: '=' as const, value: selection.version }] : []),
    ...selection.labels,
  ];
}
