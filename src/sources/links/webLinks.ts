/**
 * URLs of the profiling web UIs, both ways:
 * - Grafana Profiles Drilldown (formerly Explore Profiles; `…/a/grafana-pyroscope-app/explore?var-dataSource=<uid>
 *   &var-serviceName=…&var-profileMetricId=…&var-filters=key|op|value&from=…&to=…`, filters as Grafana scenes write
 *   ad hoc filters: one parameter each, `|` escaped as `__gfp__`, `,` as `__gfc__`);
 * - Grafana Explore with the Pyroscope data source (`…/explore?panes={…}` or the older `left={…}`);
 * - the Pyroscope UI (`/?query=<profile type id>{selector}&from=…&until=…`);
 * - the Parca UI (`/?expression_a=<profile type id>{selector}&from_a=<ms>&to_a=<ms>&time_selection_a=…`).
 * Parsing gives the backend query, the selection it stands for and the PerfLens source URL that serves it (a Grafana
 * link's source is its data source proxy); building gives the URL that opens the same query in that UI.
 */
import { FilterError } from '../../core/query/filtersError';
import { formatLabelFilter, parseLabelFilter, type LabelMatcher } from '../../core/query/labels';
import { parseTimeSpec } from '../time-range';
import { DEFAULT_SERVICE_LABELS as PARCA_SERVICE_LABELS } from '../parca/parca-source';
import { LinkError, selectionOfQuery, type BackendQuery, type ProfileSelection } from './selection';

export type WebUi = 'grafana' | 'pyroscope' | 'parca';

export interface WebProfileLink {
  readonly ui: WebUi;
  /** The PerfLens source URL that answers the same queries (pyroscope+https://…, parca+https://…). */
  readonly source: string;
  /** Grafana: the Pyroscope data source's uid. */
  readonly dataSourceUid?: string;
  readonly query: BackendQuery;
  readonly selection: ProfileSelection;
  /** Grafana's span selector (span ids), when the link has one. */
  readonly spanSelector?: readonly string[];
}

const MAX_URL_LENGTH = 32 * 1024;
export const DRILLDOWN_PATH = '/a/grafana-pyroscope-app/explore';

