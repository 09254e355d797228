// The worker's memo of flat and cum gives, for every filter change, exactly what the whole pass gives: on a real Go
// CPU profile with pprof.Do labels, through a sequence of label and frame filters as a person would apply them
// (narrowing, widening, clearing, back again), and with values whose sums are not exact in float64.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flatCum, frameFlatCum } from '../../../src/core/aggregate/flatCum';
import { FlatCumMemo } from '../../../src/core/aggregate/flatCumMemo';
import { functionTable } from '../../../src/core/aggregate/functionTable';
import { buildModel } from '../../../src/core/model/buildModel';
import { readProfileFile } from '../../../src/core/profile/parse';
import { parseLabelFilter } from '../../../src/core/query/labels';
import { select } from '../../../src/core/query/select';
import type { ProfileQuery } from '../../../src/core/query/types';
import { corpusFile, corpusUnavailable } from './helpers/corpus';

function assertSame(actual: Float64Array, expected: Float64Array, what: string): void {
  assert.equal(actual.length, expected.length, what);
  for (let k = 0; k < expected.length; k++) if (actual[k] !== expected[k]) assert.fail(`${what}: key ${k} is ${actual[k]}, the whole pass gives ${expected[k]}`);
}

describe('flat and cum from the memo of earlier selections', () => {
  it('equal the whole pass through a sequence of filter changes on a labelled Go profile', { skip: corpusUnavailable() }, () => {
    const model = buildModel([readProfileFile(corpusFile('grafana+pyroscope/pkg/pprof/testdata/go.cpu.labels.pprof'))]);
    const flatCums = new FlatCumMemo();
    const queries: ProfileQuery[] = [
      {},
      { labels: parseLabelFilter('function="slow"') },
      { labels: parseLabelFilter('function!="slow"') },
      { labels: parseLabelFilter('profile_id=~"c.*"') },
      { frames: { focus: 'main' } },
      { frames: { ignore: 'runtime' } },
      {},
      { labels: parseLabelFilter('function="fast"'), frames: { ignore: 'runtime' } },
      { labels: parseLabelFilter('function="slow"') },
      { type: 'samples' },
      {},
    ];
    let reused = 0;
    for (const query of queries) {
      const what = JSON.stringify(query);
      const remembered = select(model, query, { flatCums });
      const plain = select(model, query);
      assert.equal(remembered.stacks, model.stacks, 'label filters, focus and ignore sum into the model\'s stacks');
      const fromMemo = functionTable(remembered, false);
      const whole = flatCum(plain.stacks, plain.value, plain.frames.function, plain.functions.count);
      assertSame(fromMemo.flat, whole.flat, `${what} flat`);
      assertSame(fromMemo.cum, whole.cum, `${what} cum`);
      assert.equal(fromMemo.total, whole.total, `${what} total`);
      const frames = frameFlatCum(remembered);
      const wholeFrames = frameFlatCum(plain);
      assertSame(frames.cum, wholeFrames.cum, `${what} cum per frame`);
      // The same selection again is the kept result itself.
      if (functionTable(select(model, query, { flatCums }), false).cum === fromMemo.cum) reused++;
    }
    assert.equal(reused, queries.length, 'asking again reuses the result');
  });

  it('takes the whole pass when values are not whole numbers (their sums depend on the order)', () => {
    const stacks = { count: 3, start: Int32Array.from([0, 2, 4, 5]), frames: Int32Array.from([0, 1, 0, 2, 1]) };
    const keyOfFrame = Int32Array.from([0, 1, 1]);
    const memo = new FlatCumMemo();
    memo.flatCum(stacks, Float64Array.from([0.1, 0.2, 0.3]), keyOfFrame, 2, 'k');
    const next = Float64Array.from([0.1, 0.7, 0.3]);
    const got = memo.flatCum(stacks, next, keyOfFrame, 2, 'k');
    const whole = flatCum(stacks, next, keyOfFrame, 2);
    assertSame(got.flat, whole.flat, 'flat');
    assertSame(got.cum, whole.cum, 'cum');
    // Whole numbers, negative ones included (a diff profile), from the nearest kept value.
    memo.flatCum(stacks, Float64Array.from([5, -3, 2]), keyOfFrame, 2, 'k');
    const changed = Float64Array.from([5, -3, 9]);
    const delta = memo.flatCum(stacks, changed, keyOfFrame, 2, 'k');
    const expected = flatCum(stacks, changed, keyOfFrame, 2);
    assertSame(delta.flat, expected.flat, 'flat from a kept value');
    assertSame(delta.cum, expected.cum, 'cum from a kept value');
    assert.equal(delta.total, 17);
    // Another kind of key over the same stacks is its own result.
    const other = memo.flatCum(stacks, changed, Int32Array.from([0, 0, 0]), 1, 'one key');
    assert.deepEqual([...other.cum], [11]);
  });
});
