// A fake Grafana Pyroscope that follows the published Connect API (querier.v1.QuerierService, binary codec) and
// checks every request strictly: POST, exact path, Content-Type application/proto, Connect-Protocol-Version 1, the
// Authorization and X-Scope-OrgID headers, and each body field against querier.proto/types.proto. Any deviation
// throws inside the handler, which answers 599 and makes TestServer.close() reject, failing the test.
import * as assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { parseMatchers, type SelectorMatcher } from './selector';
import { startServer, type RecordedRequest, type TestServer } from './test-server';
import { dbl, Enc, fields, num, str, strs } from './wire';

export interface FakePyroscopeData {
  /** service → profile type ids */
  readonly types: Record<string, string[]>;
  /** service → label → values */
  readonly labels: Record<string, Record<string, string[]>>;
  /** service → version → timestamps (ms) with samples */
  readonly seen: Record<string, Record<string, number[]>>;
  /** `${service}|${typeId}|${version or ''}` → raw pprof bytes */
  readonly profiles: Record<string, Uint8Array>;
  /**
   * service → its series (labels) and their profiles' times (ms) and total: what SelectSeries with an aggregation
   * answers per step, as Pyroscope does (pkg/model/time_series.go RangeSeries: points at start, start + step, … up to
   * end, each the sum or the average of the totals of the profiles in (point - step, point]; the profiles after the
   * last point are in none).
   */
  readonly snapshots?: Record<string, readonly { readonly labels: Record<string, string>; readonly timesMs: readonly number[]; readonly total: number }[]>;
}

export interface FakePyroscopeOptions {
  readonly prefix?: string;
  /** The exact Authorization header expected, or undefined for none. */
  readonly authorization?: string;
  readonly tenant?: string;
  readonly data: FakePyroscopeData;
  /** A server of several tenants: the X-Scope-OrgID must be one of these, whose data answers (`tenant` unused). */
  readonly tenants?: Readonly<Record<string, FakePyroscopeData>>;
  /** Refuse a range longer than this, as Pyroscope's querier.max-query-length does (400 invalid_argument). */
  readonly maxQueryMs?: number;
  /** Answer this instead of the real reply (error injection); return true when handled. */
  readonly override?: (method: string, req: RecordedRequest, res: ServerResponse) => boolean;
}

export interface FakePyroscope extends TestServer {
  /** Decoded requests, in order: method name and fields. */
  readonly calls: { method: string; body: Record<string, unknown> }[];
}

/** A series' value per label value in SelectSeries grouped by a label other than the version: 100 × (its rank + 1), first value first. */
export function fakeLabelValueCost(service: string, label: string, value: string, data: FakePyroscopeData): number {
  const values = data.labels[service]?.[label] ?? [];
  return 100 * (values.length - values.indexOf(value));
}

/** The window of a SelectMergeProfileRequest { profile_typeID = 1; label_selector = 2; int64 start = 3; int64 end = 4; }, in ms. */
export function mergeWindow(body: Buffer): { start: number; end: number } {
  const f = fields(body, { 1: 2, 2: 2, 3: 0, 4: 0, 5: 0 });
  return { start: num(f.get(3)?.[0]), end: num(f.get(4)?.[0]) };
}

export async function startFakePyroscope(options: FakePyroscopeOptions): Promise<FakePyroscope> {
  const calls: { method: string; body: Record<string, unknown> }[] = [];
  const prefix = options.prefix ?? '';
  const server = await startServer((req, res) => {
    assert.equal(req.method, 'POST', 'Connect unary calls are POST');
    const m = new RegExp(`^${prefix.replace(/[/.]/g, '\\$&')}/querier\\.v1\\.QuerierService/([A-Za-z]+)$`).exec(req.path);
    assert.ok(m, `unexpected path ${req.path}`);
    const method = m[1];
    assert.equal(req.headers['content-type'], 'application/proto');
    assert.equal(req.headers['connect-protocol-version'], '1');
    assert.match(String(req.headers['connect-timeout-ms']), /^\d+$/);
    assert.equal(req.headers.authorization, options.authorization);
    const tenantData = options.tenants?.[String(req.headers['x-scope-orgid'])];
    if (options.tenants) assert.ok(tenantData, `unknown tenant ${String(req.headers['x-scope-orgid'])}`);
    else assert.equal(req.headers['x-scope-orgid'], options.tenant);
    const range = rangeOf(method, req.body);
    if (options.maxQueryMs !== undefined && range.end - range.start > options.maxQueryMs) {
      const hours = (ms: number) => `${ms / 3_600_000}h`;
      calls.push({ method, body: { refused: true, ...range } });
      return connectError(res, 400, 'invalid_argument', `the query time range exceeds the limit (max_query_length, actual: ${hours(range.end - range.start)}0m0s, limit: ${hours(options.maxQueryMs)})`);
    }
    if (options.override?.(method, req, res)) return;
    const reply = answer(method, req.body, tenantData ?? options.data, calls);
    res.writeHead(200, { 'content-type': 'application/proto' });
    res.end(reply);
  });
  return Object.assign(server, { calls });
}

