/** Shared by the JFR reader's tests: where the reference corpus is, and per-function figures of a Profile. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Profile } from '../../../../src/core/profile/model';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));

/**
 * The shared corpus of real profiles (`../shared/corpus` beside the clone in CI; a worktree sits one level deeper).
 * Throws when absent: these tests compare against a reference and must not pass by skipping.
 */
export function corpusDir(): string {
  for (const up of ['..', '../..']) {
    const dir = join(REPO, up, 'shared', 'corpus');
    if (existsSync(dir)) return dir;
  }
  throw new Error(`the shared corpus (../shared/corpus beside ${REPO}) is missing`);
}

export const JFR_TESTDATA = (): string => join(corpusDir(), 'grafana+pyroscope/pkg/og/convert/jfr/testdata');

export interface FunctionFigures {
  readonly total: number;
  /** Function name → flat (value where it is the leaf) and cum (value of samples it is in, once per sample). */
  readonly flat: Map<string, number>;
  readonly cum: Map<string, number>;
}

/** Figures of sample type `type` over the samples `keep` selects (all by default), functions grouped by name. */
export function functionFigures(p: Profile, type: string, keep: (sample: number) => boolean = () => true): FunctionFigures {
  const t = p.sampleTypes.findIndex((s) => s.type === type);
  if (t < 0) throw new Error(`${p.source} has no sample type ${type}`);
  const width = p.sampleTypes.length;
  const flat = new Map<string, number>();
  const cum = new Map<string, number>();
  let total = 0;
  const names = (location: number): string[] => {
    const out: string[] = [];
    for (let l = p.locations.lineStart[location]; l < p.locations.lineStart[location + 1]; l++) {
      const fn = p.lines.function[l];
      out.push(fn < 0 ? '' : p.strings.get(p.functions.name[fn]));
    }
    return out;
  };
  for (let s = 0; s < p.samples.count; s++) {
    if (!keep(s)) continue;
    const v = p.samples.values[s * width + t];
    total += v;
    const seen = new Set<string>();
    for (let k = p.samples.locationStart[s]; k < p.samples.locationStart[s + 1]; k++) {
      const frameNames = names(p.samples.locations[k]);
      if (k === p.samples.locationStart[s] && frameNames.length > 0) flat.set(frameNames[0], (flat.get(frameNames[0]) ?? 0) + v);
      for (const n of frameNames) seen.add(n);
    }
    for (const n of seen) cum.set(n, (cum.get(n) ?? 0) + v);
  }
  return { total, flat, cum };
}

/** Value of label `key` on sample s, or undefined. */
export function labelOf(p: Profile, s: number, key: string): string | undefined {
  for (let l = p.samples.labelStart[s]; l < p.samples.labelStart[s + 1]; l++) {
    if (p.strings.get(p.labels.key[l]) === key) return p.strings.get(p.labels.str[l]);
  }
  return undefined;
}

/** The n largest entries, by value then name. */
export function top(figures: Map<string, number>, n: number): [string, number][] {
  return [...figures].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, n);
}

const MASK = (1n << 64n) - 1n;
const P1 = 11400714785074694791n;
const P2 = 14029467366897019727n;
const P3 = 1609587929392839161n;
const P4 = 9650029242287828579n;
const P5 = 2870177450012600261n;
const rotl = (x: bigint, r: bigint): bigint => ((x << r) | (x >> (64n - r))) & MASK;

/**
 * XXH64 (seed 0) of fewer than 32 bytes, from its published specification (the longer-input stripes are left
 * out: label sets here are short). Pyroscope names a label set by the XXH64 of `name \xff value \xff …`
 * (phlaremodel.Labels.Hash), and its JFR fixtures are named by that hash.
 */
export function xxh64(bytes: Uint8Array): bigint {
  if (bytes.length >= 32) throw new Error('xxh64 here only hashes inputs shorter than 32 bytes');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const len = bytes.length;
  let i = 0;
  let h = (P5 + BigInt(len)) & MASK;
  for (; i + 8 <= len; i += 8) {
    const lane = (rotl((view.getBigUint64(i, true) * P2) & MASK, 31n) * P1) & MASK;
    h = (rotl(h ^ lane, 27n) * P1 + P4) & MASK;
  }
  if (i + 4 <= len) {
    h = (rotl(h ^ ((BigInt(view.getUint32(i, true)) * P1) & MASK), 23n) * P2 + P3) & MASK;
    i += 4;
  }
  for (; i < len; i++) h = (rotl(h ^ ((BigInt(bytes[i]) * P5) & MASK), 11n) * P1) & MASK;
  h ^= h >> 33n;
  h = (h * P2) & MASK;
  h ^= h >> 29n;
  h = (h * P3) & MASK;
  h ^= h >> 32n;
  return h;
}

/** Pyroscope's hash of a label set (names sorted). */
export function labelSetHash(labels: Record<string, string>): bigint {
  const parts: number[] = [];
  const encoder = new TextEncoder();
  for (const name of Object.keys(labels).sort()) parts.push(...encoder.encode(name), 0xff, ...encoder.encode(labels[name]), 0xff);
  return xxh64(Uint8Array.from(parts));
}
