// A fake Parca that follows the published gRPC-web API (parca.query.v1alpha1.QueryService, binary mode, as the
// improbable-eng wrapper in parca's pkg/server serves it) and checks every request strictly: POST, exact path,
// Content-Type application/grpc-web+proto, X-Grpc-Web: 1, Authorization and projectID headers, one well-formed
// frame, and each body field against query.proto. Any deviation fails the handler (599) and the test.
import * as assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { parseMatchers, type SelectorMatcher } from './selector';
import { startServer, type RecordedRequest, type TestServer } from './test-server';
import { Enc, fields, num, str, strs, timestamp, timestampMs } from './wire';

export interface FakeParcaType {
  readonly name: string;
  readonly sampleType: string;
  readonly sampleUnit: string;
  readonly periodType: string;
  readonly periodUnit: string;
  readonly delta: boolean;
}

export interface FakeParcaData {
  readonly types: readonly FakeParcaType[];
  readonly labelNames: readonly string[];
  /** label → values (Parca's Values ignores matchers, so do we). */
  readonly values: Record<string, string[]>;
  /** `${service}` → version → sample timestamps (ms), for QueryRange */
  readonly seen: Record<string, Record<string, number[]>>;
  /** `${query}` (type id + canonical selector) → uncompressed pprof */
  readonly profiles: Record<string, Uint8Array>;
  /** label → value → cost, for QueryRange summed by that label (a label filter's values and their cost). */
  readonly labelCosts?: Record<string, Record<string, number>>;
  /** Give each QueryRange sample its `count` (one profile), as Parca does for non-delta types since 0.2x; older ones leave it out. */
  readonly sampleCounts?: boolean;
}

export interface FakeParcaOptions {
  readonly prefix?: string;
  readonly authorization?: string;
  readonly projectId?: string;
  readonly data: FakeParcaData;
  readonly override?: (method: string, req: RecordedRequest, res: ServerResponse) => boolean;
}

export interface FakeParca extends TestServer {
  readonly calls: { method: string; body: Record<string, unknown> }[];
}

export function typeId(t: FakeParcaType): string {
  return `${t.name}:${t.sampleType}:${t.sampleUnit}:${t.periodType}:${t.periodUnit}${t.delta ? ':delta' : ''}`;
}

/** The one message in a gRPC-web request body. */
function unframe(body: Buffer): Buffer {
  assert.ok(body.length >= 5, 'a gRPC-web frame');
  assert.equal(body[0], 0, 'uncompressed data frame');
  const len = body.readUInt32BE(1);
  assert.equal(body.length, 5 + len, 'exactly one frame');
  return body.subarray(5);
}

export function grpcWebReply(res: ServerResponse, message: Buffer, status = 0, statusMessage = ''): void {
  const data = Buffer.alloc(5 + message.length);
  data.writeUInt32BE(message.length, 1);
  message.copy(data, 5);
  const trailerText = Buffer.from(`grpc-status: ${status}\r\ngrpc-message: ${encodeURIComponent(statusMessage)}\r\n`);
  const trailer = Buffer.alloc(5 + trailerText.length);
  trailer[0] = 0x80;
  trailer.writeUInt32BE(trailerText.length, 1);
  trailerText.copy(trailer, 5);
  res.writeHead(200, { 'content-type': 'application/grpc-web+proto' });
  res.end(status === 0 ? Buffer.concat([data, trailer]) : trailer);
}

/** A "trailers-only" error: grpc-status in the HTTP headers, no body. */
export function grpcWebHeaderError(res: ServerResponse, status: number, message: string): void {
  res.writeHead(200, { 'content-type': 'application/grpc-web+proto', 'grpc-status': String(status), 'grpc-message': encodeURIComponent(message) });
  res.end();
}

