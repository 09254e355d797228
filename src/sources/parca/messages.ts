/**
 * The Parca QueryService messages PerfLens sends and reads, encoded by hand (binary protobuf).
 *
 * Field numbers are from parca-dev/parca `proto/parca/query/v1alpha1/query.proto` (package parca.query.v1alpha1)
 * and `proto/parca/profilestore/v1alpha1/profilestore.proto` (LabelSet, Label), as of commit 3b5647cd (2026-07).
 * Times are google.protobuf.Timestamp {int64 seconds = 1; int32 nanos = 2}; Duration has the same shape.
 */
import { fieldNumber, fieldString, readFields, readTimestampMs } from '../proto/reader';
import { ProtoWriter, writeTimestamp } from '../proto/writer';

export const QUERY_SERVICE = 'parca.query.v1alpha1.QueryService';

/** QueryRequest.Mode */
export const MODE_MERGE = 2;
/** QueryRequest.ReportType */
export const REPORT_TYPE_PPROF = 1;

/** ProfileTypesRequest { optional Timestamp start = 1; optional Timestamp end = 2; } */
export function encodeProfileTypesRequest(startMs: number, endMs: number): Uint8Array {
  return new ProtoWriter().message(1, (w) => writeTimestamp(w, startMs)).message(2, (w) => writeTimestamp(w, endMs)).finish();
}

export interface ParcaProfileType {
  readonly name: string;
  readonly sampleType: string;
  readonly sampleUnit: string;
  readonly periodType: string;
  readonly periodUnit: string;
  readonly delta: boolean;
}

/** The query-string form: `name:sample_type:sample_unit:period_type:period_unit[:delta]`. */
export function parcaTypeId(t: ParcaProfileType): string {
  return `${t.name}:${t.sampleType}:${t.sampleUnit}:${t.periodType}:${t.periodUnit}${t.delta ? ':delta' : ''}`;
}

/**
 * ProfileTypesResponse { repeated ProfileType types = 1; }
 * ProfileType { string name = 1; string sample_type = 2; string sample_unit = 3; string period_type = 4;
 *               string period_unit = 5; bool delta = 6; }
 */
export function decodeProfileTypesResponse(buf: Uint8Array): ParcaProfileType[] {
  const out: ParcaProfileType[] = [];
  for (const f of readFields(buf)) {
    if (f.field !== 1 || f.wire !== 2) continue;
    const t = { name: '', sampleType: '', sampleUnit: '', periodType: '', periodUnit: '', delta: false };
    for (const g of readFields(f.bytes)) {
      if (g.field === 6 && g.wire === 0) t.delta = g.varint !== 0n;
      else if (g.wire === 2) {
        if (g.field === 1) t.name = fieldString(g);
        else if (g.field === 2) t.sampleType = fieldString(g);
        else if (g.field === 3) t.sampleUnit = fieldString(g);
        else if (g.field === 4) t.periodType = fieldString(g);
        else if (g.field === 5) t.periodUnit = fieldString(g);
      }
    }
    out.push(t);
  }
  return out;
}

/** LabelsRequest { repeated string match = 1; Timestamp start = 2; Timestamp end = 3; optional string profile_type = 4; } */
export function encodeLabelsRequest(match: readonly string[], startMs: number, endMs: number, profileType?: string): Uint8Array {
  const w = new ProtoWriter();
  for (const m of match) w.string(1, m);
  w.message(2, (t) => writeTimestamp(t, startMs)).message(3, (t) => writeTimestamp(t, endMs));
  if (profileType !== undefined) w.string(4, profileType);
  return w.finish();
}

/** LabelsResponse { repeated string label_names = 1; repeated string warnings = 2; } (ValuesResponse: label_values = 1). */
export function decodeStringsResponse(buf: Uint8Array): string[] {
  const out: string[] = [];
  for (const f of readFields(buf)) if (f.field === 1 && f.wire === 2) out.push(fieldString(f));
  return out;
}

/**
 * ValuesRequest { string label_name = 1; repeated string match = 2; Timestamp start = 3; Timestamp end = 4;
 *                 optional string profile_type = 5; }
 */
export function encodeValuesRequest(labelName: string, match: readonly string[], startMs: number, endMs: number, profileType?: string): Uint8Array {
  const w = new ProtoWriter().string(1, labelName);
  for (const m of match) w.string(2, m);
  w.message(3, (t) => writeTimestamp(t, startMs)).message(4, (t) => writeTimestamp(t, endMs));
  if (profileType !== undefined) w.string(5, profileType);
  return w.finish();
}

