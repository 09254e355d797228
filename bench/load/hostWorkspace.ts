// The extension-host bench's workspace: a Go module (github.com/acme/service, the generated profiles' package paths)
// whose local store holds, for service `loadsvc`, a 90 MB (uncompressed) generated Go CPU profile as version v2 — what
// the extension loads on start-up — and 2,000 small CPU profiles of v1 a minute apart before it (the store to list,
// the time ranges to change to). The ten flame graphs are ten (files, sample type) keys that include the big profile.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { generateProfile } from '../profile/generate';
import { writeGoSources } from './goSources';

export const SERVICE = 'loadsvc';
const FIRST_MILLIS = Date.UTC(2026, 10, 24, 8, 0, 0);
const MINUTE = 60_000;

export interface HostWorkspace {
  readonly folder: string;
  readonly big: { readonly path: string; readonly bytes: number; readonly gzipBytes: number; readonly samples: number; readonly functions: number };
  /** The 2,000 small profiles, oldest first. */
  readonly small: readonly string[];
  /** The file opened at start-up (its heat is waited for), and a line inside its hot function (1-based). */
  readonly hotFile: string;
  readonly hotLine: number;
  readonly panels: readonly { readonly sources: readonly string[]; readonly type: string }[];
  /** Time ranges to apply, in order (custom windows over v1, then all time). */
  readonly ranges: readonly ({ readonly kind: 'custom'; readonly fromMs: number; readonly toMs: number } | { readonly kind: 'all' })[];
}

export function makeHostWorkspace(folder: string, options: { bigBytes: number; smallFiles: number }, log: (s: string) => void): HostWorkspace {
  const store = join(folder, '.perflens', 'store', SERVICE);
  mkdirSync(join(store, 'v1', 'cpu'), { recursive: true });
  mkdirSync(join(store, 'v2', 'cpu'), { recursive: true });
  // A few distinct small profiles, written again and again under the 2,000 times: a minute of a small service each
  // (~60 kB, ~200 samples of 300 functions; the generator's tables alone would fill 60 kB for 2,000 functions).
  const smallProfiles = [1, 2, 3, 4, 5, 6, 7, 8].map((seed) => generateProfile({ seed, targetBytes: 60_000, functions: 300 }));
  if (smallProfiles.some((p) => p.samples === 0)) throw new Error('a small store profile came out without samples');
  const smallBytes = smallProfiles.map((p) => gzipSync(p.bytes));
  const small: string[] = [];
  for (let i = 0; i < options.smallFiles; i++) {
    const path = join(store, 'v1', 'cpu', `${FIRST_MILLIS + i * MINUTE}.pb.gz`);
    writeFileSync(path, smallBytes[i % smallBytes.length]);
    small.push(path);
  }
  const started = Date.now();
  const functions = 30_000;
  const generated = generateProfile({ seed: 90, targetBytes: options.bigBytes, functions });
  const gz = gzipSync(generated.bytes, { level: 1 });
  const bigPath = join(store, 'v2', 'cpu', `${FIRST_MILLIS + (options.smallFiles + 1) * MINUTE}.pb.gz`);
  writeFileSync(bigPath, gz);
  log(`generated ${bigPath}: ${(generated.bytes.length / 1e6).toFixed(1)} MB (${(gz.length / 1e6).toFixed(1)} MB gzipped), ${generated.samples} samples, in ${Date.now() - started} ms`);
  mkdirSync(join(folder, '.vscode'), { recursive: true });
  writeFileSync(join(folder, '.vscode', 'settings.json'), JSON.stringify({ 'perflens.service': SERVICE }, null, 2));
  const { hotFile, hotLine } = writeGoSources(folder, 40);
  // The big profile alone and with 1, 2, 3 and 4 of the newest small ones, in both sample types: ten keys.
  const newest = small.slice(-4).reverse();
  const panels = [0, 1, 2, 3, 4].flatMap((n) => ['cpu', 'samples'].map((type) => ({ sources: [bigPath, ...newest.slice(0, n)], type })));
  const v1End = FIRST_MILLIS + options.smallFiles * MINUTE;
  const ranges = [
    { kind: 'custom' as const, fromMs: v1End - 60 * MINUTE, toMs: v1End },
    { kind: 'custom' as const, fromMs: v1End - 600 * MINUTE, toMs: v1End },
    { kind: 'custom' as const, fromMs: FIRST_MILLIS, toMs: v1End },
    { kind: 'all' as const },
  ];
  return {
    folder, big: { path: bigPath, bytes: generated.bytes.length, gzipBytes: gz.length, samples: generated.samples, functions },
    small, hotFile, hotLine, panels, ranges,
  };
}
