// 64-bit corner cases of profile.proto, spelled out (the differential test covers them in bulk).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProtoWriter } from '../../../src/core/profile/protoWriter';
import { decodeProfile } from '../../../src/core/profile/decode';

function message(fields: (w: ProtoWriter) => void): Uint8Array {
  const w = new ProtoWriter();
  fields(w);
  return w.bytes().slice();
}

function withStrings(w: ProtoWriter, strings: string[]): void {
  for (const s of strings) w.bytesField(6, new TextEncoder().encode(s));
}

describe('decoding 64-bit values', () => {
  it('reads negative int64 values, written as 10-byte varints, exactly', () => {
    const bytes = message((w) => {
      w.bytesField(1, message((vt) => vt.uintField(1, 1)));
      w.bytesField(2, message((s) => s.packedField(2, [-1], true)));
      w.bytesField(2, message((s) => s.packedField(2, [-(2 ** 53 - 1)], true)));
      w.intField(12, -10_000_000); // period
      withStrings(w, ['', 'cpu']);
    });
    // -1 really is 10 bytes on the wire
    assert.ok(bytes.includes(0x01) && bytes.filter((b) => b === 0xff).length >= 9);
    const p = decodeProfile(bytes, 'neg.pb');
    assert.deepEqual(Array.from(p.samples.values), [-1, -(2 ** 53 - 1)]);
    assert.equal(p.period, -10_000_000);
  });

  it('keeps ids above 2^53 apart even where doubles cannot (2^63+1 vs 2^63+2)', () => {
    const a = (1n << 63n) + 1n;
    const b = (1n << 63n) + 2n;
    assert.equal(Number(a), Number(b), 'the two ids are the same double');
    const bytes = message((w) => {
      w.bytesField(1, message((vt) => vt.uintField(1, 1)));
      for (const [id, fn] of [[a, 1], [b, 2]] as const) {
        w.bytesField(5, message((f) => {
          f.uintField(1, fn);
          f.uintField(2, fn + 1);
        }));
        w.bytesField(4, message((l) => {
          l.tag(1, 0);
          l.bigVarint(id);
          l.bytesField(4, message((line) => line.uintField(1, fn)));
        }));
      }
      w.bytesField(2, message((s) => {
        s.tag(1, 0);
        s.bigVarint(b);
        s.tag(1, 0);
        s.bigVarint(a);
        s.packedField(2, [1]);
      }));
      withStrings(w, ['', 'samples', 'first', 'second']);
    });
    const p = decodeProfile(bytes, 'ids.pb');
    const leafFunction = (i: number) => p.strings.get(p.functions.name[p.lines.function[p.locations.lineStart[p.samples.locations[i]]]]);
    assert.equal(leafFunction(0), 'second');
    assert.equal(leafFunction(1), 'first');
  });

  it('keeps 64-bit addresses and mapping bounds exact', () => {
    const bytes = message((w) => {
      w.bytesField(1, message((vt) => vt.uintField(1, 1)));
      w.bytesField(3, message((m) => {
        m.uintField(1, 1);
        m.tag(2, 0);
        m.bigVarint(0xffffffff81000000n);
        m.tag(3, 0);
        m.bigVarint(0xffffffffffffffffn);
      }));
      w.bytesField(4, message((l) => {
        l.uintField(1, 1);
        l.uintField(2, 1);
        l.tag(3, 0);
        l.bigVarint(0xffffffff81234567n);
      }));
      withStrings(w, ['', 'samples']);
    });
    const p = decodeProfile(bytes, 'addr.pb');
    assert.equal(p.locations.address[0], 0xffffffff81234567n);
    assert.equal(p.mappings.memoryStart[0], 0xffffffff81000000n);
    assert.equal(p.mappings.memoryLimit[0], 0xffffffffffffffffn);
    assert.equal(p.locations.mapping[0], 0);
  });

  it('accepts a location id list split over several packed and unpacked fields', () => {
    const bytes = message((w) => {
      w.bytesField(1, message((vt) => vt.uintField(1, 1)));
      for (const id of [5, 6, 7]) w.bytesField(4, message((l) => l.uintField(1, id)));
      w.bytesField(2, message((s) => {
        s.packedField(1, [7]);
        s.uintField(1, 5);
        s.packedField(1, [6, 7]);
        s.uintField(2, 3);
      }));
      withStrings(w, ['', 'samples']);
    });
    const p = decodeProfile(bytes, 'mixed.pb');
    assert.deepEqual(Array.from(p.samples.locations, (l) => p.locations.id[l]), [7, 5, 6, 7]);
    assert.deepEqual(Array.from(p.samples.values), [3]);
  });
});