/** Reads a URL copied from one of the UIs; throws LinkError saying what is wrong or missing. */
export function parseProfileUrl(text: string): WebProfileLink {
  const trimmed = text.trim();
  if (trimmed.length > MAX_URL_LENGTH) throw new LinkError(`the URL is ${trimmed.length} characters long, over the limit of ${MAX_URL_LENGTH}`);
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new LinkError(`'${clip(trimmed)}' is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new LinkError(`'${clip(trimmed)}' is not an http(s) URL`);
  if (url.username || url.password) throw new LinkError('the URL carries a user name or password; copy it without them');
  const p = url.searchParams;
  const drilldown = url.pathname.indexOf('/a/grafana-pyroscope-app/');
  if (drilldown >= 0) return parseDrilldown(url, `${url.origin}${url.pathname.slice(0, drilldown)}`);
  if (/\/explore\/?$/.test(url.pathname) && (p.has('panes') || p.has('left'))) return parseGrafanaExplore(url, `${url.origin}${url.pathname.replace(/\/explore\/?$/, '')}`);
  if (p.has('expression_a') || p.has('expression')) return parseParca(url);
  if (p.has('query')) return parsePyroscope(url);
  throw new LinkError(`the URL holds no profile query: copy it from Grafana's Profiles Drilldown (…${DRILLDOWN_PATH}?…), Grafana Explore, the Pyroscope UI (?query=…) or the Parca UI (?expression_a=…)`);
}

function parseDrilldown(url: URL, grafana: string): WebProfileLink {
  const p = url.searchParams;
  const uid = p.get('var-dataSource') ?? '';
  if (!uid) throw new LinkError('the Profiles Drilldown link names no data source (var-dataSource)');
  const service = p.get('var-serviceName') ?? '';
  const typeId = p.get('var-profileMetricId') ?? '';
  const matchers: LabelMatcher[] = [];
  if (service) matchers.push({ key: 'service_name', op: '=', value: service });
  for (const f of p.getAll('var-filters')) if (f !== '') matchers.push(drilldownFilter(f));
  const query: BackendQuery = { profileTypeId: typeId, matchers, from: grafanaTime(p.get('from'), 'from'), to: grafanaTime(p.get('to'), 'to') };
  const spans = (p.get('var-spanSelector') ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '' && s !== 'undefined');
  return { ui: 'grafana', source: `pyroscope+${grafana}/api/datasources/proxy/uid/${encodeURIComponent(uid)}`, dataSourceUid: uid, query, selection: selectionOfQuery(query), ...(spans.length ? { spanSelector: spans } : {}) };
}

const DRILLDOWN_OPS: Readonly<Record<string, LabelMatcher['op'] | 'empty'>> = { '=': '=', '!=': '!=', '=~': '=~', '!~': '!~', 'is-empty': 'empty' };

/** `key|op|value` with Grafana scenes' escapes (each part may also be `value,label`). */
function drilldownFilter(text: string): LabelMatcher {
  const [rawKey, rawOp, ...rest] = text.split('|');
  const part = (s: string | undefined) => unescapeScenes((s ?? '').split(',')[0]);
  const key = part(rawKey);
  const op = DRILLDOWN_OPS[rawOp ?? ''];
  if (!key || !op) throw new LinkError(`cannot read the filter '${clip(text)}' (expected key|operator|value)`);
  if (op === 'empty') return { key, op: '=', value: '' };
  return { key, op, value: rest.map(part).join('|') };
}

function unescapeScenes(s: string): string {
  return s.replace(/__gfp__/g, '|').replace(/__gfc__/g, ',');
}

function escapeScenes(s: string): string {
  return s.replace(/\|/g, '__gfp__').replace(/,/g, '__gfc__');
}

function parseGrafanaExplore(url: URL, grafana: string): WebProfileLink {
  const p = url.searchParams;
  let pane: { datasource?: unknown; queries?: unknown; range?: { from?: unknown; to?: unknown } } | undefined;
  try {
    if (p.has('panes')) {
      const panes = JSON.parse(p.get('panes')!) as Record<string, typeof pane>;
      pane = Object.values(panes)[0];
    } else {
      const left = JSON.parse(p.get('left')!) as unknown;
      pane = Array.isArray(left) ? { range: { from: left[0], to: left[1] }, datasource: left[2], queries: left.slice(3) } : left as typeof pane;
    }
  } catch {
    throw new LinkError('the Grafana Explore link\'s panes are not valid JSON');
  }
  const queries = Array.isArray(pane?.queries) ? (pane!.queries as Record<string, unknown>[]) : [];
  const q = queries.find((x) => typeof x?.profileTypeId === 'string');
  if (!q) throw new LinkError('the Grafana Explore link holds no profile query (profileTypeId): is its data source Grafana Pyroscope?');
  const dsOf = (d: unknown) => (typeof d === 'string' ? d : typeof (d as { uid?: unknown })?.uid === 'string' ? (d as { uid: string }).uid : '');
  const uid = dsOf(q.datasource) || dsOf(pane?.datasource);
  if (!uid) throw new LinkError('the Grafana Explore link names no data source uid');
  const query: BackendQuery = {
    profileTypeId: q.profileTypeId as string,
    matchers: selector(typeof q.labelSelector === 'string' ? q.labelSelector : ''),
    from: grafanaTime(stringOf(pane?.range?.from), 'from'),
    to: grafanaTime(stringOf(pane?.range?.to), 'to'),
  };
  return { ui: 'grafana', source: `pyroscope+${grafana}/api/datasources/proxy/uid/${encodeURIComponent(uid)}`, dataSourceUid: uid, query, selection: selectionOfQuery(query) };
}

function parsePyroscope(url: URL): WebProfileLink {
  const p = url.searchParams;
  const { profileTypeId, matchers } = expression(p.get('query') ?? '');
  const query: BackendQuery = { profileTypeId, matchers, from: grafanaTime(p.get('from'), 'from'), to: grafanaTime(p.get('until'), 'until') };
  const base = `${url.origin}${url.pathname.replace(/\/+$/, '').replace(/\/ui$/, '')}`;
  return { ui: 'pyroscope', source: `pyroscope+${base}`, query, selection: selectionOfQuery(query) };
}

const PARCA_UNITS: Readonly<Record<string, string>> = { second: 's', minute: 'm', hour: 'h', day: 'd', week: 'w', year: 'y' };

function parseParca(url: URL): WebProfileLink {
  const p = url.searchParams;
  const suffix = p.has('expression_a') ? '_a' : '';
  const { profileTypeId, matchers } = expression(p.get(`expression${suffix}`) ?? '');
  let from = p.get(`from${suffix}`) ?? undefined;
  let to = p.get(`to${suffix}`) ?? undefined;
  const selection = p.get(`time_selection${suffix}`) ?? '';
  const relative = /^relative:(\w+)\|(\d+)$/.exec(selection);
  if (relative && PARCA_UNITS[relative[1]]) {
    from = `now-${relative[2]}${PARCA_UNITS[relative[1]]}`;
    to = 'now';
  }
  const query: BackendQuery = { profileTypeId, matchers, from: grafanaTime(from ?? null, 'from'), to: grafanaTime(to ?? null, 'to') };
  const base = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  return { ui: 'parca', source: `parca+${base}`, query, selection: selectionOfQuery(query, PARCA_SERVICE_LABELS) };
}

/** `<profile type id>{selector}` as Pyroscope and Parca write it. */
function expression(text: string): { profileTypeId: string; matchers: LabelMatcher[] } {
  const brace = text.indexOf('{');
  const profileTypeId = (brace < 0 ? text : text.slice(0, brace)).trim();
  if (!/^[\w.-]+(:[\w.-]*){4,5}$/.test(profileTypeId)) throw new LinkError(`'${clip(profileTypeId)}' is not a profile type id (name:sample type:unit:period type:unit)`);
  return { profileTypeId, matchers: brace < 0 ? [] : selector(text.slice(brace)) };
}

function selector(text: string): LabelMatcher[] {
  if (text.trim() === '') return [];
  try {
    return parseLabelFilter(text);
  } catch (e) {
    if (e instanceof FilterError) throw new LinkError(e.message);
    throw e;
  }
}

const GRAFANA_UNITS: Readonly<Record<string, [number, string]>> = { s: [1, 's'], m: [1, 'm'], h: [1, 'h'], d: [1, 'd'], w: [7, 'd'], M: [30, 'd'], y: [365, 'd'] };

/** A UI's time (`now-1h`, `now-7d/d`, `now-2w`, Unix s or ms, ISO) as a time PerfLens reads; rounding (`/d`) is dropped. */
function grafanaTime(text: string | null, what: string): string | undefined {
  if (text === null || text === '') return undefined;
  const t = text.trim();
  const rel = /^now(?:-(\d+)([smhdwMy]))?(?:\/[smhdwMy])?$/.exec(t);
  if (rel) {
    if (!rel[1]) return 'now';
    const [factor, unit] = GRAFANA_UNITS[rel[2]];
    return `now-${Number(rel[1]) * factor}${unit}`;
  }
  if (parseTimeSpec(t, 0) !== undefined) return t;
  throw new LinkError(`cannot read the link's '${what}' time '${clip(t)}'`);
}

function stringOf(v: unknown): string | null {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null;
}

function clip(s: string): string {
  return s.length > 100 ? `${s.slice(0, 97)}...` : s;
}

// ---- building ----

/** Unix ms for an absolute time, the text for a relative one. */
function absoluteMs(spec: string): number | undefined {
  return spec.startsWith('now') ? undefined : parseTimeSpec(spec, 0);
}

/** The Pyroscope UI's URL for a query (`base` is the server's http(s) root). */
export function pyroscopeUiUrl(base: string, query: BackendQuery): string {
  const u = new URL(`${base.replace(/\/+$/, '')}/`);
  u.searchParams.set('query', `${query.profileTypeId}${formatLabelFilter(query.matchers) || '{}'}`);
  const time = (spec: string | undefined, fallback: string) => {
    const ms = absoluteMs(spec ?? fallback);
    return ms === undefined ? (spec ?? fallback) : String(Math.floor(ms / 1000));
  };
  u.searchParams.set('from', time(query.from, 'now-1h'));
  u.searchParams.set('until', time(query.to, 'now'));
  return u.toString();
}

/** Grafana Profiles Drilldown's flame graph of a query (`grafana` is Grafana's root URL). */
export function grafanaDrilldownUrl(grafana: string, dataSourceUid: string, query: BackendQuery): string {
  const u = new URL(`${grafana.replace(/\/+$/, '')}${DRILLDOWN_PATH}`);
  const service = query.matchers.find((m) => m.key === 'service_name' && m.op === '=');
  u.searchParams.set('explorationType', 'flame-graph');
  u.searchParams.set('var-dataSource', dataSourceUid);
  if (service) u.searchParams.set('var-serviceName', service.value);
  u.searchParams.set('var-profileMetricId', query.profileTypeId);
  const filters = query.matchers.filter((m) => m !== service);
  if (filters.length === 0) u.searchParams.set('var-filters', '');
  for (const m of filters) u.searchParams.append('var-filters', [m.key, m.op, m.value].map(escapeScenes).join('|'));
  const time = (spec: string | undefined, fallback: string) => {
    const ms = absoluteMs(spec ?? fallback);
    return ms === undefined ? (spec ?? fallback) : String(ms);
  };
  u.searchParams.set('from', time(query.from, 'now-1h'));
  u.searchParams.set('to', time(query.to, 'now'));
  return u.toString();
}

/** The Parca UI's URL for a query (`base` is the UI's root); `nowMs` evaluates a relative range as the UI does. */
export function parcaUiUrl(base: string, query: BackendQuery, nowMs: number): string {
  const u = new URL(`${base.replace(/\/+$/, '')}/`);
  const from = query.from ?? 'now-15m';
  const to = query.to ?? 'now';
  const fromMs = parseTimeSpec(from, nowMs);
  const toMs = parseTimeSpec(to, nowMs);
  if (fromMs === undefined || toMs === undefined) throw new LinkError(`cannot read the time range ${from} .. ${to}`);
  u.searchParams.set('expression_a', `${query.profileTypeId}${formatLabelFilter(query.matchers) || '{}'}`);
  u.searchParams.set('from_a', String(fromMs));
  u.searchParams.set('to_a', String(toMs));
  const rel = /^now-(\d+)([smhd])$/.exec(from);
  const unit = rel && ({ s: 'second', m: 'minute', h: 'hour', d: 'day' } as const)[rel[2] as 's' | 'm' | 'h' | 'd'];
  u.searchParams.set('time_selection_a', rel && unit && to === 'now' ? `relative:${unit}|${rel[1]}` : `absolute:${fromMs}-${toMs}`);
  return u.toString();
}
