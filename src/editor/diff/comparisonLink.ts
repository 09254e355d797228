// A comparison as a link, so it can be pasted to a colleague or into a ticket and opened again ("Copy link" in the
// diff panel):
//   vscode://perflens.perflens/compare?source=pyroscope%2Bhttps%3A%2F%2Fpyro.example.net&service=shop&type=cpu&base.from=2026-12-07T09:00:00.000Z
//     &base.to=…&head.from=…&head.to=…&head.labels={endpoint="POST /checkout"}&base.version=v1&frames={focus="x"}
// (sides from two sources: base.source=…&head.source=… in place of source=…). A source is named by its id: a
// server's base URL, a store's name; never by a server's display name, which two sources may share. A Pyroscope
// tenant or Parca project read goes with it (tenant=…, or base.tenant=… per side; project=…): two sources may read
// one server as two tenants. Tokens and passwords never go in a link.
// Times are absolute (what was compared, not "last hour" again tomorrow). Every value is checked before anything is
// fetched; unknown or repeated parameters are refused. Pure: no vscode.
import { FilterError } from '../../core/query/filtersError';
import { formatFrameFilter, isFrameFilterActive, parseFrameFilter, type FrameFilter } from '../../core/query/filters';
import { formatLabelFilter, parseLabelFilter, type LabelMatcher } from '../../core/query/labels';
import { clip, PERFLENS_URI_AUTHORITY, readLinkUrl } from '../../sources/links/perflensUri';
import { LinkError } from '../../sources/links/selection';
import { sameSource, type Comparison } from './comparison';

export const COMPARE_PATH = '/compare';

export interface CompareLinkSide {
  /** A server's URL, or a configured source's name (a store's; older links name servers so too): the link's `source`, or the side's own. */
  readonly source: string;
  /** The Pyroscope tenant (X-Scope-OrgID) or Parca project the side reads on that server. */
  readonly tenant?: string;
  readonly project?: string;
  readonly versions?: readonly string[];
  readonly range?: { readonly fromMs: number; readonly toMs: number };
  readonly labels: readonly LabelMatcher[];
}

export interface CompareLink {
  readonly service: string;
  readonly type: string;
  readonly base: CompareLinkSide;
  readonly head: CompareLinkSide;
  readonly frames?: FrameFilter;
}

const SIDE_KEYS = ['source', 'tenant', 'project', 'version', 'from', 'to', 'labels'] as const;
const KNOWN = ['source', 'tenant', 'project', 'service', 'type', 'frames', ...SIDE_KEYS.flatMap((k) => [`base.${k}`, `head.${k}`])];
const MAX_VALUE_LENGTH = 4096;

/** Whether a link is a comparison link (any scheme). */
export function isCompareLink(text: string): boolean {
  try {
    const url = new URL(text.trim());
    return url.host.toLowerCase() === PERFLENS_URI_AUTHORITY && url.pathname === COMPARE_PATH;
  } catch {
    return false;
  }
}

/** The link of a comparison; parseCompareLink reads it back the same. */
export function buildCompareLink(c: Comparison, scheme = 'vscode'): string {
  const p = new URLSearchParams();
  const oneSource = sameSource(c.base.source, c.head.source);
  const setSource = (prefix: string, source: Comparison['base']['source']) => {
    p.set(`${prefix}source`, source.id);
    if (source.tenant !== undefined) p.set(`${prefix}tenant`, source.tenant);
    if (source.project !== undefined) p.set(`${prefix}project`, source.project);
  };
  if (oneSource) setSource('', c.base.source);
  p.set('service', c.base.service);
  p.set('type', c.base.type);
  for (const [name, side] of [['base', c.base], ['head', c.head]] as const) {
    if (!oneSource) setSource(`${name}.`, side.source);
    if (side.versions?.length) p.set(`${name}.version`, side.versions.join(','));
    if (side.range) {
      p.set(`${name}.from`, new Date(side.range.fromMs).toISOString());
      p.set(`${name}.to`, new Date(side.range.toMs).toISOString());
    }
    if (side.labels.length > 0) p.set(`${name}.labels`, formatLabelFilter(side.labels));
  }
  const frames = c.head.frames ?? c.base.frames;
  if (isFrameFilterActive(frames)) p.set('frames', formatFrameFilter(frames!));
  // URLSearchParams writes spaces as '+', which VS Code's URI parsing keeps as '+': use %20.
  return `${scheme}://${PERFLENS_URI_AUTHORITY}${COMPARE_PATH}?${p.toString().replace(/\+/g, '%20')}`;
}

