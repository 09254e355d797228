// `perflens top --json` against the real `go tool pprof -top` on every real fixture (every sample type) and on every
// profile of the shared corpus that both read (its default sample type): `--by function` as `-top` (same-named
// functions merged), `--by function-file` as `-top -filefunctions`; same total, same rows, same flat and cum.
import assert from 'node:assert/strict';
import { relative } from 'node:path';
import { describe, it } from 'node:test';
import { selectSampleType } from '../../../src/core/aggregate/sampleType';
import { readProfiles } from '../../../src/core/readers';
import { corpusFiles } from '../readers/helpers/corpus';
import { FIXTURES_DIR, realProfileFixtures } from '../core/helpers/fixtures';
import { goClean, goPprofTop, goPprofUnavailable, type Granularity } from '../core/helpers/goPprof';
import { runCliCaptured } from './helpers/runCliInProcess';

const skip = goPprofUnavailable();

interface TopJson {
  type: string;
  unit: string;
  total: number;
  rows: { function: string; file: string; line: number | null; flat: number; cum: number }[];
}

/** A row's name as go tool pprof prints it at that granularity. */
function pprofName(r: TopJson['rows'][number], granularity: Granularity): string {
  if (granularity === 'functions' || !r.file) return r.function;
  return r.function === '<unknown>' ? goClean(r.file) : `${r.function} ${goClean(r.file)}`;
}

async function assertSameAsPprof(file: string, type: string, unit: string): Promise<void> {
  for (const [by, granularity] of [['function', 'functions'], ['function-file', 'filefunctions']] as const) {
    const result = await runCliCaptured(['top', file, '--type', type, '--by', by, '--json']);
    assert.equal(result.code, 0, result.stderr);
    const ours = JSON.parse(result.stdout) as TopJson;
    const reference = goPprofTop([file], type, unit, granularity);
    assert.equal(ours.type, type);
    assert.equal(ours.unit, unit);
    assert.equal(ours.total, reference.total, `${by}: total`);
    const byName = new Map(ours.rows.map((r) => [pprofName(r, granularity), r]));
    assert.equal(byName.size, ours.rows.length, `${by}: rows are unique`);
    assert.deepEqual([...byName.keys()].sort(), reference.rows.map((r) => r.name).sort(), `${by}: same rows`);
    for (const ref of reference.rows) {
      const row = byName.get(ref.name)!;
      assert.equal(row.flat, ref.flat, `${by}: flat of ${ref.name}`);
      assert.equal(row.cum, ref.cum, `${by}: cum of ${ref.name}`);
    }
  }
}

/** Corpus profiles both go tool pprof and PerfLens read, with their default sample type. */
function corpusProfiles(): { file: string; type: string; unit: string }[] {
  const out: { file: string; type: string; unit: string }[] = [];
  for (const file of corpusFiles()) {
    if (file.includes('/convert/jfr/') || file.endsWith('.json.gz') || file.endsWith('.bin')) continue;
    // Function names with line breaks: pprof's text table cannot be read back row by row.
    if (file.endsWith('invalid_utf8.pb.gz')) continue;
    let profiles;
    try {
      profiles = readProfiles(file);
    } catch {
      continue; // what PerfLens refuses is checked against pprof's refusals elsewhere
    }
    const p = profiles[0];
    const t = p.sampleTypes[selectSampleType(p.sampleTypes, p.defaultSampleType)];
    out.push({ file, type: t.type, unit: t.unit });
  }
  return out;
}

describe('perflens top matches go tool pprof -top', { skip }, () => {
  const fixtures = realProfileFixtures();
  it('has real Go and Node fixtures to compare', () => {
    assert.ok(fixtures.some((f) => f.includes('/go/')), 'no Go fixtures in test/fixtures/go');
    assert.ok(fixtures.some((f) => f.includes('/node/')), 'no Node fixtures in test/fixtures/node');
  });

  for (const file of fixtures) {
    for (const { type, unit } of readProfiles(file)[0].sampleTypes) {
      it(`${relative(FIXTURES_DIR, file)} ${type}`, () => assertSameAsPprof(file, type, unit));
    }
  }

  it('on every corpus profile both read', async () => {
    const profiles = corpusProfiles();
    assert.ok(profiles.length >= 55, `only ${profiles.length} corpus profiles`);
    for (const { file, type, unit } of profiles) {
      await assertSameAsPprof(file, type, unit).catch((e: Error) => {
        e.message = `${file}: ${e.message}`;
        throw e;
      });
    }
  });
});
