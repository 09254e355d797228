/**
 * Pyroscope's `/ingest` query parameters (https://grafana.com/docs/pyroscope/latest/reference-server-api/):
 * `name=app.name{key=value,…}`, `from`, `until` (unix seconds), `format`, `spyName`, `sampleRate`. The service is
 * the app name, the version a version label (versionOfLabels). As in Pyroscope's legacy keys, a trailing
 * profile-type suffix (`app.cpu`, `app.alloc_space`) names the type, not the service.
 */
import { versionOfLabels } from './ingest-profile';
import { IngestRequestError } from './ingest-route';

export interface IngestQuery {
  readonly service: string;
  readonly version: string | undefined;
  readonly labels: Readonly<Record<string, string>>;
  /** Start of the profile's window, epoch ms (now when `from` is missing). */
  readonly fromMs: number;
  readonly untilMs: number | undefined;
  readonly spyName: string | undefined;
  readonly sampleRate: number | undefined;
  /** The body's format, lower case: `pprof` when not given. */
  readonly format: string;
  /** A type named by the app name's suffix (`cpu`, `alloc_space`...), a hint for the sample types. */
  readonly typeHint: string | undefined;
}

const TYPE_SUFFIXES = ['cpu', 'wall', 'itimer', 'alloc_objects', 'alloc_space', 'inuse_objects', 'inuse_space', 'goroutines', 'mutex_count', 'mutex_duration', 'block_count', 'block_duration'];
const MAX_NAME_LENGTH = 2048;

export function parseIngestQuery(params: URLSearchParams, nowMs: number): IngestQuery {
  const name = params.get('name');
  if (!name) throw new IngestRequestError(400, "missing query parameter 'name' (app.name{label=value,...})");
  if (name.length > MAX_NAME_LENGTH) throw new IngestRequestError(400, `'name' is longer than ${MAX_NAME_LENGTH} characters`);
  const { app, labels } = parseAppName(name);
  let service = app;
  let typeHint: string | undefined;
  const suffix = TYPE_SUFFIXES.find((s) => app.endsWith(`.${s}`));
  if (suffix && app.length > suffix.length + 1) {
    service = app.slice(0, -(suffix.length + 1));
    typeHint = suffix;
  }
  const from = params.get('from');
  const until = params.get('until');
  const sampleRate = params.get('sampleRate');
  const rate = sampleRate === null ? undefined : Number(sampleRate);
  if (rate !== undefined && !(Number.isFinite(rate) && rate >= 0)) throw new IngestRequestError(400, `'sampleRate' must be a number, not '${sampleRate}'`);
  return {
    service,
    version: versionOfLabels(labels),
    labels,
    fromMs: from === null ? nowMs : unixToMs(from, 'from'),
    untilMs: until === null ? undefined : unixToMs(until, 'until'),
    spyName: params.get('spyName') ?? undefined,
    sampleRate: rate,
    format: (params.get('format') || 'pprof').toLowerCase(),
    typeHint,
  };
}

/** `app.name{k=v,k2="v 2"}` → app name and labels. */
export function parseAppName(name: string): { app: string; labels: Record<string, string> } {
  const brace = name.indexOf('{');
  const app = (brace < 0 ? name : name.slice(0, brace)).trim();
  if (!app) throw new IngestRequestError(400, `'name' has no application name: ${JSON.stringify(name.slice(0, 100))}`);
  const labels: Record<string, string> = {};
  if (brace < 0) return { app, labels };
  if (!name.trimEnd().endsWith('}')) throw new IngestRequestError(400, `'name' has an unclosed label set: ${JSON.stringify(name.slice(0, 100))}`);
  const body = name.slice(brace + 1, name.trimEnd().length - 1);
  for (const m of body.matchAll(/\s*([^=,{}\s]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,]*))\s*(?:,|$)/g)) {
    labels[m[1]] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3].trim();
  }
  if (body.trim() !== '' && Object.keys(labels).length === 0) throw new IngestRequestError(400, `'name' has labels that are not key=value pairs: ${JSON.stringify(body.slice(0, 100))}`);
  return { app, labels };
}

/** Unix seconds (Pyroscope's unit); values that can only be ms, µs or ns are taken as such. */
function unixToMs(text: string, param: string): number {
  if (!/^\d{1,20}$/.test(text.trim())) throw new IngestRequestError(400, `'${param}' must be unix seconds, not '${text.slice(0, 40)}'`);
  const n = Number(text.trim());
  if (n >= 1e17) return Math.floor(n / 1e6);
  if (n >= 1e14) return Math.floor(n / 1e3);
  if (n >= 1e11) return n;
  return n * 1000;
}
