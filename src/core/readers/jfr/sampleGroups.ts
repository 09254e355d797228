/**
 * The profiles a recording turns into, one per kind of event, named as Grafana Pyroscope's JFR converter names
 * them (its metric, sample types and period type), so each compares with what Pyroscope shows for the same
 * recording. CPU and wall time also carry a `samples` count (the raw number of samples, which the noise test of
 * a release diff needs); their time is samples × the sampling period.
 */
import type { ValueType } from '../../profile/model';

export const enum Group {
  Cpu,
  Wall,
  AllocInNewTlab,
  AllocOutsideTlab,
  AllocSample,
  Lock,
  ThreadPark,
  Live,
  Malloc,
  NativeMethod,
}

export interface GroupSpec {
  /** Pyroscope's metric name for the profile (its `__name__` label). */
  readonly metric: string;
  readonly sampleTypes: readonly ValueType[];
  readonly periodType: ValueType;
  readonly defaultSampleType: string;
  /** Values are sample counts, turned into time by the sampling period. */
  readonly sampled: boolean;
}

const count = (type: string): ValueType => ({ type, unit: 'count' });
const bytes = (type: string): ValueType => ({ type, unit: 'bytes' });
const nanos = (type: string): ValueType => ({ type, unit: 'nanoseconds' });

export const GROUPS: Readonly<Record<Group, GroupSpec>> = {
  [Group.Cpu]: { metric: 'process_cpu', sampleTypes: [count('samples'), nanos('cpu')], periodType: nanos('cpu'), defaultSampleType: 'cpu', sampled: true },
  [Group.Wall]: { metric: 'wall', sampleTypes: [count('samples'), nanos('wall')], periodType: nanos('wall'), defaultSampleType: 'wall', sampled: true },
  [Group.AllocInNewTlab]: {
    metric: 'memory',
    sampleTypes: [count('alloc_in_new_tlab_objects'), bytes('alloc_in_new_tlab_bytes')],
    periodType: bytes('space'),
    defaultSampleType: 'alloc_in_new_tlab_bytes',
    sampled: false,
  },
  [Group.AllocOutsideTlab]: {
    metric: 'memory',
    sampleTypes: [count('alloc_outside_tlab_objects'), bytes('alloc_outside_tlab_bytes')],
    periodType: bytes('space'),
    defaultSampleType: 'alloc_outside_tlab_bytes',
    sampled: false,
  },
  [Group.AllocSample]: {
    metric: 'memory',
    sampleTypes: [count('alloc_sample_objects'), bytes('alloc_sample_bytes')],
    periodType: bytes('space'),
    defaultSampleType: 'alloc_sample_bytes',
    sampled: false,
  },
  [Group.Lock]: { metric: 'mutex', sampleTypes: [count('contentions'), nanos('delay')], periodType: count('mutex'), defaultSampleType: 'delay', sampled: false },
  [Group.ThreadPark]: { metric: 'block', sampleTypes: [count('contentions'), nanos('delay')], periodType: count('block'), defaultSampleType: 'delay', sampled: false },
  [Group.Live]: { metric: 'memory', sampleTypes: [count('live')], periodType: count('objects'), defaultSampleType: 'live', sampled: false },
  [Group.Malloc]: { metric: 'memory', sampleTypes: [count('malloc_objects'), bytes('malloc_bytes')], periodType: bytes('space'), defaultSampleType: 'malloc_bytes', sampled: false },
  // JDK Flight Recorder samples threads running Java code (jdk.ExecutionSample, the CPU profile above) apart from
  // threads in native code (jdk.NativeMethodSample: blocked in a socket read, a JNI call...). Pyroscope drops
  // the latter; they are kept here as their own profile, in samples.
  [Group.NativeMethod]: { metric: 'native_method', sampleTypes: [count('native_samples')], periodType: count('native_samples'), defaultSampleType: 'native_samples', sampled: false },
};

/** Groups in the order their profiles are returned: CPU first, so a caller taking the first gets CPU. */
export const GROUP_ORDER: readonly Group[] = [
  Group.Cpu,
  Group.Wall,
  Group.AllocInNewTlab,
  Group.AllocOutsideTlab,
  Group.AllocSample,
  Group.Live,
  Group.Malloc,
  Group.Lock,
  Group.ThreadPark,
  Group.NativeMethod,
];
