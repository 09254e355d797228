// Extreme profiles — 10^7 samples, 10^6 distinct strings, stacks 10^5 deep (distinct and recursive), dangling ids,
// huge labels, a gzip bomb — each either refused with a one-line error naming the file and the limit or problem,
// or used fully (decode, merge, top, flame-graph tree, labels, workspace analysis) in bounded memory. Each runs in
// a child process (helpers/useProfileChild.ts) so its peak RSS is measured for real; figures are printed as test
// diagnostics (`node --import tsx --test test/unit/reliability/limits.test.ts`) and quoted in the README.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import { DEFAULT_PROFILE_LIMITS } from '../../../src/core/profile/limits';
import { BUILD_DEADLINE_MS } from '../../harness/wait';
import { deepStacks, gzipBomb, hugeLabels, manySamples, manyStrings, PprofWriter } from './helpers/hostileProfiles';

const child = resolve(__dirname, 'helpers/useProfileChild.ts');
const MB = 1024 * 1024;

interface ChildResult {
  ok: boolean;
  error?: string;
  crash?: string;
  samples?: number;
  strings?: number;
  treeNodes?: number;
  functions?: number;
  labelLengths?: { service: number; version: number };
  maxRssKB: number;
}

let dir: string;
let workspace: string;
let baselineMB = 0;

function runChild(file: string, limits?: object, withWorkspace = true): Promise<ChildResult> {
  const args = ['--import', 'tsx', child, file, limits ? JSON.stringify(limits) : '', ...(withWorkspace ? [workspace] : [])];
  return new Promise((ok, fail) => {
    execFile(process.execPath, args, { maxBuffer: 16 * MB }, (err, stdout, stderr) => {
      if (err) return fail(new Error(`child failed (${err.message}): ${stderr.slice(-2000)}`));
      ok(JSON.parse(stdout.trim().split('\n').pop()!) as ChildResult);
    });
  });
}