export async function startFakeParca(options: FakeParcaOptions): Promise<FakeParca> {
  const calls: { method: string; body: Record<string, unknown> }[] = [];
  const prefix = options.prefix ?? '';
  const server = await startServer((req, res) => {
    assert.equal(req.method, 'POST');
    const m = new RegExp(`^${prefix.replace(/[/.]/g, '\\$&')}/parca\\.query\\.v1alpha1\\.QueryService/([A-Za-z]+)$`).exec(req.path);
    assert.ok(m, `unexpected path ${req.path}`);
    const method = m[1];
    assert.equal(req.headers['content-type'], 'application/grpc-web+proto');
    assert.equal(req.headers['x-grpc-web'], '1');
    assert.equal(req.headers.authorization, options.authorization);
    assert.equal(req.headers.projectid, options.projectId);
    if (options.override?.(method, req, res)) return;
    grpcWebReply(res, answer(method, unframe(req.body), options.data, calls));
  });
  return Object.assign(server, { calls });
}

function range(f: Map<number, ReturnType<typeof fields> extends Map<number, infer V> ? V : never>, startField: number, endField: number) {
  const s = f.get(startField)?.[0];
  const e = f.get(endField)?.[0];
  assert.ok(s && s.wire === 2 && e && e.wire === 2, 'start and end Timestamps');
  const start = timestampMs(s.b);
  const end = timestampMs(e.b);
  assert.ok(start > 0 && end > start, 'start before end');
  return { start, end };
}