/** start and end (ms) of a request: fields 1 and 2 of ProfileTypesRequest, 3 and 4 of the others this fake limits. */
function rangeOf(method: string, body: Buffer): { start: number; end: number } {
  const schemas: Record<string, Record<number, 0 | 1 | 2>> = {
    ProfileTypes: { 1: 0, 2: 0 },
    LabelValues: { 1: 2, 2: 2, 3: 0, 4: 0 },
    SelectSeries: { 1: 2, 2: 2, 3: 0, 4: 0, 5: 2, 6: 1, 7: 0, 9: 0 },
    SelectMergeProfile: { 1: 2, 2: 2, 3: 0, 4: 0, 5: 0 },
  };
  if (method === 'LabelNames') {
    const f = fields(body, { 1: 2, 2: 0, 3: 0 });
    return { start: num(f.get(2)?.[0]), end: num(f.get(3)?.[0]) };
  }
  if (!schemas[method]) return { start: 0, end: 0 };
  const [a, b] = method === 'ProfileTypes' ? [1, 2] : [3, 4];
  const f = fields(body, schemas[method]);
  return { start: num(f.get(a)?.[0]), end: num(f.get(b)?.[0]) };
}

/** The service a selector starts with (`{service_name="x", …}`); the other matchers are label filters, recorded. */
function serviceOf(matchers: string[]): string {
  assert.equal(matchers.length, 1, 'one matcher');
  const [first] = parseMatchers(matchers[0]);
  assert.deepEqual([first.name, first.op], ['service_name', '=']);
  return first.value;
}

/** The labels the fake files profiles by; any other matcher is a label filter. */
const SELECTING = ['service_name', 'service_git_ref', 'version'];

function filtersOf(selector: string): SelectorMatcher[] {
  return parseMatchers(selector).filter((m) => !(m.op === '=' && SELECTING.includes(m.name)));
}

