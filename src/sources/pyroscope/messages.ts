/**
 * The Pyroscope query messages PerfLens sends and reads, encoded by hand (binary protobuf).
 *
 * Field numbers are from grafana/pyroscope `api/querier/v1/querier.proto` (package querier.v1) and
 * `api/types/v1/types.proto` (package types.v1), as of commit 3fe6a457 (2026-08); the fields used here have not
 * changed since the Connect API was introduced. Unknown fields in replies are skipped.
 */
import { fieldDouble, fieldNumber, fieldString, readFields } from '../proto/reader';
import { ProtoWriter } from '../proto/writer';

export const QUERIER_SERVICE = 'querier.v1.QuerierService';

/** querier.v1.ProfileTypesRequest { int64 start = 1; int64 end = 2; } (milliseconds). */
export function encodeProfileTypesRequest(startMs: number, endMs: number): Uint8Array {
  return new ProtoWriter().varint(1, startMs).varint(2, endMs).finish();
}

export interface PyroscopeProfileType {
  readonly id: string;
  readonly name: string;
  readonly sampleType: string;
  readonly sampleUnit: string;
  readonly periodType: string;
  readonly periodUnit: string;
}

/**
 * querier.v1.ProfileTypesResponse { repeated types.v1.ProfileType profile_types = 1; }
 * types.v1.ProfileType { string ID = 1; string name = 2; string sample_type = 4; string sample_unit = 5;
 *                        string period_type = 6; string period_unit = 7; }
 */
export function decodeProfileTypesResponse(buf: Uint8Array): PyroscopeProfileType[] {
  const out: PyroscopeProfileType[] = [];
  for (const f of readFields(buf)) {
    if (f.field !== 1 || f.wire !== 2) continue;
    const t = { id: '', name: '', sampleType: '', sampleUnit: '', periodType: '', periodUnit: '' };
    for (const g of readFields(f.bytes)) {
      if (g.wire !== 2) continue;
      switch (g.field) {
        case 1: t.id = fieldString(g); break;
        case 2: t.name = fieldString(g); break;
        case 4: t.sampleType = fieldString(g); break;
        case 5: t.sampleUnit = fieldString(g); break;
        case 6: t.periodType = fieldString(g); break;
        case 7: t.periodUnit = fieldString(g); break;
      }
    }
    out.push(t);
  }
  return out;
}

/** types.v1.LabelValuesRequest { string name = 1; repeated string matchers = 2; int64 start = 3; int64 end = 4; } */
export function encodeLabelValuesRequest(name: string, matchers: readonly string[], startMs: number, endMs: number): Uint8Array {
  const w = new ProtoWriter().string(1, name);
  for (const m of matchers) w.string(2, m);
  return w.varint(3, startMs).varint(4, endMs).finish();
}

/** types.v1.LabelNamesRequest { repeated string matchers = 1; int64 start = 2; int64 end = 3; } */
export function encodeLabelNamesRequest(matchers: readonly string[], startMs: number, endMs: number): Uint8Array {
  const w = new ProtoWriter();
  for (const m of matchers) w.string(1, m);
  return w.varint(2, startMs).varint(3, endMs).finish();
}

/** types.v1.LabelValuesResponse { repeated string names = 1; } (LabelNamesResponse has the same shape). */
export function decodeNamesResponse(buf: Uint8Array): string[] {
  const out: string[] = [];
  for (const f of readFields(buf)) if (f.field === 1 && f.wire === 2) out.push(fieldString(f));
  return out;
}

/**
 * querier.v1.SelectSeriesRequest { string profile_typeID = 1; string label_selector = 2; int64 start = 3;
 *   int64 end = 4; repeated string group_by = 5; double step = 6 (seconds); optional types.v1.TimeSeriesAggregationType
 *   aggregation = 7 (SUM = 0, the default; AVERAGE = 1: the mean of the profiles' totals in each step); optional
 *   int64 limit = 9 (the top N series by total value; servers older than the field ignore it); ... }
 */
