// The large generated profile the query benchmarks read (bench/profile's generator), made once per size and seed and
// kept in the temp folder for the next run.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateProfile } from '../profile/generate';

/** The profile's file for `sizeMB` (uncompressed) and `seed`, generated when missing. */
export function benchProfile(sizeMB: number, seed: number): string {
  const functions = sizeMB >= 80 ? 60_000 : sizeMB >= 20 ? 30_000 : 10_000;
  const work = join(tmpdir(), 'perflens-bench-query');
  mkdirSync(work, { recursive: true });
  const file = join(work, `gen-${sizeMB}mb-f${functions}-s${seed}.pb`);
  if (!existsSync(file)) writeFileSync(file, generateProfile({ seed, targetBytes: sizeMB * 1_000_000, functions }).bytes);
  return file;
}
