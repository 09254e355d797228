// The decoder against the reference, pprof-format (>= 2.3.2): every real fixture and hundreds of generated and
// re-encoded profiles are decoded by both and compared field by field (helpers/referenceCompare.ts).
import { describe, it } from 'node:test';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { relative } from 'node:path';
import { Profile as Reference } from 'pprof-format';
import { seededRandom } from '../../../bench/profile/generate';
import { decodeProfile } from '../../../src/core/profile/decode';
import { FIXTURES_DIR, realProfileFixtures } from './helpers/fixtures';
import { randomPprofProfile } from './helpers/randomProfile';
import { assertSameAsReference } from './helpers/referenceCompare';
import { shuffleTopLevel, unpackRepeated } from './helpers/protoRewrite';

/** The decoder's profile, with its frame room sized either way (decode.ts FrameRoom), field by field as pprof-format's. */
function compare(bytes: Uint8Array, referenceBytes: Uint8Array = bytes): void {
  const reference = Reference.decode(referenceBytes);
  for (const room of ['bound', 'exact'] as const) assertSameAsReference(decodeProfile(bytes, 'test.pb', undefined, room), reference);
}

describe('decodeProfile agrees with pprof-format', () => {
  for (const file of realProfileFixtures()) {
    it(`on the real fixture ${relative(FIXTURES_DIR, file)}`, () => {
      const raw = readFileSync(file);
      compare(raw[0] === 0x1f ? gunzipSync(raw) : raw);
    });
  }

  it('on 300 random profiles with sparse 64-bit ids, negative values and every field', () => {
    for (let seed = 1; seed <= 300; seed++) compare(randomPprofProfile({ seed }).encode());
  });

  it('on 50 random profiles with Go-style ids 1..n', () => {
    for (let seed = 1; seed <= 50; seed++) compare(randomPprofProfile({ seed, sequentialIds: true }).encode());
  });

  it('on unpacked repeated fields (legal, not what Go writes) as on the packed original', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const packed = randomPprofProfile({ seed }).encode();
      compare(unpackRepeated(packed), packed);
    }
    for (const file of realProfileFixtures()) {
      const packed = gunzipSync(readFileSync(file));
      compare(unpackRepeated(packed), packed);
    }
  });

  it('on a profile at any byte offset inside a larger buffer (location ids are counted four bytes at a time)', () => {
    const inputs = [...realProfileFixtures().map((file) => gunzipSync(readFileSync(file))), ...Array.from({ length: 20 }, (_, i) => randomPprofProfile({ seed: i + 1, sequentialIds: true }).encode())];
    for (const bytes of inputs) {
      for (let offset = 1; offset < 8; offset++) {
        const padded = new Uint8Array(bytes.length + 16);
        padded.set(bytes, offset);
        compare(padded.subarray(offset, offset + bytes.length), bytes);
      }
    }
  });

  it('on profiles whose top-level fields come in another order', () => {
    const random = seededRandom(7);
    for (let seed = 1; seed <= 100; seed++) compare(shuffleTopLevel(randomPprofProfile({ seed }).encode(), random));
    for (const file of realProfileFixtures()) compare(shuffleTopLevel(gunzipSync(readFileSync(file)), random));
  });
});
