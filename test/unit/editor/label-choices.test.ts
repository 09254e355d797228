// What the label picker offers (src/editor/filters/labelChoices.ts): keys with their share and value counts, a
// key's costliest values with their share and samples, and for a key with 10^5 values its top values and a count.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { summarizeLabels } from '../../../src/core/query/labelsSummary';
import { keyChoices, summaryValues, unlistedNote, valueChoices } from '../../../src/editor/filters/labelChoices';

/** A label set table of `n` sets: set i has endpoint (one of two) and request_id i. */
function table(n: number) {
  const strings = ['', 'endpoint', 'POST /checkout', 'GET /search', 'request_id'];
  const key: number[] = [];
  const str: number[] = [];
  const start = [0];
  for (let i = 0; i < n; i++) {
    key.push(1, 4);
    str.push(i % 4 === 0 ? 3 : 2, strings.push(`r${i}`) - 1);
    start.push(key.length);
  }
  return {
    sets: { count: n, start: Int32Array.from(start), key: Int32Array.from(key), str: Int32Array.from(str), num: new Float64Array(key.length), unit: new Int32Array(key.length) },
    strings: { get: (i: number) => strings[i], count: strings.length },
  };
}

describe('label picker choices', () => {
  const n = 100_000;
  const { sets, strings } = table(n);
  const cost = Float64Array.from({ length: n }, (_, i) => (i === 7 ? 1000 : 1));
  const summary = summarizeLabels(sets as never, strings as never, cost, Float64Array.from({ length: n }, () => 1), { topValues: 20 });

  it('offers each key with how many values it has and the share of the cost on it', () => {
    const keys = keyChoices(summary, 'cpu');
    assert.deepEqual(keys.map((k) => k.key).sort(), ['endpoint', 'request_id']);
    assert.equal(keys.find((k) => k.key === 'request_id')!.description, '100,000 values · on 100.0% of cpu');
    assert.equal(keys.find((k) => k.key === 'endpoint')!.description, '2 values · on 100.0% of cpu');
  });

  it('offers a key with 10^5 values as its 20 costliest and a count, never 10^5 rows', () => {
    const list = summaryValues(summary, 'request_id');
    const rows = valueChoices(list);
    assert.equal(rows.length, 20);
    assert.equal(rows[0].value, 'r7');
    assert.match(rows[0].description!, /^1\.0% · 1 sample$/);
    assert.equal(unlistedNote(list), 'showing the top 20 of 100,000 values: match the others with a regular expression');
    assert.equal(unlistedNote(summaryValues(summary, 'endpoint')), undefined);
    assert.deepEqual(valueChoices(summaryValues(summary, 'endpoint')).map((r) => r.label), ['POST /checkout', 'GET /search']);
  });
});
