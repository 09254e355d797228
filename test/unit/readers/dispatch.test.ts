// readProfiles: the format comes from the content, whatever the file is called; a file that is no profile gets one
// line saying what it looks like and what PerfLens reads.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import { ProfileError } from '../../../src/core/profile/errors';
import { readProfileFile } from '../../../src/core/profile/parse';
import { readProfiles } from '../../../src/core/readers';
import { realProfileFixtures } from '../core/helpers/fixtures';

function refusal(run: () => unknown): ProfileError {
  try {
    run();
  } catch (e) {
    assert.ok(e instanceof ProfileError, `expected a ProfileError, got ${String(e)}`);
    assert.ok(!/[\r\n]/.test(e.message), `one line: ${JSON.stringify(e.message)}`);
    return e;
  }
  assert.fail('expected the input to be refused');
}

const total = (values: Float64Array, stride: number, t: number) => {
  let sum = 0;
  for (let i = t; i < values.length; i += stride) sum += values[i];
  return sum;
};

describe('readProfiles', () => {
  const dir = mkdtempSync(join(tmpdir(), 'perflens-readers-'));

  it('reads every pprof fixture as the pprof decoder does, from a path or from bytes', () => {
    for (const file of realProfileFixtures()) {
      const expected = readProfileFile(file);
      for (const profiles of [readProfiles(file), readProfiles(readFileSync(file), 'bytes')]) {
        assert.equal(profiles.length, 1, file);
        const [p] = profiles;
        assert.deepEqual(p.sampleTypes, expected.sampleTypes, file);
        assert.equal(p.samples.count, expected.samples.count, file);
        for (let t = 0; t < p.sampleTypes.length; t++) {
          assert.equal(total(p.samples.values, p.sampleTypes.length, t), total(expected.samples.values, expected.sampleTypes.length, t), file);
        }
      }
    }
  });

  it('detects the format from the content, not the name', () => {
    const [file] = realProfileFixtures();
    const named = join(dir, 'notes.txt');
    writeFileSync(named, gunzipSync(readFileSync(file)));
    assert.equal(readProfiles(named)[0].samples.count, readProfileFile(file).samples.count);
    copyFileSync(file, join(dir, 'compressed.json'));
    assert.equal(readProfiles(join(dir, 'compressed.json'))[0].samples.count, readProfileFile(file).samples.count);
  });

  it('says what a file that is no profile looks like, and what is accepted', () => {
    const cases: [string, Uint8Array, RegExp][] = [
      ['empty.pb', new Uint8Array(0), /an empty file/],
      ['login.pb.gz', new TextEncoder().encode('<!DOCTYPE html><html><body>Sign in</body></html>'), /an HTML page/],
      ['trace.txt', new TextEncoder().encode('Traceback (most recent call last):\n  File "x.py"'), /text starting "Traceback \(most recent call last\):"/],
      ['archive.zip', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), /a ZIP archive/],
      ['random.bin', new Uint8Array([0x00, 0x07, 0xff, 0x80, 0x11]), /binary data starting 00 07 ff 80 11/],
      ['double.gz', gzipSync(gzipSync(new Uint8Array([1, 2, 3]))), /gzip inside gzip/],
    ];
    for (const [name, bytes, what] of cases) {
      const e = refusal(() => readProfiles(bytes, name));
      assert.equal(e.source, name);
      assert.match(e.message, what, name);
      if (!/gzip inside gzip/.test(e.message)) assert.match(e.message, /It reads pprof protobuf/, name);
    }
  });

  it('names the file and the problem when it cannot be read', () => {
    assert.equal(refusal(() => readProfiles(join(dir, 'missing.pb.gz'))).message, `${join(dir, 'missing.pb.gz')}: no such file`);
    assert.equal(refusal(() => readProfiles(dir)).message, `${dir}: is a directory, not a profile file`);
    const fifo = join(dir, 'pipe.pb');
    execFileSync('mkfifo', [fifo]);
    assert.equal(refusal(() => readProfiles(fifo)).message, `${fifo}: is not a regular file`);
  });

  it('refuses bytes over the size limit before reading them', () => {
    const [file] = realProfileFixtures();
    assert.match(refusal(() => readProfiles(file, file, { maxDecompressedBytes: 100 })).message, /over the limit of 100 bytes \(maxDecompressedBytes\)/);
  });
});