/**
 * QueryRangeRequest { string query = 1; Timestamp start = 2; Timestamp end = 3; uint32 limit = 4;
 *                     Duration step = 5; repeated string sum_by = 6; }
 */
export function encodeQueryRangeRequest(r: { query: string; startMs: number; endMs: number; stepSeconds: number; sumBy: readonly string[] }): Uint8Array {
  const w = new ProtoWriter()
    .string(1, r.query)
    .message(2, (t) => writeTimestamp(t, r.startMs))
    .message(3, (t) => writeTimestamp(t, r.endMs))
    .message(5, (d) => d.varint(1, r.stepSeconds));
  for (const s of r.sumBy) w.string(6, s);
  return w.finish();
}

export interface ParcaSeries {
  readonly labels: ReadonlyMap<string, string>;
  /** count: the profiles in the sample's step (non-delta types; Parca ≥ 0.2x), undefined when the server leaves it out. */
  readonly samples: readonly { readonly timestampMs: number; readonly value: number; readonly count?: number }[];
}

/**
 * QueryRangeResponse { repeated MetricsSeries series = 1; }
 * MetricsSeries { profilestore.LabelSet labelset = 1; repeated MetricsSample samples = 2; ... }
 * LabelSet { repeated Label labels = 1; }  Label { string name = 1; string value = 2; }
 * MetricsSample { Timestamp timestamp = 1; int64 value = 2; double value_per_second = 3; int64 duration = 4; int32 count = 5; }
 */
export function decodeQueryRangeResponse(buf: Uint8Array): ParcaSeries[] {
  const out: ParcaSeries[] = [];
  for (const f of readFields(buf)) {
    if (f.field !== 1 || f.wire !== 2) continue;
    const labels = new Map<string, string>();
    const samples: { timestampMs: number; value: number; count?: number }[] = [];
    for (const g of readFields(f.bytes)) {
      if (g.field === 1 && g.wire === 2) {
        for (const l of readFields(g.bytes)) {
          if (l.field !== 1 || l.wire !== 2) continue;
          let name = '';
          let value = '';
          for (const h of readFields(l.bytes)) {
            if (h.field === 1 && h.wire === 2) name = fieldString(h);
            else if (h.field === 2 && h.wire === 2) value = fieldString(h);
          }
          labels.set(name, value);
        }
      } else if (g.field === 2 && g.wire === 2) {
        let timestampMs = 0;
        let value = 0;
        let count: number | undefined;
        for (const h of readFields(g.bytes)) {
          if (h.field === 1 && h.wire === 2) timestampMs = readTimestampMs(h.bytes);
          else if (h.field === 2 && h.wire === 0) value = fieldNumber(h);
          else if (h.field === 5 && h.wire === 0) count = fieldNumber(h);
        }
        samples.push({ timestampMs, value, ...(count !== undefined ? { count } : {}) });
      }
    }
    out.push({ labels, samples });
  }
  return out;
}

/**
 * QueryRequest { Mode mode = 1; oneof options { ... MergeProfile merge = 3; ... } ReportType report_type = 5; }
 * MergeProfile { string query = 1; Timestamp start = 2; Timestamp end = 3; }
 */
export function encodeMergeQueryRequest(query: string, startMs: number, endMs: number): Uint8Array {
  return new ProtoWriter()
    .varint(1, MODE_MERGE)
    .message(3, (m) => m.string(1, query).message(2, (t) => writeTimestamp(t, startMs)).message(3, (t) => writeTimestamp(t, endMs)))
    .varint(5, REPORT_TYPE_PPROF)
    .finish();
}

/** QueryResponse { oneof report { ... bytes pprof = 6; ... } int64 total = 9; int64 filtered = 10; } */
export function decodeQueryResponsePprof(buf: Uint8Array): { pprof: Uint8Array | undefined; total: number } {
  let pprof: Uint8Array | undefined;
  let total = 0;
  for (const f of readFields(buf)) {
    if (f.field === 6 && f.wire === 2) pprof = f.bytes;
    else if (f.field === 9 && f.wire === 0) total = fieldNumber(f);
  }
  return { pprof, total };
}