function answer(method: string, body: Buffer, data: FakePyroscopeData, calls: { method: string; body: Record<string, unknown> }[]): Buffer {
  switch (method) {
    case 'ProfileTypes': {
      // querier.v1.ProfileTypesRequest { int64 start = 1; int64 end = 2; }
      const f = fields(body, { 1: 0, 2: 0 });
      const start = num(f.get(1)?.[0]);
      const end = num(f.get(2)?.[0]);
      assert.ok(start > 0 && end > start, 'start/end in ms');
      calls.push({ method, body: { start, end } });
      const all = [...new Set(Object.values(data.types).flat())];
      const e = new Enc();
      for (const id of all) {
        const [name, sampleType, sampleUnit, periodType, periodUnit] = id.split(':');
        // types.v1.ProfileType { ID = 1; name = 2; sample_type = 4; sample_unit = 5; period_type = 6; period_unit = 7; }
        e.msg(1, new Enc().str(1, id).str(2, name).str(4, sampleType).str(5, sampleUnit).str(6, periodType).str(7, periodUnit));
      }
      return e.done();
    }
    case 'LabelNames': {
      // types.v1.LabelNamesRequest { repeated string matchers = 1; int64 start = 2; int64 end = 3; }
      const f = fields(body, { 1: 2, 2: 0, 3: 0 });
      const matchers = strs(f.get(1));
      const start = num(f.get(2)?.[0]);
      const end = num(f.get(3)?.[0]);
      assert.ok(start > 0 && end > start, 'start/end in ms');
      calls.push({ method, body: { matchers, filters: filtersOf(matchers[0]), start, end } });
      const service = serviceOf(matchers);
      const e = new Enc();
      for (const n of ['__name__', '__profile_type__', 'service_name', ...Object.keys(data.labels[service] ?? {})]) e.str(1, n);
      return e.done();
    }
    case 'LabelValues': {
      // types.v1.LabelValuesRequest { string name = 1; repeated string matchers = 2; int64 start = 3; int64 end = 4; }
      const f = fields(body, { 1: 2, 2: 2, 3: 0, 4: 0 });
      const name = str(f.get(1)?.[0]);
      const matchers = strs(f.get(2));
      const start = num(f.get(3)?.[0]);
      const end = num(f.get(4)?.[0]);
      assert.ok(start > 0 && end > start, 'start/end in ms');
      calls.push({ method, body: { name, matchers, start, end, ...(matchers.length > 0 ? { filters: filtersOf(matchers[0]) } : {}) } });
      let values: string[];
      if (matchers.length === 0) {
        assert.equal(name, 'service_name');
        values = Object.keys(data.types);
      } else {
        const service = serviceOf(matchers);
        values = name === '__profile_type__' ? data.types[service] ?? [] : data.labels[service]?.[name] ?? [];
      }
      const e = new Enc();
      for (const v of values) e.str(1, v);
      return e.done();
    }
    case 'SelectSeries': {
      // querier.v1.SelectSeriesRequest { profile_typeID = 1; label_selector = 2; start = 3; end = 4; group_by = 5; double step = 6; ... }
      const f = fields(body, { 1: 2, 2: 2, 3: 0, 4: 0, 5: 2, 6: 1, 7: 0, 9: 0 });
      const typeId = str(f.get(1)?.[0]);
      const selector = str(f.get(2)?.[0]);
      const groupBy = strs(f.get(5));
      const step = dbl(f.get(6)?.[0]);
      const limit = f.get(9) ? num(f.get(9)?.[0]) : undefined;
      const aggregation = f.get(7) ? (num(f.get(7)?.[0]) === 1 ? 'average' : 'sum') : undefined;
      assert.ok(step > 0, 'step in seconds');
      const [start, end] = [num(f.get(3)?.[0]), num(f.get(4)?.[0])];
      calls.push({ method, body: { typeId, selector, groupBy, step, start, end, filters: filtersOf(selector), ...(limit !== undefined ? { limit } : {}), ...(aggregation ? { aggregation } : {}) } });
      const service = serviceOf([selector]);
      assert.ok((data.types[service] ?? []).includes(typeId), `type ${typeId} for ${service}`);
      const e = new Enc();
      if (aggregation) {
        const stepMs = step * 1000;
        for (const series of data.snapshots?.[service] ?? []) {
          const s = new Enc();
          for (const name of groupBy) if (series.labels[name] !== undefined) s.msg(1, new Enc().str(1, name).str(2, series.labels[name]));
          for (let point = start; point <= end; point += stepMs) {
            const n = series.timesMs.filter((t) => t >= start && t > point - stepMs && t <= point).length;
            if (n > 0) s.msg(2, new Enc().dbl(1, aggregation === 'sum' ? n * series.total : series.total).int(2, point));
          }
          e.msg(1, s);
        }
        return e.done();
      }
      assert.equal(groupBy.length, 1);
      if (groupBy[0] !== 'service_git_ref' && groupBy[0] !== 'version') {
        // Grouped by another label: one series per value, one point, the top `limit` by value.
        const values = [...(data.labels[service]?.[groupBy[0]] ?? [])].sort((a, b) => fakeLabelValueCost(service, groupBy[0], b, data) - fakeLabelValueCost(service, groupBy[0], a, data));
        for (const value of values.slice(0, limit ?? values.length)) {
          e.msg(1, new Enc().msg(1, new Enc().str(1, groupBy[0]).str(2, value)).msg(2, new Enc().dbl(1, fakeLabelValueCost(service, groupBy[0], value, data)).int(2, num(f.get(3)?.[0]))));
        }
        return e.done();
      }
      for (const [version, times] of Object.entries(data.seen[service] ?? {})) {
        // types.v1.Series { repeated LabelPair labels = 1; repeated Point points = 2; }  Point { double value = 1; int64 timestamp = 2; }
        const s = new Enc().msg(1, new Enc().str(1, groupBy[0]).str(2, version));
        for (const t of times) s.msg(2, new Enc().dbl(1, 1234.5).int(2, t));
        e.msg(1, s);
      }
      return e.done();
    }
    case 'SelectMergeProfile': {
      // querier.v1.SelectMergeProfileRequest { profile_typeID = 1; label_selector = 2; start = 3; end = 4; optional max_nodes = 5; ... }
      const f = fields(body, { 1: 2, 2: 2, 3: 0, 4: 0, 5: 0 });
      const typeId = str(f.get(1)?.[0]);
      const text = str(f.get(2)?.[0]);
      const selector = new Map(parseMatchers(text).filter((m) => m.op === '=' && SELECTING.includes(m.name)).map((m) => [m.name, m.value]));
      const start = num(f.get(3)?.[0]);
      const end = num(f.get(4)?.[0]);
      assert.ok(start > 0 && end > start, 'start/end in ms');
      const filters = filtersOf(text);
      calls.push({ method, body: { typeId, selector: Object.fromEntries(selector), start, end, ...(filters.length > 0 ? { filters } : {}) } });
      const service = selector.get('service_name') ?? '';
      const version = selector.get('service_git_ref') ?? selector.get('version') ?? '';
      return Buffer.from(data.profiles[`${service}|${typeId}|${version}`] ?? new Uint8Array(0));
    }
    default:
      throw new Error(`unexpected method ${method}`);
  }
}

/** A Connect error reply (JSON body, HTTP status per the Connect protocol's code mapping). */
export function connectError(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ code, message }));
}
