/**
 * The web UI's URL for a selection loaded from a source: Grafana's Profiles Drilldown for a Grafana data source
 * proxy (`…/api/datasources/proxy/uid/<uid>`), the Pyroscope UI for a Pyroscope server, the Parca UI for Parca;
 * undefined for sources without one (the store, live pprof endpoints).
 */
import type { SourceConfig } from '../create-source';
import type { TimeRange } from '../types';
import { parseLabelFilter, type LabelMatcher } from '../../core/query/labels';
import { pyroscopeTypeId, selectionMatchers, type BackendQuery, type ProfileSelection } from './selection';
import { grafanaDrilldownUrl, parcaUiUrl, pyroscopeUiUrl } from './webLinks';

const GRAFANA_PROXY = /^(.*)\/api\/datasources\/proxy\/uid\/([^/]+)$/;

export interface BackendTarget {
  readonly url: string;
  /** What to call it in the UI: Grafana, Pyroscope or Parca. */
  readonly ui: 'Grafana' | 'Pyroscope' | 'Parca';
}

/**
 * @param range the window fetched (absolute), which wins over the selection's own from/to
 * @param typeId the backend's profile type id, when the source listed it
 * @param selector the label selector the source asked the server (FetchedProfile.selector), with the label names
 *   it found there; without it, the names are the configured or the usual ones
 */
export function backendUrl(config: SourceConfig, selection: ProfileSelection, range: TimeRange | undefined, typeId: string | undefined, nowMs: number, selector?: string): BackendTarget | undefined {
  const times = range ? { from: String(range.fromMs), to: String(range.toMs) } : { from: selection.from, to: selection.to };
  const profileTypeId = typeId ?? pyroscopeTypeId(selection.type ?? 'cpu');
  if (config.kind === 'pyroscope') {
    const query: BackendQuery = { profileTypeId, matchers: fetchedMatchers(selector, selection) ?? selectionMatchers(selection, config.serviceLabel ?? 'service_name', config.versionLabels?.[0] ?? 'service_git_ref'), ...times };
    const proxy = GRAFANA_PROXY.exec(config.baseUrl);
    if (proxy) return { url: grafanaDrilldownUrl(proxy[1], decodeURIComponent(proxy[2]), query), ui: 'Grafana' };
    return { url: pyroscopeUiUrl(config.baseUrl, query), ui: 'Pyroscope' };
  }
  if (config.kind === 'parca') {
    const query: BackendQuery = { profileTypeId, matchers: fetchedMatchers(selector, selection) ?? selectionMatchers(selection, config.serviceLabels?.[0] ?? 'service_name', config.versionLabels?.[0] ?? 'version'), ...times };
    return { url: parcaUiUrl(config.baseUrl.replace(/\/api$/, ''), query, nowMs), ui: 'Parca' };
  }
  return undefined;
}

/** The fetch's own matchers and the selection's label filters; undefined without a readable selector. */
function fetchedMatchers(selector: string | undefined, selection: ProfileSelection): LabelMatcher[] | undefined {
  if (selector === undefined) return undefined;
  try {
    return [...parseLabelFilter(selector), ...selection.labels];
  } catch {
    return undefined;
  }
}
