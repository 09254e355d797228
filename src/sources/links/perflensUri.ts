/**
 * PerfLens's own links, opened by its URI handler:
 *   vscode://perflens.perflens/open?file=internal/search/search.go&line=42&source=prod&service=shop&type=cpu
 *     &version=v1.4.2&from=now-6h&to=now&labels={endpoint="/search"}&frames={focus="main\\.handler",preset="go-runtime"}
 *     &function=main.search&span=00f067aa0ba902b7
 * Everything is optional; what is there says what to load (source, service, type, version or time range, label
 * filters, a trace or span), how to filter frames (go tool pprof's focus/ignore/hide/show/show_from and presets, as
 * `perflens top --focus …` and the editor's frame filter) and what to show (a file at a line, or a function). Files are relative to the workspace
 * folder: absolute paths, drive letters, `..` and URL forms are refused, so a link cannot point outside it.
 */
import { workspaceRelativePath } from '../../core/answers/workspacePath';
import { FilterError } from '../../core/query/filtersError';
import { formatFrameFilter, isFrameFilterActive, parseFrameFilter, type FrameFilter } from '../../core/query/filters';
import { formatLabelFilter, parseLabelFilter } from '../../core/query/labels';
import { parseTimeSpec } from '../time-range';
import { LinkError, type ProfileSelection } from './selection';

/** The extension's id (`<publisher>.<name>`), the URI's authority. */
export const PERFLENS_URI_AUTHORITY = 'perflens.perflens';
export const OPEN_PATH = '/open';

export interface PerflensLink {
  /** Relative to the workspace folder, with '/'. */
  readonly file?: string;
  /** 1-based. */
  readonly line?: number;
  readonly function?: string;
  /** A configured source's name, or a source URL (pyroscope+https://…). */
  readonly source?: string;
  readonly selection: ProfileSelection;
  /** The frame filter to show the profile under; absent: none. */
  readonly frames?: FrameFilter;
  /** Lower-case hex. */
  readonly traceId?: string;
  readonly spanId?: string;
}

const MAX_URI_LENGTH = 16 * 1024;
const MAX_VALUE_LENGTH = 4096;
const MAX_LINE = 10_000_000;
const KNOWN = ['file', 'line', 'function', 'source', 'service', 'type', 'version', 'from', 'to', 'labels', 'frames', 'trace', 'span'] as const;

/** A link's text as a URL, within the length PerfLens reads; throws LinkError saying what is wrong. */
export function readLinkUrl(text: string): URL {
  if (text.length > MAX_URI_LENGTH) throw new LinkError(`the link is ${text.length} characters long, over the limit of ${MAX_URI_LENGTH}`);
  try {
    return new URL(text.trim());
  } catch {
    throw new LinkError(`'${clip(text)}' is not a link`);
  }
}

