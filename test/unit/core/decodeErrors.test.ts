// What a user sees for files that are not usable profiles: one ProfileError naming the file and the problem.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import { ProtoWriter } from '../../../src/core/profile/protoWriter';
import { decodeProfile } from '../../../src/core/profile/decode';
import { ProfileError } from '../../../src/core/profile/errors';
import { parseProfile, readProfileFile } from '../../../src/core/profile/parse';
import { realProfileFixtures } from './helpers/fixtures';

const goCpu = realProfileFixtures().find((f) => f.endsWith('go/cpu.pb.gz'))!;

function profileError(fn: () => unknown): ProfileError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ProfileError, `expected a ProfileError, got ${String(e)}`);
    assert.ok(!e.message.includes('\n'), 'the message is one line');
    return e;
  }
  assert.fail('expected a ProfileError');
}

/** A minimal valid profile: one sample type, strings, and whatever `extra` writes. */
function profileBytes(extra: (w: ProtoWriter) => void = () => {}): Uint8Array {
  const w = new ProtoWriter();
  const vt = new ProtoWriter();
  vt.uintField(1, 1);
  vt.uintField(2, 2);
  w.bytesField(1, vt.bytes().slice());
  extra(w);
  for (const s of ['', 'cpu', 'nanoseconds', 'main', 'main.go']) w.bytesField(6, new TextEncoder().encode(s));
  return w.bytes().slice();
}

function message(fields: (w: ProtoWriter) => void): Uint8Array {
  const w = new ProtoWriter();
  fields(w);
  return w.bytes().slice();
}

