// The pull JSON reader's numbers are read from the bytes: each must be the double JSON.parse gives.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JsonReader } from '../../../src/core/readers/json/jsonReader';
import { seededRandom } from '../../../bench/profile/generate';

function numbers(texts: readonly string[]): number[] {
  const reader = new JsonReader(new TextEncoder().encode(`[${texts.join(',')}]`));
  const out: number[] = [];
  reader.beginArray();
  while (reader.hasNext()) out.push(reader.number());
  return out;
}

describe('JSON reader numbers', () => {
  it('reads every number as JSON.parse does: integers, fractions of any length, exponents, signs', () => {
    const rand = seededRandom(7);
    const texts = ['0', '-0', '-0.0', '7', '1.5', '0.1', '0.3', '2.675', '123456789.123456789', '9007199254740991',
      '9007199254740993', '900719925474099.7', '0.000001', '1e3', '1.5E-7', '-2.5e+10', '3.14159265358979323846',
      '0.1000000000000000055511151231257827', '12345678901234567890.5', '1.00000000000000000000001'];
    for (let i = 0; i < 2000; i++) {
      const digits = Math.floor(rand() * 12);
      const int = Math.floor(rand() * 10 ** digits);
      const frac = String(Math.floor(rand() * 10 ** (1 + Math.floor(rand() * 18)))).padStart(1 + Math.floor(rand() * 4), '0');
      texts.push(`${rand() < 0.2 ? '-' : ''}${int}.${frac}`);
    }
    const ours = numbers(texts);
    texts.forEach((t, i) => assert.ok(Object.is(ours[i], JSON.parse(t)), `${t}: ${ours[i]} vs ${JSON.parse(t)}`));
  });
});
