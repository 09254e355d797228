// The engine (model → query → aggregate) against `go tool pprof` on real profiles of other projects (the shared
// corpus): Go, Java, .NET, Python, Ruby, Rust, Node and C++ profiles with labels, inlined frames, truncated stacks and
// missing symbols; several profiles merged into one model; time ranges that select profiles of a model; and the
// sample labels a model keeps, per key and value, against `go tool pprof -tags`.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sortedRows, topTable } from '../../../src/core/aggregate/topTable';
import { buildModel } from '../../../src/core/model/buildModel';
import type { ProfileModel } from '../../../src/core/model/types';
import { readProfileFile } from '../../../src/core/profile/parse';
import { select } from '../../../src/core/query/select';
import type { ProfileQuery } from '../../../src/core/query/types';
import { corpusFile, corpusUnavailable } from './helpers/corpus';
import { goClean, goPprofTop, goPprofUnavailable, goPprofTags } from './helpers/goPprof';

const skip = goPprofUnavailable() ?? corpusUnavailable();

/** Profiles of every kind the corpus has that the pprof decoder reads. */
const SINGLE = [
  'grafana+pyroscope/pkg/pprof/testdata/go.cpu.labels.pprof',
  'grafana+pyroscope/pkg/pprof/testdata/heap',
  'grafana+pyroscope/pkg/pprof/testdata/heap_delta',
  'grafana+pyroscope/pkg/pprof/testdata/dotnet.labels.pprof',
  'grafana+pyroscope/pkg/pprof/testdata/profile_java',
  'grafana+pyroscope/pkg/pprof/testdata/profile_python',
  'grafana+pyroscope/pkg/pprof/testdata/profile_ruby',
  'grafana+pyroscope/pkg/pprof/testdata/profile_rust',
  'grafana+pyroscope/pkg/pprof/testdata/profile_nodejs',
  'grafana+pyroscope/pkg/pprof/testdata/single_group_with_optional_span_id.pb.gz',
  'grafana+pyroscope/pkg/pprof/testdata/gotruncatefix/cpu_go_truncated_1.pb.gz',
  'grafana+pyroscope/pkg/pprof/testdata/malformed/no_addr_no_line.pb.gz',
  'grafana+pyroscope/pkg/og/convert/pprof/testdata/cpu-js.pb.gz',
  'grafana+pyroscope/pkg/og/convert/pprof/testdata/pyspy-1.pb.gz',
  'parca-dev+parca/pkg/parca/testdata/labels.pb.gz',
  'parca-dev+parca/pkg/normalizer/node-profile.pb.gz',
  'parca-dev+parca/pkg/symbolizer/testdata/inlining-disabled-cpu.stripped.pprof',
  'google+pprof/internal/proftest/testdata/large.cpu',
];

/** Three Java CPU profiles taken 70 ms apart (Pyroscope's JFR converter output). */
const KAFKA = [0, 1, 2].map((i) => `grafana+pyroscope/pkg/og/convert/jfr/testdata/cortex-dev-01__kafka-0__cpu__${i}.jfr.gz.process_cpu_cpu_nanoseconds_cpu_nanoseconds.17241709254077376921.pb.gz`);

/** Our `top --by function` of a selection, keyed as pprof names rows ("function file"). */
function ourTop(model: ProfileModel, query: ProfileQuery) {
  const selection = select(model, query);
  const table = topTable(selection, 'function');
  return { total: table.total, rows: new Map(sortedRows(selection, table).map((r) => [r.file ? `${r.function} ${goClean(r.file)}` : r.function, r])) };
}

function assertSameAsPprof(model: ProfileModel, query: ProfileQuery, files: readonly string[], what: string): void {
  const type = select(model, query).sampleType;
  const reference = goPprofTop(files, type.type, type.unit, 'filefunctions');
  const ours = ourTop(model, query);
  assert.equal(ours.total, reference.total, `${what}: total`);
  assert.deepEqual([...ours.rows.keys()].sort(), reference.rows.map((r) => r.name).sort(), `${what}: same functions`);
  for (const ref of reference.rows) {
    assert.equal(ours.rows.get(ref.name)!.flat, ref.flat, `${what}: flat of ${ref.name}`);
    assert.equal(ours.rows.get(ref.name)!.cum, ref.cum, `${what}: cum of ${ref.name}`);
  }
}

