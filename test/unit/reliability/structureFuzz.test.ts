// Structure-aware fuzzing of the decoder (test/unit/core/fuzz.test.ts mutates bytes of real profiles; this one
// generates profile.proto messages field by field): random ids that collide, are zero or point nowhere, string
// indices past the table, packed and unpacked repeated fields, wrong wire types, unknown fields, negative and
// 64-bit values, empty and nested-garbage submessages. Every case either decodes and then goes through merge,
// top and the call tree, or is refused with a one-line ProfileError naming the file — nothing else.
//   PERFLENS_FUZZ_CASES=100000 node --import tsx --test test/unit/reliability/structureFuzz.test.ts   # longer
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { ProtoWriter } from '../../../src/core/profile/protoWriter';
import { seededRandom } from '../../../bench/profile/generate';
import { callTree } from '../../../src/core/aggregate/callTree';
import { topTable } from '../../../src/core/aggregate/topTable';
import { buildModel } from '../../../src/core/model/buildModel';
import { profileLabels } from '../../../src/core/model/profileLabels';
import { select } from '../../../src/core/query/select';
import { ProfileError } from '../../../src/core/profile/errors';
import { parseProfile } from '../../../src/core/profile/parse';

const CASES = Number(process.env.PERFLENS_FUZZ_CASES ?? 4000);
const SEED = Number(process.env.PERFLENS_FUZZ_SEED ?? 7_340_033);

function generate(random: () => number): Uint8Array {
  const int = (n: number) => Math.floor(random() * n);
  const chance = (p: number) => random() < p;
  // Half the cases are well-formed (so decoding goes deep), half carry faults at a low rate per field.
  const hostile = chance(0.5);
  const ok = (p: number) => !hostile || chance(p);
  const strings = 1 + int(12);
  const functions = int(8);
  const locations = int(10);
  // Ids: mostly 1..n, sometimes 0, a collision, a huge one or one past the end.
  const id = (i: number, n: number) => (ok(0.97) ? i + 1 : pick([0, 1, n + 1, 2 ** 53 + 2, int(n + 2)]));
  const ref = (n: number) => (ok(0.97) ? 1 + int(Math.max(1, n)) : pick([0, n + 1, 2 ** 40, 2 ** 64 - 1]));
  const str = () => (ok(0.99) ? int(strings) : pick([strings, strings + 1000, 2 ** 31, -1]));
  function pick<T>(xs: T[]): T {
    return xs[int(xs.length)];
  }
  const value = () => (ok(0.9) ? int(1e6) : pick([-1, -(2 ** 40), 2 ** 53, 2 ** 63, 0]));
  const numbers = (n: number, f: () => number) => Array.from({ length: n }, f);

  const w = new ProtoWriter(1024);
  const sub = (field: number, fill: (m: ProtoWriter) => void) => {
    const m = new ProtoWriter(64);
    fill(m);
    w.bytesField(field, m.bytes());
  };
  const repeated = (m: ProtoWriter, field: number, xs: number[]) => {
    if (chance(0.7)) m.packedField(field, xs, true);
    else for (const x of xs) { m.tag(field, 0); m.signed(x); }
  };
  const types = hostile ? int(4) : 1 + int(3); // zero sample types is invalid, and tested
  for (let t = 0; t < types; t++) sub(1, (m) => { m.uintField(1, str()); m.uintField(2, str()); });
  for (let f = 0; f < functions; f++) {
    sub(5, (m) => { m.uintField(1, id(f, functions)); m.uintField(2, str()); m.uintField(3, str()); m.uintField(4, str()); m.intField(5, value()); });
  }
  if (chance(0.3)) sub(3, (m) => { m.uintField(1, 1); m.uintField(2, int(1000)); m.uintField(3, int(1e6)); m.uintField(5, str()); });
  for (let l = 0; l < locations; l++) {
    sub(4, (m) => {
      m.uintField(1, id(l, locations));
      if (hostile && chance(0.2)) m.uintField(2, ref(1));
      m.uintField(3, int(2 ** 32));
      for (let k = int(4); k > 0; k--) {
        const line = new ProtoWriter(16);
        line.uintField(1, ref(functions));
        line.intField(2, value());
        if (chance(0.2)) line.intField(3, value());
        m.bytesField(4, line.bytes());
      }
    });
  }
  for (let s = int(12); s > 0; s--) {
    sub(2, (m) => {
      repeated(m, 1, numbers(int(8), () => ref(locations)));
      repeated(m, 2, numbers(ok(0.97) ? types : int(4), value));
      for (let k = int(3); k > 0; k--) {
        const label = new ProtoWriter(16);
        label.uintField(1, str());
        if (chance(0.5)) label.uintField(2, str());
        else { label.intField(3, value()); label.uintField(4, str()); }
        m.bytesField(3, label.bytes());
      }
    });
  }
  if (chance(0.3)) { w.tag(9, 0); w.signed(value()); }
  if (chance(0.3)) sub(11, (m) => { m.uintField(1, str()); m.uintField(2, str()); });
  if (chance(0.2)) repeated(w, 13, numbers(int(3), str));
  if (chance(0.2)) w.uintField(14, str());
  if (chance(0.1)) { w.tag(100 + int(1000), 0); w.varint(int(1e9)); } // unknown field: skipped
  if (hostile && chance(0.1)) { w.tag(1 + int(15), pick([1, 5, 3, 4, 6, 7])); w.varint(int(100)); } // wrong or deprecated wire type
  if (hostile && chance(0.1)) sub(pick([2, 4, 5]), (m) => m.raw(Uint8Array.from(numbers(int(20), () => int(256))))); // garbage inside
  const first = ok(0.95) ? '' : 'not-empty';
  w.bytesField(6, new TextEncoder().encode(first));
  for (let i = 1; i < strings; i++) {
    const text = pick(['main', 'pkg.(*T).Method', '/src/app/a.go', '', 'service_name', 'ünï\u202e', '\ud800', 'x'.repeat(int(300))]);
    w.bytesField(6, new TextEncoder().encode(text));
  }
  const bytes = w.bytes().slice();
  return chance(0.2) ? gzipSync(bytes) : bytes;
}

