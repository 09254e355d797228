// Seeded fuzzing of the decoder and everything downstream of it: thousands of mutated and truncated profiles
// (from the real fixtures, generated production-shaped ones and random reference-encoded ones). Each one either
// decodes (and then merges and aggregates without error) or fails with a ProfileError — never another exception,
// never a hang (the test has a timeout), never unbounded memory.
//   PERFLENS_FUZZ_CASES=200000 node --import tsx --test test/unit/core/fuzz.test.ts   # a longer run
//   PERFLENS_FUZZ_SEED=42 ...                                                           # another sequence
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { generateProfile, seededRandom } from '../../../bench/profile/generate';
import { callTree } from '../../../src/core/aggregate/callTree';
import { functionTable } from '../../../src/core/aggregate/functionTable';
import { sandwich } from '../../../src/core/aggregate/sandwich';
import { topTable } from '../../../src/core/aggregate/topTable';
import { buildModel } from '../../../src/core/model/buildModel';
import { select } from '../../../src/core/query/select';
import { ProfileError } from '../../../src/core/profile/errors';
import { decodeProfile, type FrameRoom } from '../../../src/core/profile/decode';
import { gunzipIfCompressed } from '../../../src/core/profile/gunzip';
import { realProfileFixtures } from './helpers/fixtures';
import { at, mutations } from './helpers/mutations';
import { randomPprofProfile } from './helpers/randomProfile';

const CASES = Number(process.env.PERFLENS_FUZZ_CASES ?? 3000);
const SEED = Number(process.env.PERFLENS_FUZZ_SEED ?? 20240601);

function corpus(): Uint8Array[] {
  const seeds = realProfileFixtures().map((f) => new Uint8Array(gunzipSync(readFileSync(f))));
  for (let seed = 1; seed <= 4; seed++) seeds.push(generateProfile({ seed, targetBytes: 30_000, functions: 200 }).bytes.slice());
  for (let seed = 1; seed <= 8; seed++) seeds.push(new Uint8Array(randomPprofProfile({ seed }).encode()));
  return seeds;
}

const names = Object.keys(mutations);

/** Everything a user action can run on a decoded profile (its frame room sized either way: decode.ts FrameRoom). */
function useFully(bytes: Uint8Array, room: FrameRoom): void {
  const limits = { maxDecompressedBytes: 64 << 20 };
  const profile = decodeProfile(gunzipIfCompressed(bytes, 'fuzz.pb', limits.maxDecompressedBytes), 'fuzz.pb', limits, room);
  const model = buildModel([profile, profile]);
  for (let t = 0; t < model.sampleTypes.length; t++) {
    const selection = select(model, { type: t });
    for (const by of ['function', 'line', 'file'] as const) topTable(selection, by);
  }
  const selection = select(model);
  callTree(selection, { maxNodes: 256 });
  functionTable(selection);
  if (model.functions.count > 0) sandwich(selection, 0, { maxNodes: 256 });
}

describe('fuzzing the decoder', { timeout: Math.max(120_000, CASES * 20) }, () => {
  it(`${CASES} mutated or truncated profiles give a profile or a ProfileError, nothing else`, () => {
    const seeds = corpus();
    const random = seededRandom(SEED);
    const outcomes = { decoded: 0, rejected: 0 };
    let peakArrayBuffers = 0;
    for (let i = 0; i < CASES; i++) {
      const seed = seeds[at(seeds.length, random)];
      const name = names[at(names.length, random)];
      let bytes = mutations[name](seed, random);
      if (random() < 0.3) bytes = mutations[names[at(names.length, random)]](bytes, random);
      try {
        useFully(bytes, i % 2 === 0 ? 'bound' : 'exact');
        outcomes.decoded++;
      } catch (e) {
        if (!(e instanceof ProfileError)) {
          assert.fail(`case ${i} (seed ${SEED}, ${name}) threw ${(e as Error).stack ?? String(e)}`);
        }
        assert.match(e.message, /^fuzz\.pb: /);
        outcomes.rejected++;
      }
      if (i % 100 === 0) peakArrayBuffers = Math.max(peakArrayBuffers, process.memoryUsage().arrayBuffers);
    }
    assert.ok(outcomes.rejected > CASES / 10, `most mutations are caught (${JSON.stringify(outcomes)})`);
    // Inputs are at most a few hundred kB; decoding allocates in proportion to its input.
    assert.ok(peakArrayBuffers < 512 << 20, `array buffers stayed bounded (${peakArrayBuffers} bytes)`);
  });
});
