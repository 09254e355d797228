/**
 * Field-by-field comparison of our decoded Profile with pprof-format's decoding of the same bytes.
 * pprof-format gives numbers or (for varints of 5+ bytes) unsigned bigints; int64 fields are reinterpreted as
 * signed here. Our int64 columns are JS numbers (nearest double beyond 2^53), compared as Number(reference).
 */
import assert from 'node:assert/strict';
import type { Profile as Reference } from 'pprof-format';
import type { Profile } from '../../../../src/core/profile/model';

type Numeric = number | bigint;

const u64 = (v: Numeric): bigint => BigInt.asUintN(64, BigInt(v));
const i64 = (v: Numeric): bigint => BigInt.asIntN(64, BigInt(v));
/** An int64 field as our decoder gives it: a double. */
const signed = (v: Numeric): number => Number(i64(v));
const unsigned = (v: Numeric): number => Number(u64(v));

export function assertSameAsReference(ours: Profile, ref: Reference): void {
  const refStrings = ref.stringTable.strings;
  const s = (i: Numeric) => refStrings[Number(i)] ?? '';
  const str = (i: number) => ours.strings.get(i);

  // String table: same strings at the same indices.
  for (let i = 0; i < refStrings.length; i++) assert.equal(str(i), refStrings[i], `string ${i}`);

  assert.deepEqual(ours.sampleTypes, ref.sampleType.map((t) => ({ type: s(t.type), unit: s(t.unit) })), 'sample types');
  assert.equal(ours.defaultSampleType, s(ref.defaultSampleType), 'default_sample_type');
  assert.deepEqual(ours.periodType, ref.periodType ? { type: s(ref.periodType.type), unit: s(ref.periodType.unit) } : undefined, 'period_type');
  assert.equal(ours.period, signed(ref.period), 'period');
  assert.equal(ours.timeNanos, signed(ref.timeNanos), 'time_nanos');
  assert.equal(ours.durationNanos, signed(ref.durationNanos), 'duration_nanos');
  assert.equal(ours.dropFrames, s(ref.dropFrames), 'drop_frames');
  assert.equal(ours.keepFrames, s(ref.keepFrames), 'keep_frames');
  assert.deepEqual(ours.comments, ref.comment.map(s), 'comments');
  assert.equal(ours.docUrl, s(ref.docUrl), 'doc_url');

  // Functions.
  assert.equal(ours.functions.count, ref.function.length, 'function count');
  ref.function.forEach((f, i) => {
    assert.equal(ours.functions.id[i], unsigned(f.id), `function ${i} id`);
    assert.equal(str(ours.functions.name[i]), s(f.name), `function ${i} name`);
    assert.equal(str(ours.functions.systemName[i]), s(f.systemName), `function ${i} system_name`);
    assert.equal(str(ours.functions.filename[i]), s(f.filename), `function ${i} filename`);
    assert.equal(ours.functions.startLine[i], signed(f.startLine), `function ${i} start_line`);
  });

  // Mappings.
  assert.equal(ours.mappings.count, ref.mapping.length, 'mapping count');
  ref.mapping.forEach((m, i) => {
    assert.equal(ours.mappings.id[i], unsigned(m.id), `mapping ${i} id`);
    assert.equal(ours.mappings.memoryStart[i], u64(m.memoryStart), `mapping ${i} memory_start`);
    assert.equal(ours.mappings.memoryLimit[i], u64(m.memoryLimit), `mapping ${i} memory_limit`);
    assert.equal(ours.mappings.fileOffset[i], u64(m.fileOffset), `mapping ${i} file_offset`);
    assert.equal(str(ours.mappings.filename[i]), s(m.filename), `mapping ${i} filename`);
    assert.equal(str(ours.mappings.buildId[i]), s(m.buildId), `mapping ${i} build_id`);
    const flags = ours.mappings.flags[i];
    assert.deepEqual([!!(flags & 1), !!(flags & 2), !!(flags & 4), !!(flags & 8)],
      [!!m.hasFunctions, !!m.hasFilenames, !!m.hasLineNumbers, !!m.hasInlineFrames], `mapping ${i} flags`);
  });

  // Locations and their lines; references compared through the ids they resolve to.
  const functionId = (index: number) => (index < 0 ? 0 : ours.functions.id[index]);
  assert.equal(ours.locations.count, ref.location.length, 'location count');
  ref.location.forEach((l, i) => {
    assert.equal(ours.locations.id[i], unsigned(l.id), `location ${i} id`);
    const m = ours.locations.mapping[i];
    assert.equal(m < 0 ? 0 : ours.mappings.id[m], unsigned(l.mappingId), `location ${i} mapping`);
    assert.equal(ours.locations.address[i], u64(l.address), `location ${i} address`);
    assert.equal(ours.locations.isFolded[i] === 1, !!l.isFolded, `location ${i} is_folded`);
    const start = ours.locations.lineStart[i];
    assert.equal(ours.locations.lineStart[i + 1] - start, l.line.length, `location ${i} line count`);
    l.line.forEach((line, j) => {
      assert.equal(functionId(ours.lines.function[start + j]), unsigned(line.functionId), `location ${i} line ${j} function`);
      assert.equal(ours.lines.line[start + j], signed(line.line), `location ${i} line ${j} line`);
      assert.equal(ours.lines.column[start + j], signed(line.column), `location ${i} line ${j} column`);
    });
  });

  // Samples: location ids, values, labels.
  assert.equal(ours.samples.count, ref.sample.length, 'sample count');
  const types = ours.sampleTypes.length;
  ref.sample.forEach((sample, i) => {
    const start = ours.samples.locationStart[i];
    const ids = Array.from(ours.samples.locations.subarray(start, ours.samples.locationStart[i + 1]), (l) => ours.locations.id[l]);
    assert.deepEqual(ids, sample.locationId.map(unsigned), `sample ${i} locations`);
    assert.deepEqual(Array.from(ours.samples.values.subarray(i * types, (i + 1) * types)), sample.value.map(signed), `sample ${i} values`);
    const labelStart = ours.samples.labelStart[i];
    assert.equal(ours.samples.labelStart[i + 1] - labelStart, sample.label.length, `sample ${i} label count`);
    sample.label.forEach((label, j) => {
      const k = labelStart + j;
      assert.equal(str(ours.labels.key[k]), s(label.key), `sample ${i} label ${j} key`);
      assert.equal(str(ours.labels.str[k]), s(label.str), `sample ${i} label ${j} str`);
      assert.equal(ours.labels.num[k], signed(label.num), `sample ${i} label ${j} num`);
      assert.equal(str(ours.labels.numUnit[k]), s(label.numUnit), `sample ${i} label ${j} num_unit`);
    });
  });
}
