/**
 * Where a `perflens top` / `perflens lines` run spends its CPU time and memory, stage by stage, in one fresh
 * process (bundled by esbuild like measure.ts):
 *
 *   node --import tsx bench/profile/stages.ts <profile.pb[.gz]> [workspace] [--worker]
 *
 * With --worker the file is read as the profile worker reads it (a gzipped one inflated while it is read), else as
 * the CLI does. Per stage: the process's CPU time (user + system) it took, the peak RSS so far (a stage that raises it is where
 * the peak is), and what stays allocated after it (a full collection first): RSS, V8 heap, and ArrayBuffers by their
 * byte lengths (those count the room the decoder leaves after the sample column for the frames, which RSS counts only
 * once written; on Linux an upper bound, see decode.ts FrameRoom).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import * as esbuild from 'esbuild';

async function parent(): Promise<void> {
  const args = process.argv.slice(2);
  const [file, workspace] = args.filter((a) => a !== '--worker');
  if (!file) throw new Error('usage: stages.ts <profile> [workspace] [--worker]');
  const out = join(tmpdir(), 'perflens-bench-stages.cjs');
  await esbuild.build({ entryPoints: [fileURLToPath(new URL('stagesChild.ts', import.meta.url))], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: out, logLevel: 'warning' });
  const r = spawnSync(process.execPath, ['--expose-gc', out, file, ...(workspace ? [workspace] : []), ...(args.includes('--worker') ? ['--worker'] : [])], { stdio: 'inherit' });
  process.exitCode = r.status ?? 1;
}


parent().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
