// The readers' string interner reads four bytes at a time: strings that differ only in a partial last word, or
// that sit at any offset of their array, must still be told apart and found again, whichever way they come in.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StringInterner } from '../../../src/core/readers/build/stringInterner';

const encoder = new TextEncoder();

/** Every string of length 0..9 over "ab", and a few with non-ASCII characters. */
function strings(): string[] {
  const out = [''];
  let level = [''];
  for (let n = 1; n <= 9; n++) {
    level = level.flatMap((s) => [`${s}a`, `${s}b`]);
    out.push(...level);
  }
  return [...out, 'é', 'aé', 'naïve;frame', '日本語のフレーム', 'emoji 🔥 frame'];
}

describe('string interner', () => {
  it('gives each distinct string one index, from bytes at any offset or from a JS string, and keeps them all', () => {
    const all = strings();
    const interner = new StringInterner('test', 1e6);
    const first = all.map((s) => interner.intern(s));
    assert.equal(new Set(first).size, all.length, 'distinct strings have distinct indices');
    assert.equal(first[0], 0, '"" is string 0');
    for (let offset = 0; offset < 5; offset++) {
      // All strings in one array, each after `offset` filler bytes, as a reader hands over ranges of its input.
      const parts: number[][] = all.map((s) => [...new Array<number>(offset).fill(0x3b), ...encoder.encode(s)]);
      const bytes = Uint8Array.from(parts.flat());
      let at = 0;
      parts.forEach((part, i) => {
        const start = at + offset;
        at += part.length;
        assert.equal(interner.internBytes(bytes, start, at), first[i], `${JSON.stringify(all[i])} at offset ${offset}`);
      });
    }
    assert.equal(interner.count, all.length);
    const table = interner.table();
    all.forEach((s, i) => assert.equal(table.get(first[i]), s));
  });
});
