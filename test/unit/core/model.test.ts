// The model: profiles of one service merged (stacks, functions and frames interned once), labels as label sets,
// rows per (stack, label set, profile); and choosing the sample type.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { sortedRows, topTable } from '../../../src/core/aggregate/topTable';
import { SampleTypeError, selectSampleType } from '../../../src/core/aggregate/sampleType';
import { buildModel } from '../../../src/core/model/buildModel';
import type { ProfileModel } from '../../../src/core/model/types';
import { select } from '../../../src/core/query/select';
import { ProfileError } from '../../../src/core/profile/errors';
import { decodeProfile, expandedLength } from '../../../src/core/profile/decode';
import { gunzipIfCompressed } from '../../../src/core/profile/gunzip';
import { readProfileFile } from '../../../src/core/profile/parse';
import { FIXTURES_DIR, realProfileFixtures } from './helpers/fixtures';
import { goClean, goPprofTop, goPprofUnavailable } from './helpers/goPprof';
import { stackProfile } from './helpers/stackProfile';
import { generateProfile } from '../../../bench/profile/generate';

/** Stack s as "name:line" frames, leaf first. */
function stackText(model: ProfileModel, s: number): string[] {
  const out: string[] = [];
  for (let i = model.stacks.start[s]; i < model.stacks.start[s + 1]; i++) {
    const f = model.stacks.frames[i];
    out.push(`${model.strings.get(model.functions.name[model.frames.function[f]])}:${model.frames.line[f]}`);
  }
  return out;
}

/** A generated Go-like profile (bench/profile/generate.ts) with inlined frames on many locations, as a file. */
function generatedProfile(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'perflens-model-')), 'generated.pb');
  writeFileSync(file, generateProfile({ seed: 7, targetBytes: 300_000, functions: 2_000 }).bytes);
  return file;
}

/** Label set l as "key=value" strings (numeric ones "key=number unit"). */
function labelText(model: ProfileModel, l: number): string[] {
  const { start, key, str, num, unit } = model.labelSets;
  const out: string[] = [];
  for (let i = start[l]; i < start[l + 1]; i++) {
    out.push(`${model.strings.get(key[i])}=${str[i] !== 0 ? model.strings.get(str[i]) : `${num[i]} ${model.strings.get(unit[i])}`}`);
  }
  return out;
}

