/**
 * The JFR reader as the format dispatcher (core/readers) plugs it in: detected by the chunk magic "FLR\0".
 * Callers with more to say than bytes (the collector's ingest of the Pyroscope Java agent: its `labels` part and
 * `sampleRate`) call readJfr directly.
 */
import type { ProfileLimits } from '../../profile/limits';
import type { Profile } from '../../profile/model';
import { isJfr, readJfr } from './readJfr';
import { GROUPS } from './sampleGroups';

export { isJfr, readJfr, type JfrOptions } from './readJfr';
export { decodeLabelsSnapshot, type LabelsSnapshot } from './labelsSnapshot';

export const jfrFormat = {
  name: 'JFR',
  accepts: 'JFR recordings (.jfr: JDK Flight Recorder, async-profiler, the Pyroscope Java agent)',
  detect: (bytes: Uint8Array): boolean => isJfr(bytes),
  read: (bytes: Uint8Array, source: string, limits: ProfileLimits): Profile[] => readJfr(bytes, source, { limits }),
};

/**
 * Grafana Pyroscope's metric name (`__name__`) for a profile the JFR reader made: process_cpu, wall, memory, mutex,
 * block (native_method for JDK native-method samples); undefined for other profiles. With the default sample type
 * it names a stored profile's kind as Pyroscope does (`memory:alloc_in_new_tlab_bytes:bytes:space:bytes`).
 */
export function jfrProfileMetric(profile: Profile): string | undefined {
  return Object.values(GROUPS).find((g) => g.periodType.type === profile.periodType?.type && g.defaultSampleType === profile.defaultSampleType)?.metric;
}