describe('the engine on the shared corpus matches go tool pprof', { skip }, () => {
  for (const name of SINGLE) {
    it(`${name}: every sample type, per function`, () => {
      const file = corpusFile(name);
      const model = buildModel([readProfileFile(file)]);
      for (let t = 0; t < model.sampleTypes.length; t++) assertSameAsPprof(model, { type: t }, [file], `${name} ${model.sampleTypes[t].type}`);
    });
  }

  it('several profiles merged into one model: as pprof merges them', () => {
    const files = KAFKA.map(corpusFile);
    const model = buildModel(files.map((f) => readProfileFile(f)));
    assert.equal(model.profiles.count, 3);
    assertSameAsPprof(model, {}, files, 'three profiles');
    // Stacks are interned across the files: fewer than the samples of all three.
    assert.ok(model.stacks.count < files.reduce((n, f) => n + readProfileFile(f).samples.count, 0));
  });

  it('a time range selects the profiles taken in it, and nothing else', () => {
    const files = KAFKA.map(corpusFile);
    const model = buildModel(files.map((f) => readProfileFile(f)));
    const at = Array.from(model.profiles.timeNanos, (t) => t / 1e6);
    assert.ok(at[0] < at[1] && at[1] < at[2], 'the three profiles are 70 ms apart');
    assertSameAsPprof(model, { timeRange: { startMs: at[1], endMs: at[1] + 1 } }, [files[1]], 'the middle profile');
    assertSameAsPprof(model, { timeRange: { startMs: at[1], endMs: at[2] + 1 } }, [files[1], files[2]], 'the last two');
    const none = select(model, { timeRange: { startMs: at[2] + 1, endMs: at[2] + 1000 } });
    assert.equal(none.matchedProfiles, 0);
    assert.equal(none.total, 0);
  });

  for (const name of ['grafana+pyroscope/pkg/pprof/testdata/go.cpu.labels.pprof', 'parca-dev+parca/pkg/parca/testdata/labels.pb.gz', 'grafana+pyroscope/pkg/pprof/testdata/dotnet.labels.pprof']) {
    it(`${name}: every string label, as -tags totals it`, () => {
      const file = corpusFile(name);
      const model = buildModel([readProfileFile(file)]);
      const selection = select(model);
      const reference = goPprofTags(file, selection.sampleType.type, selection.sampleType.unit);
      // Per key and value: the selected value of the rows whose label set has the label (each row once per value).
      const ours = new Map<string, Map<string, number>>();
      const { labelSets: sets, rows, strings } = model;
      const types = model.sampleTypes.length;
      for (let r = 0; r < rows.count; r++) {
        const v = rows.values[r * types + selection.typeIndex];
        const seen = new Set<string>();
        for (let i = sets.start[rows.labelSet[r]]; i < sets.start[rows.labelSet[r] + 1]; i++) {
          if (sets.str[i] === 0) continue;
          const key = strings.get(sets.key[i]);
          const value = strings.get(sets.str[i]);
          if (seen.has(`${key}\u0000${value}`)) continue;
          seen.add(`${key}\u0000${value}`);
          let values = ours.get(key);
          if (!values) ours.set(key, (values = new Map()));
          values.set(value, (values.get(value) ?? 0) + v);
        }
      }
      const stringKeys = [...reference.keys()].filter((k) => ours.has(k) || [...reference.get(k)!.keys()].every((v) => !/^-?\d/.test(v)));
      assert.ok(stringKeys.length > 0, 'the profile has string labels');
      for (const key of stringKeys) {
        assert.deepEqual([...(ours.get(key) ?? new Map())].sort(), [...reference.get(key)!].sort(), `values of ${key}`);
      }
    });
  }
});
