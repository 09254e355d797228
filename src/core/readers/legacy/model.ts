/**
 * pprof's legacy formats are read as go tool pprof reads them (google/pprof profile/legacy_profile.go and
 * legacy_java_profile.go): into this small object model first — these files are small and their rules are about
 * locations, mappings and samples as objects (stripping frames, remapping addresses to mappings) — then into the
 * columnar Profile (toProfile.ts).
 */
import type { ValueType } from '../../profile/model';

export interface LegacyMapping {
  start: bigint;
  limit: bigint;
  offset: bigint;
  file: string;
  buildId: string;
}

export interface LegacyFunction {
  readonly name: string;
  readonly file: string;
}

export interface LegacyLocation {
  address: bigint;
  mapping?: LegacyMapping;
  line?: { readonly fn: LegacyFunction; readonly line: number };
}

export interface LegacySample {
  locations: LegacyLocation[];
  readonly values: number[];
  /** Numeric labels, e.g. heap profiles' block size: key → value. */
  readonly numLabels?: readonly (readonly [string, number])[];
}

export interface LegacyProfile {
  sampleTypes: ValueType[];
  periodType?: ValueType;
  period: number;
  durationNanos: number;
  samples: LegacySample[];
  /** Every location, in first-seen order. */
  locations: LegacyLocation[];
  mappings: LegacyMapping[];
  dropFrames: string;
  keepFrames: string;
}

export function emptyProfile(sampleTypes: ValueType[], periodType: ValueType | undefined, period: number): LegacyProfile {
  return { sampleTypes, periodType, period, durationNanos: 0, samples: [], locations: [], mappings: [], dropFrames: '', keepFrames: '' };
}

/** The bytes are not in the format a parser reads (pprof's errUnrecognized): the next parser is tried. */
export class Unrecognized extends Error {}

/** The bytes are in the parser's format but broken: refused with this message. */
export class LegacyError extends Error {}

/** The location of an address, made on first use (pprof's `locs` map). */
export function locationAt(p: LegacyProfile, byAddress: Map<bigint, LegacyLocation>, address: bigint): LegacyLocation {
  let loc = byAddress.get(address);
  if (!loc) {
    loc = { address };
    byAddress.set(address, loc);
    p.locations.push(loc);
  }
  return loc;
}

/** Hex addresses in a line (`0x4a2f1c 0x4a3000 ...`), as 64-bit values. */
export function hexAddresses(text: string, line: string): bigint[] {
  const out: bigint[] = [];
  for (const m of text.matchAll(/0x[0-9a-f]+/g)) {
    const v = BigInt(m[0]);
    if (v >= 1n << 64n) throw new LegacyError(`malformed sample: ${line}: failed to parse as hex 64-bit number: ${m[0]}`);
    out.push(v);
  }
  return out;
}

/** pprof's isSpaceOrComment. */
export function isSpaceOrComment(line: string): boolean {
  const t = line.trim();
  return t === '' || t.startsWith('#');
}

/** Go's strconv.ParseInt(s, 10, 64) for the decimal fields of these formats: a number, or a LegacyError. */
export function int(text: string, line: string): number {
  const v = Number(text);
  if (!Number.isFinite(v) || !/^[-+]?\d+$/.test(text)) throw new LegacyError(`malformed sample: ${line}`);
  return v;
}
