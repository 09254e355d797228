// `perflens top --by function --json` against the real `go tool pprof -top -filefunctions` on every real fixture
// and every sample type: same total, same rows, same flat and cum per function.
import assert from 'node:assert/strict';
import { relative } from 'node:path';
import { describe, it } from 'node:test';
import { readProfileFile } from '../../../src/core/profile/parse';
import { FIXTURES_DIR, realProfileFixtures } from '../core/helpers/fixtures';
import { goClean, goPprofTop, goPprofUnavailable } from '../core/helpers/goPprof';
import { runCliCaptured } from './helpers/runCliInProcess';

const skip = goPprofUnavailable();
const fixtures = realProfileFixtures();

interface TopJson {
  type: string;
  unit: string;
  total: number;
  rows: { function: string; file: string; line: number | null; flat: number; cum: number }[];
}

describe('perflens top --by function matches go tool pprof -top', { skip }, () => {
  it('has real Go and Node fixtures to compare', () => {
    assert.ok(fixtures.some((f) => f.includes('/go/')), 'no Go fixtures in test/fixtures/go');
    assert.ok(fixtures.some((f) => f.includes('/node/')), 'no Node fixtures in test/fixtures/node');
  });

  for (const file of fixtures) {
    const types = readProfileFile(file).sampleTypes;
    for (const { type, unit } of types) {
      it(`${relative(FIXTURES_DIR, file)} ${type}`, async () => {
        const result = await runCliCaptured(['top', file, '--type', type, '--by', 'function', '--json']);
        assert.equal(result.code, 0, result.stderr);
        const ours = JSON.parse(result.stdout) as TopJson;
        const reference = goPprofTop([file], type, unit, 'filefunctions');

        assert.equal(ours.type, type);
        assert.equal(ours.unit, unit);
        assert.equal(ours.total, reference.total, 'total');
        const byName = new Map(ours.rows.map((r) => [r.file ? `${r.function} ${goClean(r.file)}` : r.function, r]));
        assert.equal(byName.size, ours.rows.length, 'perflens rows are unique by function and file');
        assert.deepEqual(
          [...byName.keys()].sort(),
          reference.rows.map((r) => r.name).sort(),
          'same functions',
        );
        for (const ref of reference.rows) {
          const row = byName.get(ref.name)!;
          assert.equal(row.flat, ref.flat, `flat of ${ref.name}`);
          assert.equal(row.cum, ref.cum, `cum of ${ref.name}`);
        }
      });
    }
  }
});
