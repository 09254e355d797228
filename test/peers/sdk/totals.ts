// Totals of what an SDK sent, read with pprof-format (Datadog's pprof decoder, not PerfLens's), and of what the
// collector stored, read with PerfLens's core: the two must agree.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { Profile } from 'pprof-format';
import { readProfileFile } from '../../../src/core/profile/parse';

/** Sum of each sample type's values in a pprof (gzipped or not), decoded by pprof-format. */
export function sentTotals(bytes: Uint8Array): Map<string, number> {
  const raw = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
  const p = Profile.decode(raw);
  const names = p.sampleType.map((t) => p.stringTable.strings[Number(t.type)]);
  const out = new Map<string, number>(names.map((n) => [n, 0]));
  for (const s of p.sample) s.value.forEach((v, i) => out.set(names[i], out.get(names[i])! + Number(v)));
  return out;
}

/** Sum of each sample type's values over stored profile files, decoded by PerfLens's core. */
export function storedTotals(paths: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const path of paths) {
    const p = readProfileFile(path);
    const n = p.sampleTypes.length;
    p.sampleTypes.forEach((t, i) => {
      let sum = 0;
      for (let s = 0; s < p.samples.count; s++) sum += p.samples.values[s * n + i];
      out.set(t.type, (out.get(t.type) ?? 0) + sum);
    });
  }
  return out;
}

/** Adds `b` into `a`. */
export function addTotals(a: Map<string, number>, b: Map<string, number>): Map<string, number> {
  for (const [k, v] of b) a.set(k, (a.get(k) ?? 0) + v);
  return a;
}

export function readTotals(path: string): Map<string, number> {
  return sentTotals(readFileSync(path));
}
