// Profiles with negative values — `go tool pprof -proto -diff_base` output (base samples labelled pprof::base) and a
// delta profile without labels and one sample per stack (as Go's delta heap profiles are) — have one total everywhere, go tool pprof's: in
// `perflens top` (both groupings), `perflens lines` and its coverage shares, the editor's heat (the worker's view of
// the profile) and `perflens diff`.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_PROFILE_LIMITS } from '../../../src/core/profile/limits';
import { encodePprof } from '../../../src/core/profile/encode';
import type { Profile } from '../../../src/core/profile/model';
import { readProfileFile } from '../../../src/core/profile/parse';
import { buildWorkspaceProfile } from '../../../src/core/workspace/buildWorkspaceProfile';
import { FIXTURES_DIR } from '../core/helpers/fixtures';
import { goPprofTop, goPprofUnavailable } from '../core/helpers/goPprof';
import { runCliCaptured } from './helpers/runCliInProcess';

const skip = goPprofUnavailable();
const diffDir = join(FIXTURES_DIR, 'diff');
const checkout = join(diffDir, 'checkout');

/** The profile without labels and with the samples of one stack summed (one sample each), as Go's delta profiles are. */
function mergedWithoutLabels(p: Profile): Profile {
  const n = p.sampleTypes.length;
  const byStack = new Map<string, { locations: number[]; values: number[] }>();
  for (let s = 0; s < p.samples.count; s++) {
    const locations = Array.from(p.samples.locations.subarray(p.samples.locationStart[s], p.samples.locationStart[s + 1]));
    const key = locations.join(',');
    const entry = byStack.get(key) ?? { locations, values: new Array<number>(n).fill(0) };
    for (let t = 0; t < n; t++) entry.values[t] += p.samples.values[s * n + t];
    byStack.set(key, entry);
  }
  const merged = [...byStack.values()];
  const locationStart = new Int32Array(merged.length + 1);
  merged.forEach((m, i) => (locationStart[i + 1] = locationStart[i] + m.locations.length));
  return {
    ...p,
    samples: {
      count: merged.length,
      locationStart,
      locations: Int32Array.from(merged.flatMap((m) => m.locations)),
      values: Float64Array.from(merged.flatMap((m) => m.values)),
      labelStart: new Int32Array(merged.length + 1),
    },
    labels: { count: 0, key: new Int32Array(0), str: new Int32Array(0), num: new Float64Array(0), numUnit: new Int32Array(0) },
  };
}

async function json<T>(args: string[]): Promise<T> {
  const r = await runCliCaptured(args);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as T;
}

describe('one total for profiles with negative values', { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'perflens-signed-'));
  const diffBase = join(dir, 'diff-base.pb.gz');
  const delta = join(dir, 'delta.pb');
  if (!skip) {
    writeFileSync(diffBase, execFileSync('go', ['tool', 'pprof', '-proto', `-diff_base=${join(diffDir, 'v1-a.pb.gz')}`, join(diffDir, 'v2.pb.gz')], { stdio: ['ignore', 'pipe', 'ignore'] }));
    writeFileSync(delta, encodePprof(mergedWithoutLabels(readProfileFile(diffBase))));
  }

  for (const [name, file] of [['diff_base output (pprof::base labels)', diffBase], ['delta without labels, one sample per stack (as Go writes them)', delta]] as const) {
    it(name, async () => {
      const profile = readProfileFile(file);
      let negative = 0;
      for (const v of profile.samples.values) if (v < 0) negative++;
      assert.ok(negative > 100, 'the profile has negative values');

      const reference = goPprofTop([file], 'cpu', 'nanoseconds', 'functions').total;
      const top = await json<{ total: number }>(['top', file, '--type', 'cpu', '--json']);
      assert.equal(top.total, reference, 'top --by function');
      const topByFile = await json<{ total: number }>(['top', file, '--type', 'cpu', '--by', 'function-file', '--json']);
      assert.equal(topByFile.total, reference, 'top --by function-file');

      const lines = await json<{ total: number; files: { lines: { flat: number }[] }[]; coverage: Record<string, number> }>(['lines', file, '--type', 'cpu', '--root', checkout, '--json']);
      assert.equal(lines.total, reference, 'lines');
      const appFlat = lines.files.reduce((sum, f) => sum + f.lines.reduce((s, l) => s + l.flat, 0), 0);
      assert.ok(Math.abs(lines.coverage.app - appFlat / reference) < 1e-9, `coverage shares are of the same total: ${lines.coverage.app} vs ${appFlat / reference}`);

      const view = await buildWorkspaceProfile({ sources: [file], typeName: 'cpu', roots: [{ name: 'checkout', path: checkout }], pathMappings: [], allowGit: false, limits: DEFAULT_PROFILE_LIMITS });
      assert.equal(view.total, reference, 'the editor\'s heat');

      const diff = await json<{ baseTotal: number; headTotal: number }>(['diff', '--base', file, '--head', join(diffDir, 'v2.pb.gz'), '--type', 'cpu', '--json']);
      assert.equal(diff.baseTotal, reference, 'diff');
    });
  }
});