describe('buildModel', () => {
  it('sums identical stacks from files whose ids differ', () => {
    const stacks = [
      { stack: ['leaf@a.go:3', 'main@m.go:5'], values: [1, 10] },
      { stack: [['in@a.go:7', 'out@a.go:9'], 'main@m.go:5'], values: [2, 20] },
    ];
    const a = stackProfile({ samples: stacks, source: 'a.pb' });
    const b = stackProfile({ samples: [...stacks].reverse(), idOffset: 1000, source: 'b.pb' });
    assert.notDeepEqual(Array.from(a.locations.id), Array.from(b.locations.id));
    const model = buildModel([a, b]);
    assert.equal(model.stacks.count, 2, 'the two stacks, each once');
    assert.deepEqual(stackText(model, 1), ['in:7', 'out:9', 'main:5'], 'inlined frames expanded innermost first, leaf first');
    assert.equal(model.rows.count, 4, 'a row per stack per profile');
    const selection = select(model, { type: 1 });
    const byFlat = sortedRows(selection, topTable(selection, 'function'));
    assert.deepEqual(byFlat.map((r) => [r.function, r.flat, r.cum]), [['in', 40, 40], ['leaf', 20, 20], ['main', 0, 60], ['out', 0, 40]]);
  });

  it('keeps stacks apart that differ only in a line number', () => {
    const a = stackProfile({ samples: [{ stack: ['f@a.go:3'], values: [1, 1] }] });
    const b = stackProfile({ samples: [{ stack: ['f@a.go:4'], values: [1, 1] }], idOffset: 50 });
    assert.equal(buildModel([a, b]).stacks.count, 2);
  });

  it('refuses profiles with other sample types, naming the file', () => {
    const cpu = stackProfile({ samples: [], source: 'cpu.pb.gz' });
    const heap = stackProfile({ samples: [], types: [['alloc_objects', 'count'], ['alloc_space', 'bytes']], source: 'heap.pb.gz' });
    assert.throws(() => buildModel([cpu, heap]), (e: unknown) => e instanceof ProfileError &&
      e.message === "heap.pb.gz: cannot merge: its sample types [alloc_objects (count), alloc_space (bytes)] differ from cpu.pb.gz's [samples (count), cpu (nanoseconds)]");
    const cpuInMs = stackProfile({ samples: [], types: [['samples', 'count'], ['cpu', 'milliseconds']], source: 'ms.pb' });
    assert.throws(() => buildModel([cpu, cpuInMs]), ProfileError);
    const otherPeriod = stackProfile({ samples: [], periodType: ['space', 'bytes'], source: 'p.pb' });
    assert.throws(() => buildModel([cpu, otherPeriod]), /p\.pb: cannot merge: its period type space\/bytes differs/);
  });

  const skip = goPprofUnavailable();
  const fixtures = realProfileFixtures();
  for (const [x, y] of [['go/cpu.pb.gz', 'go/cpu-trimpath.pb.gz'], ['node/wall.pb.gz', 'node/wall-inlined.pb.gz']]) {
    const files = [x, y].map((name) => fixtures.find((f) => relative(FIXTURES_DIR, f) === name)!);
    it(`merges ${x} and ${y} as go tool pprof does`, { skip: skip ?? (files.includes(undefined!) ? 'fixture missing' : undefined) }, () => {
      const selection = select(buildModel(files.map((f) => readProfileFile(f))));
      const type = selection.sampleType;
      const table = topTable(selection, 'function');
      const reference = goPprofTop([...files, ...files], type.type, type.unit, 'filefunctions');
      const doubled = select(buildModel(files.flatMap((f) => [readProfileFile(f), readProfileFile(f)])));
      const doubledTable = topTable(doubled, 'function');
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

describe('buildModel: labels and rows', () => {
  it('interns each sample\'s labels as one sorted label set, numeric labels with their unit', () => {
    const model = buildModel([stackProfile({ samples: [
      { stack: ['f@a.go:1'], values: [1, 10], labels: { route: '/a', region: 'eu' } },
      { stack: ['g@a.go:2'], values: [1, 20], labels: { region: 'eu', route: '/a' } },
      { stack: ['g@a.go:2'], values: [1, 30], labels: { bytes: [512, 'bytes'] } },
      { stack: ['g@a.go:2'], values: [1, 40] },
    ] })]);
    assert.equal(model.labelSets.count, 3, 'the empty set, {region, route} once, {bytes}');
    const sets = Array.from({ length: model.labelSets.count }, (_, l) => labelText(model, l).sort().join(','));
    assert.deepEqual(sets.sort(), ['', 'bytes=512 bytes', 'region=eu,route=/a']);
    assert.equal(model.rows.count, 4, 'g has a row per label set');
    const ofRow = (r: number) => `${stackText(model, model.rows.stack[r])[0]} ${labelText(model, model.rows.labelSet[r]).sort().join(',')} ${model.rows.values[r * 2 + 1]}`;
    assert.deepEqual(Array.from({ length: model.rows.count }, (_, r) => ofRow(r)).sort(),
      ['f:1 region=eu,route=/a 10', 'g:2  40', 'g:2 bytes=512 bytes 30', 'g:2 region=eu,route=/a 20']);
  });

  it('merging profiles, sums the samples of one stack, label set and profile into one row', () => {
    const sample = { stack: ['f@a.go:1', 'main@m.go:9'], values: [1, 10], labels: { route: '/a' } };
    const a = stackProfile({ samples: [sample, sample, { ...sample, labels: { route: '/b' } }, sample], source: 'a.pb' });
    const b = stackProfile({ samples: [sample], source: 'b.pb', idOffset: 7 });
    const model = buildModel([a, b]);
    assert.equal(model.stacks.count, 1, 'one stack across both files');
    assert.equal(model.rows.count, 3, 'a: /a and /b; b: /a');
    const rowText = (r: number) => `${model.profiles.source[model.rows.profile[r]]} ${labelText(model, model.rows.labelSet[r])[0]} ${model.rows.values[r * 2 + 1]}`;
    assert.deepEqual(Array.from({ length: 3 }, (_, r) => rowText(r)).sort(), ['a.pb route=/a 30', 'a.pb route=/b 10', 'b.pb route=/a 10']);
  });

  it('takes a single profile\'s samples as written: a stack and a row each, the values column shared', () => {
    const sample = { stack: ['f@a.go:1', 'main@m.go:9'], values: [1, 10] };
    const profile = stackProfile({ samples: [sample, { ...sample, labels: { route: '/b' } }] });
    const model = buildModel([profile]);
    assert.equal(model.stacks.count, 2);
    assert.equal(model.rows.count, 2);
    assert.equal(model.rows.values, profile.samples.values);
    assert.equal(select(model, { type: 1 }).total, 20);
  });

  it('builds the same stacks over a profile it may take apart (its columns rewritten in place) as over a copy', () => {
    const inputs = [...realProfileFixtures(), generatedProfile()];
    let expandedInPlace = 0;
    for (const file of inputs) {
      const kept = buildModel([readProfileFile(file)]);
      const bytes = gunzipIfCompressed(readFileSync(file), file, 1 << 30);
      for (const room of ['exact', 'bound'] as const) {
        const decoded = decodeProfile(bytes, file, undefined, room);
        const { locations } = decoded.samples;
        let frames = 0;
        for (const l of locations) frames += Math.max(1, decoded.locations.lineStart[l + 1] - decoded.locations.lineStart[l]);
        // Exact: room for the frames the locations expand to, no more (on Windows every byte of an ArrayBuffer is
        // committed memory, used or not); else at least that.
        if (room === 'exact') assert.equal(locations.buffer.byteLength, Math.max(locations.length, frames) * 4, file);
        else assert.ok(locations.buffer.byteLength >= frames * 4, file);
        // Counted while decoding, so buildModel sizes the frames column without a pass of its own.
        assert.equal(expandedLength(locations), frames, file);
        const consumed = buildModel([decoded], { consumeProfiles: true });
        if (frames > locations.length && consumed.stacks.frames.buffer === locations.buffer) expandedInPlace++;
        assert.equal(consumed.stacks.count, kept.stacks.count, file);
        assert.deepEqual(Array.from(consumed.stacks.start), Array.from(kept.stacks.start), file);
        assert.deepEqual(Array.from(consumed.stacks.frames), Array.from(kept.stacks.frames), file);
        assert.deepEqual(Array.from({ length: kept.stacks.count }, (_, s) => stackText(consumed, s)), Array.from({ length: kept.stacks.count }, (_, s) => stackText(kept, s)), file);
      }
    }
    assert.ok(expandedInPlace >= 2, 'some profile has inlined frames, expanded into the room the decoder left (either way)');
  });

  it('gives samples of one string label and samples left with it once other keys are dropped one label set', () => {
    const route = (r: string) => ({ stack: ['f@a.go:1'], values: [1, 1], labels: { route: r } });
    const samples = [
      route('/a'),
      ...Array.from({ length: 12 }, (_, i) => ({ stack: ['f@a.go:1'], values: [1, 1], labels: { span_id: `s${i}`, route: i % 3 ? '/a' : '/c' } })),
      route('/a'), route('/b'), route('/c'), route('/c'), { stack: ['f@a.go:1'], values: [1, 1] },
    ];
    const model = buildModel([stackProfile({ samples })], { maxLabelSets: 6 });
    assert.equal(model.labelSets.count, 4, 'the empty set and the three routes');
    const setOf = (s: number) => labelText(model, model.rows.labelSet[s]).join(',');
    assert.deepEqual(Array.from({ length: samples.length }, (_, s) => setOf(s)), samples.map((x) => ('labels' in x ? `route=${x.labels.route}` : '')));
    const ids = new Map<string, Set<number>>();
    samples.forEach((_, s) => (ids.get(setOf(s)) ?? ids.set(setOf(s), new Set()).get(setOf(s))!).add(model.rows.labelSet[s]));
    for (const [set, of] of ids) assert.equal(of.size, 1, `one id for {${set}}`);
  });

  it('caps label sets by dropping the key with the most values, and says so', () => {
    const samples = Array.from({ length: 40 }, (_, i) => ({ stack: ['f@a.go:1'], values: [1, 1], labels: { span_id: `s${i}`, route: i % 2 ? '/a' : '/b' } }));
    const warned: string[] = [];
    const model = buildModel([stackProfile({ samples })], { maxLabelSets: 8, warn: (w) => warned.push(w) });
    assert.equal(model.labelSets.count, 3, 'the empty set and the two routes');
    assert.deepEqual(new Set(model.rows.labelSet), new Set([1, 2]), 'each sample keeps its route');
    assert.equal(model.notes.length, 1);
    assert.match(model.notes[0], /^labels capped: key "span_id" had at least \d+ distinct values \(a model keeps at most 8 label sets\)/);
    assert.deepEqual(warned, model.notes);
    const selection = select(model, { type: 1 });
    assert.equal(selection.total, 40, 'no cost is lost');
  });

  it('keeps each profile\'s time and its rows apart, and frames that differ only in column', () => {
    const a = stackProfile({ samples: [{ stack: ['f@a.js:3'], values: [1, 10] }], timeNanos: 2e18, durationNanos: 1e10, source: 'a.pb' });
    const b = stackProfile({ samples: [{ stack: ['f@a.js:3'], values: [1, 5] }], timeNanos: 1e18, source: 'b.pb', idOffset: 9 });
    const model = buildModel([a, b]);
    assert.deepEqual(Array.from(model.profiles.timeNanos), [2e18, 1e18]);
    assert.deepEqual(Array.from(model.profiles.durationNanos), [1e10, 0]);
    assert.deepEqual(model.profiles.source, ['a.pb', 'b.pb']);
    assert.deepEqual(Array.from(model.rows.profile), [0, 1]);
    assert.equal(model.stacks.count, 1);
  });
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