function write(name: string, bytes: Uint8Array): string {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

/** Runs the child, fails on anything but a ProfileError or success, and reports the memory figure. */
async function use(t: TestContext, name: string, bytes: Uint8Array, limits?: object, withWorkspace = true): Promise<ChildResult> {
  const file = write(name, bytes);
  const result = await runChild(file, limits, withWorkspace);
  rmSync(file);
  assert.equal(result.crash, undefined, `no exception other than a ProfileError: ${result.crash}`);
  const peakMB = Math.round(result.maxRssKB / 1024);
  t.diagnostic(`${name}: ${(bytes.length / MB).toFixed(1)} MB input, ${result.ok ? 'used' : `refused (${result.error})`}, peak RSS ${peakMB} MB (baseline ${baselineMB} MB)`);
  if (!result.ok) {
    assert.ok(result.error!.startsWith(`${join(dir, name)}: `), 'the message starts with the file name');
    assert.ok(!result.error!.includes('\n'), 'the message is one line');
  }
  return result;
}

const peakMB = (r: ChildResult) => r.maxRssKB / 1024;

describe('profiles at and over the limits', { timeout: BUILD_DEADLINE_MS }, () => {
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'perflens-limits-'));
    workspace = join(dir, 'ws');
    mkdirSync(join(workspace, 'src/app'), { recursive: true });
    writeFileSync(join(workspace, 'src/app/main.go'), 'package main\n\nfunc main() {}\n');
    baselineMB = Math.round((await runChild('baseline')).maxRssKB / 1024);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('10^7 samples: used in full within the defaults; refused before allocating under a lower maxSamples', async (t) => {
    const bytes = manySamples(10_000_000);
    const used = await use(t, 'samples-1e7.pb', bytes);
    assert.ok(used.ok, used.error);
    assert.equal(used.samples, 10_000_000);
    // Columns are typed arrays sized from a counting pass: a few bytes a sample, no object per sample anywhere.
    assert.ok(peakMB(used) < baselineMB + 8 * (bytes.length / MB), `peak ${peakMB(used)} MB`);

    const refused = await use(t, 'samples-1e7-limited.pb', bytes, { maxSamples: 1_000_000 });
    assert.equal(refused.ok, false);
    assert.match(refused.error!, /: 10000000 samples, over the limit of 1000000 \(maxSamples\)$/);
    assert.ok(peakMB(refused) < peakMB(used) / 2, 'refused after counting, before the columns are allocated');
  });

  it('10^6 distinct strings: decoded, aggregated and mapped onto the workspace; refused under a lower maxStrings', async (t) => {
    const bytes = manyStrings(500_000); // a name and a file per function: 10^6 strings, 5·10^5 distinct paths
    const used = await use(t, 'strings-1e6.pb', bytes);
    assert.ok(used.ok, used.error);
    assert.ok(used.strings! >= 1_000_000, `${used.strings} strings`);
    assert.equal(used.functions, 500_000, 'every function is costed');
    // Mapping resolves each distinct path once and keeps columns, not an object per frame or path: the workspace
    // analysis adds nothing to the peak of decoding and the flame-graph tree (it used to double it).
    assert.ok(peakMB(used) < baselineMB + 20 * (bytes.length / MB), `peak ${peakMB(used)} MB`);
    const refused = await use(t, 'strings-1e6-limited.pb', bytes, { maxStrings: 100_000 }, false);
    assert.match(refused.error ?? '', /: 1000003 strings, over the limit of 100000 \(maxStrings\)$/);
  });

  it('stacks 10^5 frames deep, distinct and recursive: no stack overflow anywhere', async (t) => {
    const used = await use(t, 'deep-1e5.pb', deepStacks(100_000));
    assert.ok(used.ok, used.error);
    // One node per level of the distinct path, whatever the recursive path folds to.
    assert.ok(used.treeNodes! > 100_000, `${used.treeNodes} tree nodes`);
    assert.equal(used.functions, 100_001, 'every function of both stacks is costed');
  });

  it('dangling ids at the end of a large profile: refused naming the sample or location, memory bounded', async (t) => {
    const missingLocation = new PprofWriter();
    missingLocation.func(1, 'main.main', '/src/app/main.go');
    missingLocation.location(1, 1, 3);
    for (let s = 0; s < 1_000_000; s++) missingLocation.sample([1], [1]);
    missingLocation.sample([1, 424242], [1]);
    const a = await use(t, 'dangling-location.pb', missingLocation.finish());
    assert.match(a.error ?? '', /: invalid pprof profile: sample 1000001 refers to location id 424242, which is not defined$/);

    const missingFunction = new PprofWriter();
    for (let l = 1; l <= 200_000; l++) missingFunction.location(l, l === 200_000 ? 777 : 1, l);
    missingFunction.func(1, 'main.main', '/src/app/main.go');
    missingFunction.sample([1], [1]);
    const b = await use(t, 'dangling-function.pb', missingFunction.finish());
    assert.match(b.error ?? '', /: invalid pprof profile: location 200000 refers to function id 777, which is not defined$/);

    // A location listed twice under one id (the closest pprof has to a cycle of ids).
    const duplicate = new PprofWriter();
    duplicate.func(1, 'main.main', '/src/app/main.go');
    duplicate.location(5, 1, 1);
    duplicate.location(5, 1, 2);
    duplicate.sample([5, 5, 5], [1]);
    const c = await use(t, 'duplicate-location.pb', duplicate.finish());
    assert.match(c.error ?? '', /duplicate location id 5/);
    for (const r of [a, b, c]) assert.ok(peakMB(r) < baselineMB + 400, `peak ${peakMB(r)} MB`);
  });

  it('a 32 MB label value and 2·10^6 small labels: used, and the huge value never becomes the service or version', async (t) => {
    const used = await use(t, 'labels.pb', hugeLabels(32 * MB, 200_000, 10));
    assert.ok(used.ok, used.error);
    assert.deepEqual(used.labelLengths, { service: 0, version: 0 });
    assert.ok(peakMB(used) < baselineMB + 600, `peak ${peakMB(used)} MB`);
  });

  it('a gzip bomb (1 GB of zeros in 1 MB) stops at maxDecompressedBytes, default and lowered', async (t) => {
    const bomb = gzipBomb(1024 * MB);
    const atDefault = await use(t, 'bomb-default.pb.gz', bomb);
    const limitMB = DEFAULT_PROFILE_LIMITS.maxDecompressedBytes / MB;
    assert.match(atDefault.error ?? '', new RegExp(`: decompressed profile is larger than the limit of ${DEFAULT_PROFILE_LIMITS.maxDecompressedBytes} bytes \\(maxDecompressedBytes\\)$`));
    assert.ok(peakMB(atDefault) < baselineMB + limitMB + 256, `peak ${peakMB(atDefault)} MB for a ${limitMB} MB limit`);
    const lowered = await use(t, 'bomb-64mb.pb.gz', bomb, { maxDecompressedBytes: 64 * MB });
    assert.match(lowered.error ?? '', /larger than the limit of 67108864 bytes/);
    assert.ok(peakMB(lowered) < baselineMB + 64 + 128, `peak ${peakMB(lowered)} MB for a 64 MB limit`);
  });
});
