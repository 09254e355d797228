/**
 * The sample type both sides of a diff are compared in: chosen on the base with pprof's rules (selectSampleType),
 * then found by name and unit on the head. Two builds of one program have the same types, but a diff of, say, a
 * CPU profile against a heap profile must fail with a message that says so.
 */
import { SampleTypeError, describeSampleTypes, selectSampleType } from '../aggregate/sampleType';
import type { ProfileModel } from '../model/types';

/** A sample type one side does not have; `side` says which, so a CLI can name its files. */
export class DiffSampleTypeError extends SampleTypeError {
  constructor(readonly side: 'base' | 'head', message: string) {
    super(message);
  }
}

type Typed = Pick<ProfileModel, 'sampleTypes' | 'defaultSampleType'>;

export function selectDiffSampleType(base: Typed, head: Typed, requested?: string): { base: number; head: number } {
  let baseIndex: number;
  try {
    baseIndex = selectSampleType(base.sampleTypes, base.defaultSampleType, requested);
  } catch (e) {
    if (e instanceof SampleTypeError) throw new DiffSampleTypeError('base', e.message);
    throw e;
  }
  const wanted = base.sampleTypes[baseIndex];
  const headIndex = head.sampleTypes.findIndex((t) => t.type === wanted.type && t.unit === wanted.unit);
  if (headIndex < 0) {
    throw new DiffSampleTypeError('head', `no sample type '${wanted.type}' (${wanted.unit}) as in the base profiles; the head profiles have ${describeSampleTypes(head.sampleTypes)}`);
  }
  return { base: baseIndex, head: headIndex };
}
