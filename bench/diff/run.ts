/**
 * Release-diff benchmark: `perflens diff --json` of two generated production-shaped CPU profiles of ~20 MB
 * (uncompressed; bench/profile's seeded generator, seeds 1 and 2, the same 30,000 function names so most
 * functions exist on both sides), each measurement in a fresh process. Target: under 2 s.
 *
 *   node --import tsx bench/diff/run.ts [--size 20] [--reps 3]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateProfile } from '../profile/generate';

const { values: args } = parseArgs({ options: { size: { type: 'string', default: '20' }, reps: { type: 'string', default: '3' } } });
const sizeMB = Number(args.size);
const reps = Number(args.reps);
const functions = 30_000;
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const work = join(tmpdir(), 'perflens-bench-diff');
mkdirSync(work, { recursive: true });

const profile = (seed: number) => {
  const path = join(work, `gen-v1-${sizeMB}mb-f${functions}-s${seed}.pb`);
  if (!existsSync(path)) writeFileSync(path, generateProfile({ seed, targetBytes: sizeMB * 1_000_000, functions }).bytes);
  return path;
};
const base = profile(1);
const head = profile(2);

const runs = Array.from({ length: reps }, () =>
  JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'bench/diff/measure.ts'), base, head], { cwd: repoRoot, encoding: 'utf8' })) as {
    diffMs: number; jsonBytes: number; decodeMergeMs: number; treeMs: number; treeNodes: number; maxRssKB: number;
  });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (v: number) => (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${Math.round(v)} ms`);
console.log(`perflens diff --json, two ${sizeMB} MB profiles (${functions} functions each), median of ${reps} fresh processes:`);
console.log(`  diff (read, decode, merge, diff, JSON): ${ms(median(runs.map((r) => r.diffMs)))}   [${runs.map((r) => ms(r.diffMs)).join(', ')}]`);
console.log(`  union call tree (after decode + merge ${ms(median(runs.map((r) => r.decodeMergeMs)))}): ${ms(median(runs.map((r) => r.treeMs)))}, ${runs[0].treeNodes} nodes`);
console.log(`  JSON output: ${(runs[0].jsonBytes / 1e6).toFixed(1)} MB; peak RSS ${Math.round(median(runs.map((r) => r.maxRssKB)) / 1024)} MB`);
