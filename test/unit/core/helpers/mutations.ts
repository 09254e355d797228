/** Byte-level mutations the fuzzers apply to real and generated profiles (seeded: `random` decides everything). */
import { gzipSync } from 'node:zlib';

export type Mutation = (bytes: Uint8Array, random: () => number) => Uint8Array;
export const at = (n: number, random: () => number) => Math.floor(random() * n);

export const mutations: Record<string, Mutation> = {
  flipBytes: (b, r) => {
    const out = b.slice();
    for (let k = 1 + at(8, r); k > 0; k--) out[at(out.length, r)] = at(256, r);
    return out;
  },
  flipBits: (b, r) => {
    const out = b.slice();
    for (let k = 1 + at(4, r); k > 0; k--) out[at(out.length, r)] ^= 1 << at(8, r);
    return out;
  },
  truncate: (b, r) => b.slice(0, at(b.length, r)),
  dropRange: (b, r) => {
    const start = at(b.length, r);
    return Uint8Array.from([...b.subarray(0, start), ...b.subarray(start + 1 + at(64, r))]);
  },
  duplicateRange: (b, r) => {
    const start = at(b.length, r);
    const end = Math.min(b.length, start + 1 + at(256, r));
    return Uint8Array.from([...b.subarray(0, end), ...b.subarray(start, end), ...b.subarray(end)]);
  },
  insertRandom: (b, r) => {
    const start = at(b.length, r);
    const junk = Array.from({ length: 1 + at(16, r) }, () => at(256, r));
    return Uint8Array.from([...b.subarray(0, start), ...junk, ...b.subarray(start)]);
  },
  hugeVarint: (b, r) => {
    // Ten 0xff-ish bytes: a maximal (or over-long) varint, e.g. a length of 2^64-1 or a negative id.
    const start = at(b.length, r);
    const run = Array.from({ length: 9 + at(3, r) }, () => 0xff);
    return Uint8Array.from([...b.subarray(0, start), ...run, 0x01, ...b.subarray(start + 1)]);
  },
  gzipThenDamage: (b, r) => {
    const gz = gzipSync(b);
    const out = gz.slice();
    if (r() < 0.5) return out.subarray(0, 10 + at(out.length - 10, r));
    out[10 + at(out.length - 10, r)] ^= 0xff;
    return out;
  },
};