/** Reads a link (any scheme: vscode, vscode-insiders...); throws LinkError with what is wrong. */
export function parsePerflensUri(text: string): PerflensLink {
  const url = readLinkUrl(text);
  if (url.host.toLowerCase() !== PERFLENS_URI_AUTHORITY) throw new LinkError(`the link is for '${clip(url.host)}', not PerfLens (${PERFLENS_URI_AUTHORITY})`);
  if (url.pathname !== OPEN_PATH) throw new LinkError(`unknown link path '${clip(url.pathname)}' (PerfLens links start ${url.protocol}//${PERFLENS_URI_AUTHORITY}${OPEN_PATH}?…)`);
  const p = url.searchParams;
  for (const key of p.keys()) {
    if (!(KNOWN as readonly string[]).includes(key)) throw new LinkError(`unknown link parameter '${clip(key)}' (known: ${KNOWN.join(', ')})`);
    if (p.getAll(key).length > 1) throw new LinkError(`the link gives '${key}' more than once`);
  }
  const get = (key: (typeof KNOWN)[number]): string | undefined => {
    const v = p.get(key);
    if (v === null || v === '') return undefined;
    if (v.length > MAX_VALUE_LENGTH) throw new LinkError(`the link's '${key}' is longer than ${MAX_VALUE_LENGTH} characters`);
    return v;
  };

  let file: string | undefined;
  const rawFile = get('file');
  if (rawFile !== undefined) {
    const checked = workspaceRelativePath(rawFile);
    if ('error' in checked) throw new LinkError(`refused: ${checked.error}`);
    file = checked.path;
  }
  let line: number | undefined;
  const rawLine = get('line');
  if (rawLine !== undefined) {
    if (!/^\d{1,8}$/.test(rawLine) || Number(rawLine) < 1 || Number(rawLine) > MAX_LINE) throw new LinkError(`the link's line '${clip(rawLine)}' is not a line number (1 or more)`);
    if (file === undefined) throw new LinkError('the link gives a line but no file');
    line = Number(rawLine);
  }
  const time = (key: 'from' | 'to') => {
    const v = get(key);
    if (v !== undefined && parseTimeSpec(v, 0) === undefined) throw new LinkError(`the link's '${key}' time '${clip(v)}' is not a time (now, now-1h, 2026-08-01T10:00:00Z, Unix s or ms)`);
    return v;
  };
  const hex = (key: 'trace' | 'span', max: number) => {
    const v = get(key);
    if (v !== undefined && !new RegExp(`^[0-9a-fA-F]{1,${max}}$`).test(v)) throw new LinkError(`the link's ${key} id '${clip(v)}' is not a hex id of up to ${max} digits`);
    return v?.toLowerCase();
  };
  const filter = <T>(key: 'labels' | 'frames', parse: (text: string) => T): T | undefined => {
    const raw = get(key);
    if (raw === undefined) return undefined;
    try {
      return parse(raw);
    } catch (e) {
      if (e instanceof FilterError) throw new LinkError(`the link's ${key}: ${e.message}`);
      throw e;
    }
  };
  const labels: ProfileSelection['labels'] = filter('labels', parseLabelFilter) ?? [];
  const frames = filter('frames', parseFrameFilter);
  const selection: ProfileSelection = {
    ...optional('service', get('service')),
    ...optional('type', get('type')),
    ...optional('version', get('version')),
    ...optional('from', time('from')),
    ...optional('to', time('to')),
    labels,
  };
  return {
    ...optional('file', file),
    ...optional('line', line),
    ...optional('function', get('function')),
    ...optional('source', get('source')),
    selection,
    ...optional('frames', isFrameFilterActive(frames) ? frames : undefined),
    ...optional('traceId', hex('trace', 32)),
    ...optional('spanId', hex('span', 16)),
  };
}

/** The link for `link`, which parsePerflensUri reads back the same. */
export function buildPerflensUri(link: PerflensLink, scheme = 'vscode'): string {
  const p = new URLSearchParams();
  const set = (key: (typeof KNOWN)[number], v: string | number | undefined) => {
    if (v !== undefined && v !== '') p.set(key, String(v));
  };
  set('file', link.file);
  set('line', link.line);
  set('function', link.function);
  set('source', link.source);
  set('service', link.selection.service);
  set('type', link.selection.type);
  set('version', link.selection.version);
  set('from', link.selection.from);
  set('to', link.selection.to);
  if (link.selection.labels.length > 0) set('labels', formatLabelFilter(link.selection.labels));
  if (isFrameFilterActive(link.frames)) set('frames', formatFrameFilter(link.frames!));
  set('trace', link.traceId);
  set('span', link.spanId);
  // URLSearchParams writes spaces as '+', which VS Code's URI parsing keeps as '+': use %20.
  return `${scheme}://${PERFLENS_URI_AUTHORITY}${OPEN_PATH}?${p.toString().replace(/\+/g, '%20')}`;
}

/**
 * The link text of a URI as VS Code hands it to a URI handler: its query already percent-decoded (VS Code's URI
 * decodes it, and its toString() would encode the `&` and `=` between parameters too). Each parameter is encoded
 * again, so values keep their `%`, `+` and spaces; only a decoded `&` inside a value cannot be told from a separator.
 */
export function linkOfDecodedUri(uri: { readonly scheme: string; readonly authority: string; readonly path: string; readonly query: string }): string {
  const query = uri.query.split('&').filter((kv) => kv !== '').map((kv) => {
    const eq = kv.indexOf('=');
    return eq < 0 ? encodeURIComponent(kv) : `${encodeURIComponent(kv.slice(0, eq))}=${encodeURIComponent(kv.slice(eq + 1))}`;
  }).join('&');
  return `${uri.scheme}://${uri.authority}${uri.path}${query ? `?${query}` : ''}`;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** Untrusted link text shortened for an error message. */
export function clip(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