/** Reads a comparison link; throws LinkError saying what is wrong. */
export function parseCompareLink(text: string): CompareLink {
  const url = readLinkUrl(text);
  if (url.host.toLowerCase() !== PERFLENS_URI_AUTHORITY || url.pathname !== COMPARE_PATH) throw new LinkError(`'${clip(text)}' is not a PerfLens comparison link`);
  const p = url.searchParams;
  for (const key of p.keys()) {
    if (!KNOWN.includes(key)) throw new LinkError(`unknown link parameter '${clip(key)}' (known: ${KNOWN.join(', ')})`);
    if (p.getAll(key).length > 1) throw new LinkError(`the link gives '${key}' more than once`);
  }
  const get = (key: string): string | undefined => {
    const v = p.get(key);
    if (v === null || v === '') return undefined;
    if (v.length > MAX_VALUE_LENGTH) throw new LinkError(`the link's '${key}' is longer than ${MAX_VALUE_LENGTH} characters`);
    return v;
  };
  const need = (key: string) => get(key) ?? fail(`the comparison link needs '${key}'`);
  const filter = <T>(key: string, parse: (v: string) => T, none: T): T => {
    const v = get(key);
    if (v === undefined) return none;
    try {
      return parse(v);
    } catch (e) {
      if (e instanceof FilterError) throw new LinkError(`the link's ${key}: ${e.message}`);
      throw e;
    }
  };
  const side = (name: 'base' | 'head'): CompareLinkSide => {
    const from = get(`${name}.from`);
    const to = get(`${name}.to`);
    if ((from === undefined) !== (to === undefined)) throw new LinkError(`the link gives ${name}.from and ${name}.to together or not at all`);
    let range: CompareLinkSide['range'];
    if (from !== undefined && to !== undefined) {
      const fromMs = Date.parse(from);
      const toMs = Date.parse(to);
      if (!Number.isFinite(fromMs) || !Number.isFinite(toMs)) throw new LinkError(`the link's ${name} time range '${clip(from)}'..'${clip(to)}' is not two ISO 8601 times`);
      if (toMs <= fromMs) throw new LinkError(`the link's ${name} time range ends before it starts`);
      range = { fromMs, toMs };
    }
    const versions = get(`${name}.version`)?.split(',').filter((v) => v !== '');
    const own = get(`${name}.source`);
    const source = own ?? get('source') ?? fail('the comparison link needs \'source\' (or base.source and head.source)');
    // A side's tenant or project goes with its own source, the shared ones with the shared source.
    const prefix = own !== undefined ? `${name}.` : '';
    const tenant = get(`${prefix}tenant`);
    const project = get(`${prefix}project`);
    return { source, ...(tenant !== undefined ? { tenant } : {}), ...(project !== undefined ? { project } : {}), ...(versions?.length ? { versions } : {}), ...(range ? { range } : {}), labels: filter(`${name}.labels`, parseLabelFilter, [] as LabelMatcher[]) };
  };
  if (get('source') !== undefined && (get('base.source') !== undefined || get('head.source') !== undefined)) throw new LinkError('the link gives source and a side\'s source: one or the other');
  for (const [key, source] of [['tenant', 'source'], ['project', 'source'], ...(['base', 'head'] as const).flatMap((n) => [[`${n}.tenant`, `${n}.source`], [`${n}.project`, `${n}.source`]])]) {
    if (get(key) !== undefined && get(source) === undefined) throw new LinkError(`the link gives ${key} without ${source}`);
  }
  const frames = filter<FrameFilter | undefined>('frames', parseFrameFilter, undefined);
  return {
    service: need('service'), type: need('type'),
    base: side('base'), head: side('head'),
    ...(isFrameFilterActive(frames) ? { frames } : {}),
  };
}

function fail(message: string): never {
  throw new LinkError(message);
}
