/**
 * The web UI's URL for a selection loaded from a source: Grafana's Profiles Drilldown for a Grafana data source
 * proxy (`…/api/datasources/proxy/uid/<uid>`), the Pyroscope UI for a Pyroscope server, the Parca UI for Parca;
 * undefined for sources without one (the store, live pprof endpoints).
 */
import type { SourceConfig } from '../create-source';
import type { TimeRange } from '../types';
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
 */
export function backendUrl(config: SourceConfig, selection: ProfileSelection, range: TimeRange | undefined, typeId: string | undefined, nowMs: number): BackendTarget | undefined {
  const times = range ? { from: String(range.fromMs), to: String(range.toMs) } : { from: selection.from, to: selection.to };
  const profileTypeId = typeId ?? pyroscopeTypeId(selection.type ?? 'cpu');
  if (config.kind === 'pyroscope') {
    const query: BackendQuery = { profileTypeId, matchers: selectionMatchers(selection, config.serviceLabel ?? 'service_name', config.versionLabels?.[0] ?? 'service_git_ref'), ...times };
    const proxy = GRAFANA_PROXY.exec(config.baseUrl);
    if (proxy) return { url: grafanaDrilldownUrl(proxy[1], decodeURIComponent(proxy[2]), query), ui: 'Grafana' };
    return { url: pyroscopeUiUrl(config.baseUrl, query), ui: 'Pyroscope' };
  }
  if (config.kind === 'parca') {
    const query: BackendQuery = { profileTypeId, matchers: selectionMatchers(selection, config.serviceLabels?.[0] ?? 'service_name', config.versionLabels?.[0] ?? 'version'), ...times };
    return { url: parcaUiUrl(config.baseUrl.replace(/\/api$/, ''), query, nowMs), ui: 'Parca' };
  }
  return undefined;
}
