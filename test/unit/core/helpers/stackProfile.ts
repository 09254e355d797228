/**
 * Small profiles written from readable stacks, encoded with pprof-format (the reference encoder) and decoded
 * with our decoder. A stack lists locations leaf first; a location is one frame "name@file:line" or an inline
 * chain of them, innermost first (["inner@a.go:3", "outer@a.go:9"]).
 * `idOffset` shifts every id so two profiles of the same stacks have different ids (as real files do).
 */
import { Function as PprofFunction, Label, Line, Location, Profile, Sample, StringTable, ValueType } from 'pprof-format';
import { decodeProfile } from '../../../../src/core/profile/decode';
import type { Profile as Decoded } from '../../../../src/core/profile/model';

export type LocationSpec = string | readonly string[];

export interface StackProfileSpec {
  types?: readonly [string, string][];
  defaultType?: string;
  /** Labels: string values as strings, numeric ones as a number or [number, unit]. */
  samples: readonly { stack: readonly LocationSpec[]; values: readonly number[]; labels?: Readonly<Record<string, string | number | readonly [number, string]>> }[];
  idOffset?: number;
  timeNanos?: number;
  durationNanos?: number;
  source?: string;
  periodType?: [string, string];
}

export function stackProfileBytes(spec: StackProfileSpec): Uint8Array {
  const st = new StringTable();
  const offset = spec.idOffset ?? 0;
  const functions = new Map<string, PprofFunction>();
  const locations = new Map<string, Location>();
  const fn = (name: string, file: string) => {
    const key = `${name}@${file}`;
    let f = functions.get(key);
    if (!f) {
      f = new PprofFunction({ id: offset + functions.size + 1, name: st.dedup(name), filename: st.dedup(file) });
      functions.set(key, f);
    }
    return f;
  };
  const location = (spec: LocationSpec) => {
    const frames = typeof spec === 'string' ? [spec] : spec;
    const key = frames.join('|');
    let l = locations.get(key);
    if (!l) {
      l = new Location({
        id: offset + 100 + locations.size,
        line: frames.map((frame) => {
          const m = /^(.*)@(.*):(\d+)$/.exec(frame);
          if (!m) throw new Error(`bad frame ${frame}`);
          return new Line({ functionId: fn(m[1], m[2]).id, line: Number(m[3]) });
        }),
      });
      locations.set(key, l);
    }
    return l;
  };
  const types = spec.types ?? [['samples', 'count'], ['cpu', 'nanoseconds']];
  const profile = new Profile({
    sampleType: types.map(([type, unit]) => new ValueType({ type: st.dedup(type), unit: st.dedup(unit) })),
    sample: spec.samples.map((s) => new Sample({
      locationId: s.stack.map((l) => location(l).id),
      value: [...s.values],
      label: Object.entries(s.labels ?? {}).map(([key, v]) => (typeof v === 'string'
        ? new Label({ key: st.dedup(key), str: st.dedup(v) })
        : typeof v === 'number'
          ? new Label({ key: st.dedup(key), num: v })
          : new Label({ key: st.dedup(key), num: v[0], numUnit: st.dedup(v[1]) }))),
    })),
    timeNanos: spec.timeNanos ?? 0,
    durationNanos: spec.durationNanos ?? 0,
    defaultSampleType: spec.defaultType ? st.dedup(spec.defaultType) : 0,
    periodType: spec.periodType ? new ValueType({ type: st.dedup(spec.periodType[0]), unit: st.dedup(spec.periodType[1]) }) : undefined,
    stringTable: st,
  });
  profile.location = [...locations.values()];
  profile.function = [...functions.values()];
  return profile.encode();
}

export function stackProfile(spec: StackProfileSpec): Decoded {
  return decodeProfile(stackProfileBytes(spec), spec.source ?? 'test.pb');
}
