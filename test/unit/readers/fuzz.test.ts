// Seeded fuzzing of the text and JSON readers and pprof's legacy formats, and of everything downstream: mutated,
// truncated and hostile collapsed stacks, speedscope JSON, .cpuprofile and legacy profiles either read (and then
// modelled, queried and aggregated without error) or are refused with one ProfileError line — never another
// exception, never a hang (the test has a timeout).
//   PERFLENS_FUZZ_CASES=50000 node --import tsx --test test/unit/readers/fuzz.test.ts   # a longer run
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { seededRandom } from '../../../bench/profile/generate';
import { collapsed, speedscopeEvented, speedscopeSampled } from '../../../bench/readers/generate';
import { sortedRows, topTable } from '../../../src/core/aggregate/topTable';
import { buildModel } from '../../../src/core/model/buildModel';
import { ProfileError } from '../../../src/core/profile/errors';
import { select } from '../../../src/core/query/select';
import { readProfiles } from '../../../src/core/readers';
import { profilesOfType } from '../../../src/core/readers/groups';
import { at, mutations } from '../core/helpers/mutations';
import { corpusFiles } from './helpers/corpus';

const CASES = Number(process.env.PERFLENS_FUZZ_CASES ?? 2000);
const SEED = Number(process.env.PERFLENS_FUZZ_SEED ?? 20261207);
const text = (s: string) => new TextEncoder().encode(s);

function seeds(): Uint8Array[] {
  const out: Uint8Array[] = [
    collapsed(20_000, { seed: 1, functions: 300 }),
    speedscopeSampled(20_000, { seed: 2, functions: 200, profiles: 2 }),
    speedscopeEvented(400, { seed: 3, functions: 50 }),
    text(JSON.stringify({
      nodes: [
        { id: 1, callFrame: { functionName: '(root)', scriptId: '0', url: '', lineNumber: -1, columnNumber: -1 }, children: [2, 3] },
        { id: 2, callFrame: { functionName: 'main', scriptId: '1', url: 'file:///a.js', lineNumber: 3, columnNumber: 1 }, children: [4], hitCount: 2 },
        { id: 3, callFrame: { functionName: '(garbage collector)', scriptId: '0', url: '', lineNumber: -1, columnNumber: -1 }, hitCount: 1 },
        { id: 4, callFrame: { functionName: '', scriptId: '1', url: 'file:///a.js', lineNumber: 9, columnNumber: 4 }, hitCount: 3, positionTicks: [{ line: 11, ticks: 2 }, { line: 12, ticks: 1 }] },
      ],
      startTime: 100, endTime: 200, samples: [2, 4, 4, 3, 4, 2], timeDeltas: [5, 10, 10, 20, 10, 10],
    })),
  ];
  const release = join(import.meta.dirname, '../../../node_modules/speedscope/dist/release');
  out.push(readFileSync(join(release, readdirSync(release).find((f) => f.startsWith('perf-vertx-stacks'))!)).subarray(0, 40_000));
  for (const f of corpusFiles(/google\+pprof\/profile\/testdata\/(cppbench\.(cpu|heap|contention|thread)|go\.godoc\.thread|java\.(cpu|contention))$/)) out.push(readFileSync(f));
  return out;
}

/** JSON-shaped damage the byte mutations rarely make: deep nesting, huge arrays, wrong types. */
const jsonMutations: Record<string, (b: Uint8Array, r: () => number) => Uint8Array> = {
  deepNesting: (b, r) => splice(b, at(b.length, r), `${'['.repeat(1000 + at(100_000, r))}`),
  hugeArray: (b, r) => splice(b, at(b.length, r), `[${'0,'.repeat(10_000 + at(200_000, r))}0]`),
  wrongType: (b, r) => splice(b, at(b.length, r), ['"x"', 'null', '{}', '[]', '-1', '1e400', 'true'][at(7, r)]),
};

function splice(b: Uint8Array, pos: number, insert: string): Uint8Array {
  const add = text(insert);
  const out = new Uint8Array(b.length + add.length);
  out.set(b.subarray(0, pos));
  out.set(add, pos);
  out.set(b.subarray(pos), pos + add.length);
  return out;
}

/** What a user action runs on the file: every kind modelled, every sample type queried and aggregated. */
function useFully(bytes: Uint8Array): void {
  const profiles = readProfiles(bytes, 'fuzz.txt', { maxDecompressedBytes: 64 << 20 });
  for (const p of profiles) {
    const model = buildModel(profilesOfType([profiles], p.sampleTypes[0].type));
    for (let t = 0; t < model.sampleTypes.length; t++) {
      const selection = select(model, { type: t });
      for (const by of ['function-name', 'function', 'line', 'file'] as const) sortedRows(selection, topTable(selection, by), 10);
    }
  }
}

describe('fuzzing the text, JSON and legacy readers', { timeout: Math.max(180_000, CASES * 60) }, () => {
  it(`${CASES} mutated, truncated or hostile files give profiles or one ProfileError line, nothing else`, () => {
    const inputs = seeds();
    const random = seededRandom(SEED);
    const all = { ...mutations, ...jsonMutations };
    const names = Object.keys(all);
    const outcomes = { read: 0, refused: 0 };
    for (let i = 0; i < CASES; i++) {
      const name = names[at(names.length, random)];
      let bytes = all[name](inputs[at(inputs.length, random)], random);
      if (random() < 0.3) bytes = all[names[at(names.length, random)]](bytes, random);
      try {
        useFully(bytes);
        outcomes.read++;
      } catch (e) {
        if (!(e instanceof ProfileError)) assert.fail(`case ${i} (seed ${SEED}, ${name}) threw ${(e as Error).stack ?? String(e)}`);
        assert.match(e.message, /^fuzz\.txt: [^\n]+$/);
        outcomes.refused++;
      }
    }
    assert.ok(outcomes.refused > 0 && outcomes.read > 0, JSON.stringify(outcomes));
  });
});
