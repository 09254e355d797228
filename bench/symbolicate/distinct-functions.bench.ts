// Mapping a profile of 10^6 distinct functions — each with its own name and its own file path, 2·10^6 strings —
// onto a generated workspace of 10^4 files, as the editor's profile worker does for 'analyze'
// (buildWorkspaceProfile: decode, select the sample type, analyzeWorkspace, the editor's rows). A tenth of the paths
// map into the workspace (each under its own build root, so every path is distinct), the rest do not (module cache,
// node_modules, stdlib, paths of files the workspace does not have). Each measurement runs in a fresh process that
// reports its own peak RSS (process.resourceUsage().maxRSS) next to a process that only loads the modules.
//
// Run: node --import tsx bench/symbolicate/distinct-functions.bench.ts [functions=1000000] [workspace files=10000]
//        [stack depth=3]
// Profile the measured process: BENCH_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof" node --import tsx ...
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { distinctFunctionsProfile, writeWorkspace } from './distinct-functions-profile';
import { workspaceFiles } from './generate';

interface ChildResult {
  /** CPU time of the whole run, all threads (the machine may be shared: wall time then overstates the work). */
  cpuMs: number;
  decodeMs: number;
  analyzeMs: number;
  totalMs: number;
  maxRssMB: number;
  files: number;
  functions: number;
  coverage: Record<string, number>;
}

async function child(profile: string, workspace: string): Promise<ChildResult | { maxRssMB: number }> {
  const { buildWorkspaceProfile } = await import('../../src/core/workspace/buildWorkspaceProfile');
  const { buildModel } = await import('../../src/core/model/buildModel');
  const { readProfileFile } = await import('../../src/core/profile/parse');
  if (profile === 'baseline') return { maxRssMB: process.resourceUsage().maxRSS / 1024 };
  const limits = { maxDecompressedBytes: 1 << 30, maxSamples: 10_000_000, maxStrings: 10_000_000 };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const model = buildModel([readProfileFile(profile, limits)]);
  const t1 = performance.now();
  const result = await buildWorkspaceProfile({ sources: [profile], roots: [{ name: 'ws', path: workspace }], pathMappings: [], allowGit: false, limits }, model);
  const t2 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  return {
    cpuMs: (cpu.user + cpu.system) / 1000,
    decodeMs: t1 - t0,
    analyzeMs: t2 - t1,
    totalMs: t2 - t0,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    files: result.files.length,
    functions: result.functions.length,
    coverage: { ...result.coverage },
  };
}

function runChild(profile: string, workspace: string): ChildResult {
  const stdout = execFileSync(process.execPath, [...(process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? []), ...process.execArgv, __filename, '--child', profile, workspace], { encoding: 'utf8', maxBuffer: 1 << 24 });
  return JSON.parse(stdout.trim().split('\n').pop()!) as ChildResult;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child') {
    process.stdout.write(`${JSON.stringify(await child(args[1], args[2]))}\n`);
    return;
  }
  const n = Number(args[0] ?? 1_000_000);
  const fileCount = Number(args[1] ?? 10_000);
  const depth = Number(args[2] ?? 3);
  const dir = mkdtempSync(join(tmpdir(), 'perflens-distinct-'));
  try {
    const files = workspaceFiles(fileCount);
    const workspace = join(dir, 'ws');
    writeWorkspace(workspace, files);
    const profile = join(dir, 'distinct.pb');
    const bytes = distinctFunctionsProfile(n, files, depth);
    writeFileSync(profile, bytes);
    console.log(`profile: ${n} distinct functions and paths, stacks ${depth} deep, ${(bytes.length / 2 ** 20).toFixed(1)} MB; workspace: ${fileCount} files`);
    const baseline = runChild('baseline', workspace);
    const r = runChild(profile, workspace);
    const pct = (v: number) => `${((100 * v) / (r.coverage.app + r.coverage.dependency + r.coverage.runtime + r.coverage.unmapped)).toFixed(0)}%`;
    console.log(`decode ${(r.decodeMs / 1000).toFixed(2)} s + map onto the workspace ${(r.analyzeMs / 1000).toFixed(2)} s = ${(r.totalMs / 1000).toFixed(2)} s (CPU ${(r.cpuMs / 1000).toFixed(2)} s); peak RSS ${r.maxRssMB.toFixed(0)} MB (modules alone ${baseline.maxRssMB.toFixed(0)} MB)`);
    console.log(`→ ${r.files} files, ${r.functions} functions; cost app ${pct(r.coverage.app)}, dependency ${pct(r.coverage.dependency)}, runtime ${pct(r.coverage.runtime)}, unmapped ${pct(r.coverage.unmapped)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
