/**
 * The formats the dispatcher knows, in the order they are tried: magic numbers and strict headers first,
 * protobuf last, since a protobuf's first byte is the weakest evidence (text can start with a byte that is also a
 * valid pprof field tag). A reader plugs in with one entry here.
 */
import type { ProfileFormat } from './format';
import { collapsedFormat } from './collapsed';
import { cpuprofileFormat } from './cpuprofile';
import { jfrFormat } from './jfr';
import { legacyPprofFormat } from './legacy';
import { looksLikeOtlpProfiles, readOtlpProfiles } from './otlp';
import { pprofFormat } from './pprof';
import { speedscopeFormat } from './speedscope';

/** OpenTelemetry profiles (the connect engineer's reader, readers/otlp): protobuf, told from pprof by its fields. */
const otlpFormat: ProfileFormat = {
  name: 'OpenTelemetry profiles',
  accepts: 'OpenTelemetry profiles (OTLP, v1development)',
  detect: looksLikeOtlpProfiles,
  read: (bytes, source, limits) => readOtlpProfiles(bytes, source, { limits }),
};

export const PROFILE_FORMATS: readonly ProfileFormat[] = [
  jfrFormat,
  legacyPprofFormat,
  speedscopeFormat,
  cpuprofileFormat,
  // After pprof's legacy text formats: "goroutine profile: total 5" ends in a count too.
  collapsedFormat,
  // Both protobuf: OTLP's detector looks at the message's top-level fields, pprof's at the first byte only.
  otlpFormat,
  pprofFormat,
];