function useFully(bytes: Uint8Array): void {
  const profile = parseProfile(bytes, 'gen.pb', { maxDecompressedBytes: 16 << 20 });
  const model = buildModel([profile]);
  for (let t = 0; t < model.sampleTypes.length; t++) topTable(select(model, { type: t }), 'line');
  callTree(select(model));
  profileLabels(model);
}

describe('structure-aware decoder fuzzing', { timeout: Math.max(60_000, CASES * 20) }, () => {
  it(`${CASES} generated profiles: decoded and used, or one ProfileError naming the file`, (t) => {
    const random = seededRandom(SEED);
    const outcomes = { decoded: 0, rejected: 0 };
    const reasons = new Map<string, number>();
    for (let i = 0; i < CASES; i++) {
      const bytes = generate(random);
      try {
        useFully(bytes);
        outcomes.decoded++;
      } catch (e) {
        if (!(e instanceof ProfileError)) assert.fail(`case ${i} (seed ${SEED}) threw ${(e as Error).stack ?? String(e)}`);
        assert.match(e.message, /^gen\.pb: /);
        assert.ok(!e.message.includes('\n'));
        outcomes.rejected++;
        const reason = e.reason.replace(/\d+/g, 'N').slice(0, 60);
        reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      }
    }
    t.diagnostic(`${CASES} cases (seed ${SEED}): ${JSON.stringify(outcomes)}; ${reasons.size} distinct refusals`);
    // The generator is tuned so both outcomes are common; a generator that only makes garbage tests nothing.
    assert.ok(outcomes.decoded > CASES / 20, JSON.stringify(outcomes));
    assert.ok(outcomes.rejected > CASES / 20, JSON.stringify(outcomes));
    assert.ok(reasons.size >= 8, [...reasons.keys()].join('\n'));
  });
});