describe('decode errors', () => {
  it('names the file and the byte offset of a truncated varint', () => {
    // field 9 (time_nanos), varint whose continuation bytes never end
    const e = profileError(() => decodeProfile(new Uint8Array([0x48, 0xff, 0xff]), 'bad.pb.gz'));
    assert.equal(e.message, 'bad.pb.gz: not a pprof profile (truncated varint at byte 1)');
    assert.equal(e.source, 'bad.pb.gz');
  });

  it('rejects an empty file, text and random bytes as "not a pprof profile"', () => {
    assert.equal(profileError(() => parseProfile(new Uint8Array(0), 'empty.pb')).message, 'empty.pb: not a pprof profile (empty file)');
    const text = new TextEncoder().encode('hello, this is not a profile\n');
    assert.match(profileError(() => parseProfile(text, 'notes.txt')).message, /^notes\.txt: not a pprof profile \(/);
    const random = new Uint8Array(4096).map((_, i) => (i * 2654435761) >>> 24);
    assert.match(profileError(() => parseProfile(random, 'random.bin')).message, /^random\.bin: (not a|invalid) pprof profile/);
  });

  it('rejects every truncation of a real profile inside a varint or a field with "truncated"', () => {
    const bytes = gunzipSync(readFileSync(goCpu));
    let truncatedErrors = 0;
    for (let cut = 1; cut < bytes.length; cut += 7) {
      try {
        decodeProfile(bytes.subarray(0, cut), 'cut.pb');
      } catch (e) {
        assert.ok(e instanceof ProfileError, `cut at ${cut}: ${String(e)}`);
        if (/truncated/.test(e.message)) truncatedErrors++;
      }
    }
    assert.ok(truncatedErrors > 0);
  });

  it('explains references to locations, functions and mappings that do not exist', () => {
    const sampleWithMissingLocation = profileBytes((w) => w.bytesField(2, message((s) => {
      s.packedField(1, [99]);
      s.packedField(2, [5]);
    })));
    assert.equal(profileError(() => decodeProfile(sampleWithMissingLocation, 'p.pb')).message,
      'p.pb: invalid pprof profile: sample 1 refers to location id 99, which is not defined');

    const lineWithMissingFunction = profileBytes((w) => w.bytesField(4, message((l) => {
      l.uintField(1, 1);
      l.bytesField(4, message((line) => line.uintField(1, 7)));
    })));
    assert.match(profileError(() => decodeProfile(lineWithMissingFunction, 'p.pb')).message, /refers to function id 7, which is not defined/);

    const locationWithMissingMapping = profileBytes((w) => w.bytesField(4, message((l) => {
      l.uintField(1, 1);
      l.uintField(2, 3);
    })));
    assert.match(profileError(() => decodeProfile(locationWithMissingMapping, 'p.pb')).message, /refers to mapping id 3, which is not defined/);
  });

  it('rejects duplicate ids, out-of-range string indices and value counts that differ from the sample types', () => {
    const duplicate = profileBytes((w) => {
      w.bytesField(5, message((f) => f.uintField(1, 4)));
      w.bytesField(5, message((f) => f.uintField(1, 4)));
    });
    assert.match(profileError(() => decodeProfile(duplicate, 'p.pb')).message, /duplicate function id 4/);

    const badString = profileBytes((w) => w.bytesField(5, message((f) => {
      f.uintField(1, 1);
      f.uintField(2, 1000);
    })));
    assert.match(profileError(() => decodeProfile(badString, 'p.pb')).message, /function\.name refers to string 1000, but the string table has 5 entries/);

    const twoValues = profileBytes((w) => w.bytesField(2, message((s) => s.packedField(2, [1, 2]))));
    assert.match(profileError(() => decodeProfile(twoValues, 'p.pb')).message, /sample 1 has 2 values but the profile has 1 sample types/);
  });

  it('refuses a sample whose location ids, values or labels have the wrong wire type', () => {
    const location = profileBytes((w) => w.bytesField(4, message((l) => l.uintField(1, 1))));
    const withSample = (fields: (s: ProtoWriter) => void) => {
      const bytes = new ProtoWriter();
      bytes.bytesField(2, message(fields));
      return new Uint8Array([...location, ...bytes.bytes()]);
    };
    const fixed32 = (s: ProtoWriter, field: number) => { s.tag(field, 5); for (let i = 0; i < 4; i++) s.tag(0, 0); };
    const cases: [string, (s: ProtoWriter) => void][] = [
      ['sample.location_id', (s) => { fixed32(s, 1); s.uintField(2, 5); }],
      ['sample.value', (s) => { s.uintField(1, 1); fixed32(s, 2); }],
      ['sample.label', (s) => { s.uintField(1, 1); s.uintField(2, 5); s.uintField(3, 2); }],
    ];
    for (const [field, fields] of cases) {
      assert.match(profileError(() => decodeProfile(withSample(fields), 'p.pb')).message, new RegExp(`^p\\.pb: .*${field.replace('.', '\\.')} has wire type`), field);
    }
    const valid = decodeProfile(withSample((s) => { s.uintField(1, 1); s.uintField(2, 5); }), 'p.pb');
    assert.deepEqual(Array.from(valid.samples.values), [5], 'the same sample with its wire types right decodes');
  });

  it('requires sample types and an empty first string', () => {
    const noTypes = message((w) => w.bytesField(6, new Uint8Array(0)));
    assert.match(profileError(() => decodeProfile(noTypes, 'p.pb')).message, /not a pprof profile \(no sample types\)/);
    const w = new ProtoWriter();
    w.bytesField(1, message((vt) => vt.uintField(1, 0)));
    w.bytesField(6, new TextEncoder().encode('oops'));
    assert.match(profileError(() => decodeProfile(w.bytes(), 'p.pb')).message, /string_table\[0\] must be the empty string/);
  });

  it('refuses profiles over the string, sample and size limits, naming the limit', () => {
    const bytes = gunzipSync(readFileSync(goCpu));
    const profile = decodeProfile(bytes, 'cpu.pb');
    assert.match(profileError(() => decodeProfile(bytes, 'cpu.pb', { maxStrings: 10 })).message,
      new RegExp(`^cpu\\.pb: ${profile.strings.count} strings, over the limit of 10 \\(maxStrings\\)$`));
    assert.match(profileError(() => decodeProfile(bytes, 'cpu.pb', { maxSamples: 3 })).message,
      new RegExp(`^cpu\\.pb: ${profile.samples.count} samples, over the limit of 3 \\(maxSamples\\)$`));
    assert.match(profileError(() => decodeProfile(bytes, 'cpu.pb', { maxDecompressedBytes: 1000 })).message, /over the limit of 1000 bytes \(maxDecompressedBytes\)/);
  });

  it('stops a gzip bomb at the decompressed-size limit', () => {
    // 64 concatenated gzip members of 16 MB of zeros: ~1 GB when inflated, ~1 MB on disk.
    const member = gzipSync(new Uint8Array(16 << 20));
    const bomb = Buffer.concat(Array.from({ length: 64 }, () => member));
    const before = process.memoryUsage().arrayBuffers;
    const e = profileError(() => parseProfile(bomb, 'bomb.pb.gz', { maxDecompressedBytes: 8 << 20 }));
    assert.equal(e.message, `bomb.pb.gz: decompressed profile is larger than the limit of ${8 << 20} bytes (maxDecompressedBytes)`);
    assert.ok(process.memoryUsage().arrayBuffers - before < 64 << 20, 'inflating stopped near the limit');
  });

  it('reports corrupt gzip data', () => {
    const gz = readFileSync(goCpu);
    const e = profileError(() => parseProfile(gz.subarray(0, gz.length / 2), 'half.pb.gz'));
    assert.match(e.message, /^half\.pb\.gz: truncated or corrupt gzip data \(/);
  });

  it('detects gzip by content, not by file name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'perflens-decode-'));
    const raw = gunzipSync(readFileSync(goCpu));
    writeFileSync(join(dir, 'compressed.pb'), gzipSync(raw));
    writeFileSync(join(dir, 'plain.pb.gz'), raw);
    const a = readProfileFile(join(dir, 'compressed.pb'));
    const b = readProfileFile(join(dir, 'plain.pb.gz'));
    assert.equal(a.samples.count, b.samples.count);
    assert.ok(a.samples.count > 0);
    assert.deepEqual(Array.from(a.samples.values), Array.from(b.samples.values));
  });

  it('names missing files and directories', () => {
    const dir = mkdtempSync(join(tmpdir(), 'perflens-decode-'));
    assert.equal(profileError(() => readProfileFile(join(dir, 'nope.pb.gz'))).message, `${join(dir, 'nope.pb.gz')}: no such file`);
    assert.equal(profileError(() => readProfileFile(dir)).message, `${dir}: is a directory, not a profile file`);
  });
});
