/**
 * Choosing which sample type (value column) to show, with `go tool pprof -sample_index` rules:
 * - nothing requested: default_sample_type if the profile sets one that exists, else the LAST sample type;
 * - a number: that 0-based index;
 * - a name: the sample type with that name, also accepting `inuse_space`/`inuse_objects` for profiles whose types
 *   are `space`/`objects` (pprof's legacy alias).
 */
import type { ValueType } from '../profile/model';
import { QueryError } from '../query/errors';

/** A requested sample type the profile does not have. The message lists the ones it has. */
export class SampleTypeError extends QueryError {
  override readonly name: string = 'SampleTypeError';
}

export function defaultSampleTypeIndex(types: readonly ValueType[], defaultSampleType: string): number {
  if (defaultSampleType !== '') {
    const i = types.findIndex((t) => t.type === defaultSampleType);
    if (i >= 0) return i;
  }
  return types.length - 1;
}

export function selectSampleType(types: readonly ValueType[], defaultSampleType: string, requested?: string): number {
  if (requested === undefined || requested === '') return defaultSampleTypeIndex(types, defaultSampleType);
  if (/^\d+$/.test(requested)) {
    const i = Number(requested);
    if (i >= types.length) {
      throw new SampleTypeError(`sample type index ${requested} is outside 0..${types.length - 1} (${describeSampleTypes(types)})`);
    }
    return i;
  }
  const withoutInuse = requested.startsWith('inuse_') ? requested.slice('inuse_'.length) : requested;
  const i = types.findIndex((t) => t.type === requested || t.type === withoutInuse);
  if (i < 0) throw new SampleTypeError(`no sample type '${requested}'; the profile has ${describeSampleTypes(types)}`);
  return i;
}

/** "samples (count), cpu (nanoseconds)" */
export function describeSampleTypes(types: readonly ValueType[]): string {
  return types.map((t) => (t.unit ? `${t.type} (${t.unit})` : t.type)).join(', ');
}