export function encodeSelectSeriesRequest(r: {
  profileTypeId: string; labelSelector: string; startMs: number; endMs: number; groupBy: readonly string[]; stepSeconds: number; limit?: number; aggregation?: 'sum' | 'average';
}): Uint8Array {
  const w = new ProtoWriter().string(1, r.profileTypeId).string(2, r.labelSelector).varint(3, r.startMs).varint(4, r.endMs);
  for (const g of r.groupBy) w.string(5, g);
  w.double(6, r.stepSeconds);
  if (r.aggregation !== undefined) w.varintAlways(7, r.aggregation === 'average' ? 1 : 0);
  if (r.limit !== undefined) w.varintAlways(9, r.limit);
  return w.finish();
}

export interface PyroscopeSeries {
  readonly labels: ReadonlyMap<string, string>;
  readonly points: readonly { readonly value: number; readonly timestampMs: number }[];
}

/**
 * querier.v1.SelectSeriesResponse { repeated types.v1.Series series = 1; }
 * types.v1.Series { repeated LabelPair labels = 1; repeated Point points = 2; }
 * types.v1.LabelPair { string name = 1; string value = 2; }
 * types.v1.Point { double value = 1; int64 timestamp = 2 (ms); ... }
 */
export function decodeSelectSeriesResponse(buf: Uint8Array): PyroscopeSeries[] {
  const out: PyroscopeSeries[] = [];
  for (const f of readFields(buf)) {
    if (f.field !== 1 || f.wire !== 2) continue;
    const labels = new Map<string, string>();
    const points: { value: number; timestampMs: number }[] = [];
    for (const g of readFields(f.bytes)) {
      if (g.field === 1 && g.wire === 2) {
        let name = '';
        let value = '';
        for (const h of readFields(g.bytes)) {
          if (h.field === 1 && h.wire === 2) name = fieldString(h);
          else if (h.field === 2 && h.wire === 2) value = fieldString(h);
        }
        labels.set(name, value);
      } else if (g.field === 2 && g.wire === 2) {
        let value = 0;
        let timestampMs = 0;
        for (const h of readFields(g.bytes)) {
          if (h.field === 1 && h.wire === 1) value = fieldDouble(h);
          else if (h.field === 2 && h.wire === 0) timestampMs = fieldNumber(h);
        }
        points.push({ value, timestampMs });
      }
    }
    out.push({ labels, points });
  }
  return out;
}

/**
 * querier.v1.SelectMergeProfileRequest { string profile_typeID = 1; string label_selector = 2; int64 start = 3;
 *   int64 end = 4; optional int64 max_nodes = 5; ... } — the reply is a google.v1.Profile (pprof, uncompressed).
 */
export function encodeSelectMergeProfileRequest(r: { profileTypeId: string; labelSelector: string; startMs: number; endMs: number; maxNodes?: number }): Uint8Array {
  const w = new ProtoWriter().string(1, r.profileTypeId).string(2, r.labelSelector).varint(3, r.startMs).varint(4, r.endMs);
  if (r.maxNodes !== undefined) w.varintAlways(5, r.maxNodes);
  return w.finish();
}

/** querier.v1.ProfileFormat PROFILE_FORMAT_TREE. */
const PROFILE_FORMAT_TREE = 2;

/**
 * querier.v1.SelectMergeSpanProfileRequest { string profile_typeID = 1; string label_selector = 2; repeated string
 *   span_selector = 3; int64 start = 4; int64 end = 5; ProfileFormat format = 7; } with format TREE: the samples
 *   of those spans, merged — Pyroscope's span profiles, as every server version the tests pin answers them (a tree
 *   of function names; SelectMergeStacktraces has no span selector before api v1.6).
 */
export function encodeSpanProfileRequest(r: { profileTypeId: string; labelSelector: string; startMs: number; endMs: number; spanIds: readonly string[] }): Uint8Array {
  const w = new ProtoWriter().string(1, r.profileTypeId).string(2, r.labelSelector);
  for (const id of r.spanIds) w.string(3, id);
  return w.varint(4, r.startMs).varint(5, r.endMs).varint(7, PROFILE_FORMAT_TREE).finish();
}

/** SelectMergeSpanProfileResponse { FlameGraph flamegraph = 1; bytes tree = 2; }: the tree (empty when no sample). */
export function decodeSpanProfileResponse(buf: Uint8Array): Uint8Array {
  for (const f of readFields(buf)) if (f.field === 2 && f.wire === 2) return new Uint8Array(f.bytes);
  return new Uint8Array(0);
}
