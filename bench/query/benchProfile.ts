// The large generated profile the query benchmarks read (bench/profile's generator), made once per size and seed and
// kept in the temp folder for the next run.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeGoSources } from '../load/goSources';
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

/**
 * The editor benches' profile (bench/load's: `sizeMB` of a generated Go CPU profile, 30,000 functions, seed 90) and a
 * Go workspace of its first 2,000 functions' files, both made once in the temp folder.
 */
export function editorFiltersProfile(sizeMB: number): { file: string; workspace: string } {
  const work = join(tmpdir(), 'perflens-bench-editor-filters');
  const workspace = join(work, 'workspace');
  mkdirSync(workspace, { recursive: true });
  const file = join(work, `gen-${sizeMB}mb-f30000-s90.pb`);
  if (!existsSync(file)) writeFileSync(file, generateProfile({ seed: 90, targetBytes: sizeMB * 1e6, functions: 30_000 }).bytes);
  writeGoSources(workspace, 2_000);
  return { file, workspace };
}