function answer(method: string, body: Buffer, data: FakeParcaData, calls: FakeParca['calls']): Buffer {
  switch (method) {
    case 'ProfileTypes': {
      // ProfileTypesRequest { optional Timestamp start = 1; optional Timestamp end = 2; }
      const f = fields(body, { 1: 2, 2: 2 });
      calls.push({ method, body: range(f, 1, 2) });
      const e = new Enc();
      for (const t of data.types) {
        const m = new Enc().str(1, t.name).str(2, t.sampleType).str(3, t.sampleUnit).str(4, t.periodType).str(5, t.periodUnit);
        if (t.delta) m.int(6, 1);
        e.msg(1, m);
      }
      return e.done();
    }
    case 'Labels': {
      // LabelsRequest { repeated string match = 1; Timestamp start = 2; Timestamp end = 3; optional string profile_type = 4; }
      const f = fields(body, { 1: 2, 2: 2, 3: 2, 4: 2 });
      const profileType = f.get(4) ? str(f.get(4)?.[0]) : undefined;
      const match = strs(f.get(1));
      // Parca joins the match strings inside one selector's braces, and reads them only with a profile type.
      if (profileType !== undefined) parseMatchers(`{${match.join(',')}}`);
      calls.push({ method, body: { match, ...(profileType !== undefined ? { profileType } : {}), ...range(f, 2, 3) } });
      const e = new Enc();
      for (const n of data.labelNames) e.str(1, n);
      return e.done();
    }
    case 'Values': {
      // ValuesRequest { string label_name = 1; repeated string match = 2; Timestamp start = 3; Timestamp end = 4; optional string profile_type = 5; }
      const f = fields(body, { 1: 2, 2: 2, 3: 2, 4: 2, 5: 2 });
      const label = str(f.get(1)?.[0]);
      calls.push({ method, body: { label, ...range(f, 3, 4) } });
      const e = new Enc();
      for (const v of data.values[label] ?? []) e.str(1, v);
      return e.done();
    }
    case 'QueryRange': {
      // QueryRangeRequest { string query = 1; Timestamp start = 2; Timestamp end = 3; uint32 limit = 4; Duration step = 5; repeated string sum_by = 6; }
      const f = fields(body, { 1: 2, 2: 2, 3: 2, 4: 0, 5: 2, 6: 2 });
      const query = str(f.get(1)?.[0]);
      const sumBy = strs(f.get(6));
      const step = f.get(5)?.[0];
      assert.ok(step && step.wire === 2 && num(fields(step.b, { 1: 0, 2: 0 }).get(1)?.[0]) > 0, 'a step Duration');
      calls.push({ method, body: { query, sumBy, ...range(f, 2, 3) } });
      const { type, selector, filters } = splitQuery(query, data);
      const service = [...selector.values()][0];
      assert.equal(selector.size, 1);
      assert.ok(type);
      if (filters.length > 0) calls[calls.length - 1].body.filters = filters;
      const e = new Enc();
      if (data.labelCosts?.[sumBy[0]]) {
        // Summed by a label other than the version: one series per value, one sample of its cost.
        for (const [value, cost] of Object.entries(data.labelCosts[sumBy[0]])) {
          e.msg(1, new Enc().msg(1, new Enc().msg(1, new Enc().str(1, sumBy[0]).str(2, value))).msg(2, new Enc().msg(1, timestamp(1_700_000_000_000)).int(2, cost)));
        }
        return e.done();
      }
      for (const [version, times] of Object.entries(data.seen[service] ?? {})) {
        // MetricsSeries { LabelSet labelset = 1; repeated MetricsSample samples = 2; }  MetricsSample { Timestamp timestamp = 1; int64 value = 2; }
        // Summed by nothing: one series per series of the server, here told apart by its version.
        const s = new Enc().msg(1, new Enc().msg(1, new Enc().str(1, sumBy[0] ?? 'version').str(2, version)));
        for (const t of times) {
          const sample = new Enc().msg(1, timestamp(t)).int(2, 1000);
          s.msg(2, data.sampleCounts ? sample.int(5, 1) : sample);
        }
        e.msg(1, s);
      }
      return e.done();
    }
    case 'Query': {
      // QueryRequest { Mode mode = 1; MergeProfile merge = 3; ReportType report_type = 5; ... }  MergeProfile { query = 1; start = 2; end = 3; }
      const f = fields(body, { 1: 0, 3: 2, 5: 0 });
      assert.equal(num(f.get(1)?.[0]), 2, 'MODE_MERGE');
      assert.equal(num(f.get(5)?.[0]), 1, 'REPORT_TYPE_PPROF');
      const merge = f.get(3)?.[0];
      assert.ok(merge && merge.wire === 2);
      const mf = fields(merge.b, { 1: 2, 2: 2, 3: 2 });
      const query = str(mf.get(1)?.[0]);
      const { type, selector, filters } = splitQuery(query, data);
      calls.push({ method, body: { type, selector: Object.fromEntries(selector), ...range(mf, 2, 3), ...(filters.length > 0 ? { filters } : {}) } });
      const key = `${type}${JSON.stringify(Object.fromEntries(selector))}`;
      const profile = data.profiles[key];
      // QueryResponse { bytes pprof = 6; int64 total = 9; } — pprof is gzip-compressed, as Parca sends it.
      const e = new Enc();
      if (profile) e.bytesField(6, gzipSync(profile)).int(9, 42);
      return e.done();
    }
    default:
      throw new Error(`unexpected method ${method}`);
  }
}

const VERSION_LABELS = ['version', 'service_git_ref', 'service_version'];

/** The type, the equality matchers on the service and version labels, and the other matchers (label filters). */
function splitQuery(query: string, data: FakeParcaData): { type: string; selector: Map<string, string>; filters: SelectorMatcher[] } {
  const at = query.indexOf('{');
  assert.ok(at > 0, `query ${query} has a type and a selector`);
  const type = query.slice(0, at);
  assert.ok(data.types.some((t) => typeId(t) === type), `known type ${type}`);
  const matchers = parseMatchers(query.slice(at));
  // The service (the first matcher) and a version select a profile; any other matcher is a label filter.
  const selecting = (m: SelectorMatcher) => m.op === '=' && (m === matchers[0] || VERSION_LABELS.includes(m.name));
  return { type, selector: new Map(matchers.filter(selecting).map((m) => [m.name, m.value])), filters: matchers.filter((m) => !selecting(m)) };
}
