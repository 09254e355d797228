/**
 * The JFR reader as the format dispatcher (core/readers) plugs it in: detected by the chunk magic "FLR\0".
 * Callers with more to say than bytes (the collector's ingest of the Pyroscope Java agent: its `labels` part and
 * `sampleRate`) call readJfr directly.
 */
import type { ProfileLimits } from '../../profile/limits';
import type { Profile } from '../../profile/model';
import { isJfr, readJfr } from './readJfr';

export { isJfr, readJfr, type JfrOptions } from './readJfr';
export { decodeLabelsSnapshot, type LabelsSnapshot } from './labelsSnapshot';

export const jfrFormat = {
  name: 'JFR',
  accepts: 'JFR recordings (.jfr: JDK Flight Recorder, async-profiler, the Pyroscope Java agent)',
  detect: (bytes: Uint8Array): boolean => isJfr(bytes),
  read: (bytes: Uint8Array, source: string, limits: ProfileLimits): Profile[] => readJfr(bytes, source, { limits }),
};
