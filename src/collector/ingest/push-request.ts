/**
 * `push.v1.PushRequest` (Grafana Pyroscope's api/push/v1/push.proto), in Connect's binary and JSON codecs:
 *   PushRequest      { repeated RawProfileSeries series = 1; }
 *   RawProfileSeries { repeated types.v1.LabelPair labels = 1; repeated RawSample samples = 2; }
 *   LabelPair        { string name = 1; string value = 2; }
 *   RawSample        { bytes raw_profile = 1; string ID = 2; }
 * (JSON: `{"series": [{"labels": [{"name", "value"}], "samples": [{"rawProfile": "<base64>", "ID"}]}]}`.)
 */
import { fieldString, ProtoFormatError, readFields } from '../../sources/proto/reader';

export interface PushSeries {
  readonly labels: readonly { readonly name: string; readonly value: string }[];
  readonly profiles: readonly Uint8Array[];
}

export class PushRequestError extends Error {}

export function decodePushRequest(bytes: Uint8Array): PushSeries[] {
  try {
    const series: PushSeries[] = [];
    for (const f of readFields(bytes)) {
      if (f.field === 1 && f.wire === 2) series.push(decodeSeries(f.bytes));
    }
    return series;
  } catch (e) {
    if (e instanceof ProtoFormatError) throw new PushRequestError(`not a push.v1.PushRequest message (${e.message})`);
    throw e;
  }
}

function decodeSeries(bytes: Uint8Array): PushSeries {
  const labels: { name: string; value: string }[] = [];
  const profiles: Uint8Array[] = [];
  for (const f of readFields(bytes)) {
    if (f.field === 1 && f.wire === 2) {
      let name = '';
      let value = '';
      for (const g of readFields(f.bytes)) {
        if (g.field === 1) name = fieldString(g);
        else if (g.field === 2) value = fieldString(g);
      }
      labels.push({ name, value });
    } else if (f.field === 2 && f.wire === 2) {
      for (const g of readFields(f.bytes)) if (g.field === 1 && g.wire === 2) profiles.push(g.bytes);
    }
  }
  return { labels, profiles };
}

/** The same message in Connect's JSON codec (protojson: camelCase or proto field names, bytes as base64). */
export function decodePushRequestJson(text: string): PushSeries[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new PushRequestError(`not JSON (${(e as Error).message})`);
  }
  const series = field(parsed, 'series') ?? [];
  if (!Array.isArray(series)) throw new PushRequestError("'series' must be an array");
  return series.map((s, i) => {
    const labels = field(s, 'labels') ?? [];
    const samples = field(s, 'samples') ?? [];
    if (!Array.isArray(labels) || !Array.isArray(samples)) throw new PushRequestError(`series ${i}: 'labels' and 'samples' must be arrays`);
    return {
      labels: labels.map((l) => ({ name: stringField(l, 'name'), value: stringField(l, 'value') })),
      profiles: samples.map((x) => {
        const raw = field(x, 'rawProfile') ?? field(x, 'raw_profile') ?? '';
        if (typeof raw !== 'string' || !/^[A-Za-z0-9+/_-]*={0,2}$/.test(raw)) throw new PushRequestError(`series ${i}: 'rawProfile' must be base64`);
        return Buffer.from(raw, raw.includes('-') || raw.includes('_') ? 'base64url' : 'base64');
      }),
    };
  });
}

function field(o: unknown, name: string): unknown {
  return typeof o === 'object' && o !== null && !Array.isArray(o) ? (o as Record<string, unknown>)[name] : undefined;
}

function stringField(o: unknown, name: string): string {
  const v = field(o, name) ?? '';
  if (typeof v !== 'string') throw new PushRequestError(`label '${name}' must be a string`);
  return v;
}
