// Per-line and per-file flat/cum against `go tool pprof -top -lines` / `-files` on the real fixtures.
// pprof's line rows are (function, file, line); ours are (file, line) — one editor line. Flat is additive, so the
// sum of pprof's rows for one file:line must equal ours; cum is compared where pprof has one row for the line.
import assert from 'node:assert/strict';
import { relative } from 'node:path';
import { describe, it } from 'node:test';
import { sortedRows, topTable } from '../../../src/core/aggregate/topTable';
import { buildModel } from '../../../src/core/model/buildModel';
import { select } from '../../../src/core/query/select';
import { readProfileFile } from '../../../src/core/profile/parse';
import { FIXTURES_DIR, realProfileFixtures } from './helpers/fixtures';
import { goClean, goPprofTop, goPprofUnavailable } from './helpers/goPprof';

const skip = goPprofUnavailable();

describe('flat/cum per line and per file match go tool pprof', { skip }, () => {
  for (const file of realProfileFixtures()) {
    const profile = readProfileFile(file);
    const selection = select(buildModel([profile]));
    const { type, unit } = selection.sampleType;
    const name = `${relative(FIXTURES_DIR, file)} ${type}`;

    it(`${name} by line`, () => {
      const reference = goPprofTop([file], type, unit, 'lines');
      const rows = sortedRows(selection, topTable(selection, 'line'));
      const refByLine = new Map<string, { flat: number; cum: number; count: number }>();
      for (const r of reference.rows) {
        // "name file:line"; rows without a file (e.g. "Garbage Collection") have no line either.
        const m = /^(.*) (\S+:\d+)$/.exec(r.name);
        const key = m ? m[2] : r.name;
        const entry = refByLine.get(key) ?? { flat: 0, cum: 0, count: 0 };
        refByLine.set(key, { flat: entry.flat + r.flat, cum: r.cum, count: entry.count + 1 });
      }
      // A frame without a file is printed "name :line" by pprof (just "name" when the line is 0 too).
      const ourKey = (r: (typeof rows)[number]) =>
        r.file ? `${goClean(r.file)}:${r.line ?? 0}` : r.line ? `${r.function} :${r.line}` : r.function;
      assert.deepEqual(rows.map(ourKey).sort(), [...refByLine.keys()].sort(), 'same lines');
      for (const r of rows) {
        const ref = refByLine.get(ourKey(r))!;
        assert.equal(r.flat, ref.flat, `flat of ${ourKey(r)}`);
        if (ref.count === 1) assert.equal(r.cum, ref.cum, `cum of ${ourKey(r)}`);
      }
    });

    it(`${name} by file`, () => {
      const reference = goPprofTop([file], type, unit, 'files');
      const table = topTable(selection, 'file');
      assert.equal(table.total, reference.total);
      const rows = sortedRows(selection, table);
      // pprof puts frames without a file into one "<unknown>" row, as perflens does into the row with file "".
      const byFile = new Map(rows.map((r) => [r.file === '' ? '<unknown>' : goClean(r.file), r]));
      assert.deepEqual([...byFile.keys()].sort(), reference.rows.map((r) => r.name).sort(), 'same files');
      for (const ref of reference.rows) {
        const row = byFile.get(ref.name);
        assert.ok(row, `perflens has a row for ${ref.name}`);
        assert.equal(row.flat, ref.flat, `flat of ${ref.name}`);
        assert.equal(row.cum, ref.cum, `cum of ${ref.name}`);
      }
    });
  }
});
