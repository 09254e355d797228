/** pprof's protobuf format (profile.proto): the core decoder, detected by a first field that profile.proto has. */
import { decodeProfile } from '../../profile/decode';
import type { ProfileFormat } from '../format';

/** Field numbers 1–15 of profile.proto with the wire type each must have (2 = length-delimited, 0 = varint). */
const FIELD_WIRE: readonly number[] = [-1, 2, 2, 2, 2, 2, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0];

export const pprofFormat: ProfileFormat = {
  name: 'pprof',
  accepts: 'pprof protobuf (.pb.gz, .pprof)',
  detect(bytes) {
    if (bytes.length === 0) return false;
    const tag = bytes[0];
    const field = tag >>> 3;
    const wire = tag & 7;
    // A comment (13) may be packed (wire 2) as well as a varint.
    return field >= 1 && field <= 15 && (FIELD_WIRE[field] === wire || (field === 13 && wire === 2));
  },
  read: (bytes, source, limits) => [decodeProfile(bytes, source, limits)],
};
