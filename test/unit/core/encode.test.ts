// encodePprof: a decoded profile written back as profile.proto decodes to the same profile, and go tool pprof
// reads it with the same figures.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { decodeProfile } from '../../../src/core/profile/decode';
import { encodePprof } from '../../../src/core/profile/encode';
import { readProfileFile } from '../../../src/core/profile/parse';
import { corpusFiles } from '../readers/helpers/corpus';
import { realProfileFixtures } from './helpers/fixtures';
import { goPprofTop, goPprofUnavailable } from './helpers/goPprof';
import { sampleLines } from './helpers/profileText';

const pprofCorpus = () => corpusFiles(/\.(pb|pb\.gz|pprof)$|phlaredb\/testdata\/(heap|profile\w*)$|pprof\/testdata\/(heap|heap_delta|profile_\w+)$/)
  .filter((f) => {
    try {
      readProfileFile(f);
      return true;
    } catch {
      return false; // legacy formats and deliberately broken files: not what this test is about
    }
  });

describe('encodePprof', () => {
  it('round-trips every real pprof profile: same header, same samples', () => {
    const files = [...realProfileFixtures(), ...pprofCorpus()];
    assert.ok(files.length > 40, `only ${files.length} profiles`);
    for (const file of files) {
      const original = readProfileFile(file);
      const again = decodeProfile(encodePprof(original), 'again.pb');
      for (const key of ['sampleTypes', 'periodType', 'period', 'timeNanos', 'durationNanos', 'defaultSampleType', 'dropFrames', 'keepFrames', 'comments', 'docUrl'] as const) {
        assert.deepEqual(again[key], original[key], `${file}: ${key}`);
      }
      assert.deepEqual(sampleLines(again), sampleLines(original), file);
      assert.equal(again.mappings.count, original.mappings.count, file);
    }
  });

  it('writes what go tool pprof reads with the same figures', { skip: goPprofUnavailable() }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'perflens-encode-'));
    for (const file of realProfileFixtures().slice(0, 3)) {
      const profile = readProfileFile(file);
      const written = join(dir, 'again.pb');
      writeFileSync(written, encodePprof(profile));
      const type = profile.sampleTypes[profile.sampleTypes.length - 1];
      assert.deepEqual(goPprofTop([written], type.type, type.unit, 'filefunctions'), goPprofTop([file], type.type, type.unit, 'filefunctions'), file);
    }
  });
});
