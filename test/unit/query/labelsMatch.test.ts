// Label matchers evaluated per label set: Prometheus semantics (missing label = ""), several values per key,
// numeric labels, and the bounds on regular expressions a profile's values cannot defeat.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StringTable } from '../../../src/core/profile/stringTable';
import { FilterError } from '../../../src/core/query/filtersError';
import { parseLabelFilter } from '../../../src/core/query/labels';
import type { LabelSetTable } from '../../../src/core/model/types';
import { matchLabelSets } from '../../../src/core/query/labelsMatch';

type Label = [key: string, value: string | number, unit?: string];

/** Label sets from readable lists (string values as strings, numeric ones as numbers). */
function labelSets(sets: readonly (readonly Label[])[]): { table: LabelSetTable; strings: StringTable } {
  const strings = StringTable.fromStrings(['']);
  const start = [0];
  const key: number[] = [];
  const str: number[] = [];
  const num: number[] = [];
  const numUnit: number[] = [];
  for (const set of sets) {
    for (const [k, v, unit] of set) {
      key.push(strings.intern(k));
      str.push(typeof v === 'string' ? strings.intern(v) : 0);
      num.push(typeof v === 'number' ? v : 0);
      numUnit.push(unit ? strings.intern(unit) : 0);
    }
    start.push(key.length);
  }
  return {
    strings,
    table: { count: sets.length, start: Int32Array.from(start), key: Int32Array.from(key), str: Int32Array.from(str), num: Float64Array.from(num), unit: Int32Array.from(numUnit) },
  };
}

const SETS: Label[][] = [
  [['endpoint', 'POST /checkout'], ['region', 'eu-west-1']],
  [['endpoint', 'GET /search'], ['region', 'us-east-1']],
  [['endpoint', 'GET /search'], ['endpoint', 'POST /checkout']],
  [['region', 'eu-north-1'], ['bytes', 4096, 'bytes']],
  [],
];

function passing(filter: string, sets: Label[][] = SETS): number[] {
  const { table, strings } = labelSets(sets);
  const { pass } = matchLabelSets(table, strings, parseLabelFilter(filter));
  return [...pass.keys()].filter((s) => pass[s] === 1);
}

describe('label matchers on label sets', () => {
  it('= and != compare whole values; a missing label is ""', () => {
    assert.deepEqual(passing('endpoint="POST /checkout"'), [0, 2]);
    assert.deepEqual(passing('endpoint!="POST /checkout"'), [1, 3, 4], 'samples without the label pass !=');
    assert.deepEqual(passing('endpoint=""'), [3, 4], 'key="" keeps the samples without the key');
    assert.deepEqual(passing('endpoint!=""'), [0, 1, 2]);
    assert.deepEqual(passing('endpoint=POST'), [], 'no partial matches');
  });

  it('=~ and !~ match the whole value, as Prometheus anchors them', () => {
    assert.deepEqual(passing('region=~"eu-.*"'), [0, 3]);
    assert.deepEqual(passing('region=~"eu"'), [], 'anchored');
    assert.deepEqual(passing('region!~"eu-.*"'), [1, 2, 4]);
    assert.deepEqual(passing('region=~".*"'), [0, 1, 2, 3, 4], '.* matches the missing label too');
    assert.deepEqual(passing('region=~".+"'), [0, 1, 3]);
    assert.deepEqual(passing('endpoint=~"a)|(b"'), [], 'the pattern is pasted into ^(?s:…)$ as text, as Prometheus does');
    assert.deepEqual(passing('x=~"a.b"', [[['x', 'a\nb']]]), [0], '(?s): . matches a newline');
  });

  it('several values for one key: = passes when one does, != exactly when = does not', () => {
    assert.deepEqual(passing('endpoint="GET /search"'), [1, 2]);
    assert.deepEqual(passing('endpoint!="GET /search"'), [0, 3, 4]);
    assert.deepEqual(passing('endpoint!~"GET.*"'), [0, 3, 4]);
  });

  it('matchers combine with and; a numeric label reads as its number', () => {
    assert.deepEqual(passing('region=~"eu-.*", endpoint!=""'), [0]);
    assert.deepEqual(passing('bytes=4096'), [3]);
    assert.deepEqual(passing('bytes=~"4[0-9]+"'), [3]);
    assert.deepEqual(passing(''), [0, 1, 2, 3, 4]);
  });

  it('evaluates each distinct value once, not once per label set', () => {
    const sets: Label[][] = Array.from({ length: 20_000 }, (_, i) => [['endpoint', `/e${i % 7}`], ['span_id', String(i)]]);
    const { table, strings } = labelSets(sets);
    const { passing: count } = matchLabelSets(table, strings, parseLabelFilter('endpoint=~"/e[0-2]"'));
    assert.equal(count, sets.filter((_, i) => i % 7 <= 2).length);
  });

  it('a value too long to match within bounds counts as not matching, with a note', () => {
    const { table, strings } = labelSets([[['q', 'x'.repeat(2_000_000)]], [['q', 'xy']]]);
    const r = matchLabelSets(table, strings, parseLabelFilter('q=~"(x|y){1,100}"'));
    assert.deepEqual([...r.pass], [0, 1]);
    assert.match(r.notes.join('\n'), /label filter q=~"\(x\|y\)\{1,100\}": 1 label value was too long to match and counted as not matching/);
  });

  it('matching past its work budget is refused with a clear error', () => {
    const { table, strings } = labelSets([[['q', 'abc']]]);
    assert.throws(() => matchLabelSets(table, strings, parseLabelFilter('q=~"a.*"'), 0), (e: unknown) => e instanceof FilterError && /label filter q=~"a\.\*": matching "a\.\*" needs more than 0 steps \(text length × \d+ instructions\); simplify the regular expression/.test(e.message));
  });
});
