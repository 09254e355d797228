// Merging profiles of one service over time, and choosing the sample type.
import assert from 'node:assert/strict';
import { relative } from 'node:path';
import { describe, it } from 'node:test';
import { aggregateFlatCum, sortedRows } from '../../../src/core/aggregate/flatCum';
import { mergeProfiles } from '../../../src/core/aggregate/merge';
import { SampleTypeError, selectSampleType } from '../../../src/core/aggregate/sampleType';
import { ProfileError } from '../../../src/core/profile/errors';
import { readProfileFile } from '../../../src/core/profile/parse';
import { FIXTURES_DIR, realProfileFixtures } from './helpers/fixtures';
import { goClean, goPprofTop, goPprofUnavailable } from './helpers/goPprof';
import { stackProfile } from './helpers/stackProfile';

describe('mergeProfiles', () => {
  it('sums identical stacks from files whose ids differ', () => {
    const stacks = [
      { stack: ['leaf@a.go:3', 'main@m.go:5'], values: [1, 10] },
      { stack: [['in@a.go:7', 'out@a.go:9'], 'main@m.go:5'], values: [2, 20] },
    ];
    const a = stackProfile({ samples: stacks, source: 'a.pb' });
    const b = stackProfile({ samples: [...stacks].reverse(), idOffset: 1000, source: 'b.pb' });
    assert.notDeepEqual(Array.from(a.locations.id), Array.from(b.locations.id));
    const set = mergeProfiles([a, b]);
    assert.equal(set.stacks.count, 2, 'the two stacks, each once');
    const byFlat = sortedRows(set, aggregateFlatCum(set, 1, 'function'));
    assert.deepEqual(byFlat.map((r) => [r.function, r.flat, r.cum]), [['in', 40, 40], ['leaf', 20, 20], ['main', 0, 60], ['out', 0, 40]]);
  });

  it('keeps stacks apart that differ only in a line number', () => {
    const a = stackProfile({ samples: [{ stack: ['f@a.go:3'], values: [1, 1] }] });
    const b = stackProfile({ samples: [{ stack: ['f@a.go:4'], values: [1, 1] }], idOffset: 50 });
    assert.equal(mergeProfiles([a, b]).stacks.count, 2);
  });

  it('refuses profiles with other sample types, naming the file', () => {
    const cpu = stackProfile({ samples: [], source: 'cpu.pb.gz' });
    const heap = stackProfile({ samples: [], types: [['alloc_objects', 'count'], ['alloc_space', 'bytes']], source: 'heap.pb.gz' });
    assert.throws(() => mergeProfiles([cpu, heap]), (e: unknown) => e instanceof ProfileError &&
      e.message === "heap.pb.gz: cannot merge: its sample types [alloc_objects (count), alloc_space (bytes)] differ from cpu.pb.gz's [samples (count), cpu (nanoseconds)]");
    const cpuInMs = stackProfile({ samples: [], types: [['samples', 'count'], ['cpu', 'milliseconds']], source: 'ms.pb' });
    assert.throws(() => mergeProfiles([cpu, cpuInMs]), ProfileError);
    const otherPeriod = stackProfile({ samples: [], periodType: ['space', 'bytes'], source: 'p.pb' });
    assert.throws(() => mergeProfiles([cpu, otherPeriod]), /p\.pb: cannot merge: its period type space\/bytes differs/);
  });

  const skip = goPprofUnavailable();
  const fixtures = realProfileFixtures();
  for (const [x, y] of [['go/cpu.pb.gz', 'go/cpu-trimpath.pb.gz'], ['node/wall.pb.gz', 'node/wall-inlined.pb.gz']]) {
    const files = [x, y].map((name) => fixtures.find((f) => relative(FIXTURES_DIR, f) === name)!);
    it(`merges ${x} and ${y} as go tool pprof does`, { skip: skip ?? (files.includes(undefined!) ? 'fixture missing' : undefined) }, () => {
      const set = mergeProfiles(files.map((f) => readProfileFile(f)));
      const type = set.sampleTypes[set.defaultTypeIndex];
      const table = aggregateFlatCum(set, set.defaultTypeIndex, 'function');
      const reference = goPprofTop([...files, ...files], type.type, type.unit, 'filefunctions');
      const doubled = mergeProfiles(files.flatMap((f) => [readProfileFile(f), readProfileFile(f)]));
      const doubledTable = aggregateFlatCum(doubled, doubled.defaultTypeIndex, 'function');
      assert.equal(doubledTable.total, reference.total);
      assert.equal(doubledTable.total, 2 * table.total);
      const ours = new Map(sortedRows(doubled, doubledTable).map((r) => [r.file ? `${r.function} ${goClean(r.file)}` : r.function, r]));
      assert.equal(ours.size, reference.rows.length);
      for (const ref of reference.rows) {
        assert.equal(ours.get(ref.name)?.flat, ref.flat, `flat of ${ref.name}`);
        assert.equal(ours.get(ref.name)?.cum, ref.cum, `cum of ${ref.name}`);
      }
    });
  }
});

describe('selectSampleType', () => {
  const types = [{ type: 'alloc_objects', unit: 'count' }, { type: 'alloc_space', unit: 'bytes' }, { type: 'inuse_objects', unit: 'count' }, { type: 'inuse_space', unit: 'bytes' }];

  it('defaults to default_sample_type, else the last type (as go tool pprof)', () => {
    assert.equal(selectSampleType(types, ''), 3);
    assert.equal(selectSampleType(types, 'alloc_space'), 1);
    assert.equal(selectSampleType(types, 'no_such_type'), 3);
  });

  it('selects by name or by 0-based index', () => {
    assert.equal(selectSampleType(types, '', 'alloc_objects'), 0);
    assert.equal(selectSampleType(types, '', '2'), 2);
    assert.equal(selectSampleType([{ type: 'objects', unit: 'count' }, { type: 'space', unit: 'bytes' }], '', 'inuse_space'), 1);
  });

  it('lists the available types when the requested one is missing', () => {
    assert.throws(() => selectSampleType(types, '', 'cpu'), (e: unknown) => e instanceof SampleTypeError &&
      e.message === "no sample type 'cpu'; the profile has alloc_objects (count), alloc_space (bytes), inuse_objects (count), inuse_space (bytes)");
    assert.throws(() => selectSampleType(types, '', '4'), /outside 0\.\.3/);
  });
});
