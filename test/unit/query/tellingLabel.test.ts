// Which label the hover breaks a function's cost down by (core/query/tellingLabel.ts), on real label sets: the
// span name of a Go service's spans (not its span ids), an endpoint beside 10^5 request ids, nothing when a filter
// pinned the only telling key to one value.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildModel } from '../../../src/core/model/buildModel';
import { readProfileFile } from '../../../src/core/profile/parse';
import type { LabelMatcher } from '../../../src/core/query/labels';
import { select } from '../../../src/core/query/select';
import { tellingLabelKey } from '../../../src/core/query/tellingLabel';

const limits = { maxDecompressedBytes: 64 << 20, maxSamples: 1e7, maxStrings: 1e6 };

describe('the most telling label', () => {
  const model = buildModel([readProfileFile(join(__dirname, '../../fixtures/spans/cpu.pb.gz'), limits)]);
  const telling = (labels: readonly LabelMatcher[] = []) => tellingLabelKey(model.labelSets, model.strings, select(model, { labels }).labelSetValue);

  it('is the span name of spans, never their ids', () => {
    assert.equal(telling(), 'span_name');
  });

  it('is none when the filter leaves one value of each key but ids', () => {
    assert.equal(telling([{ key: 'span_name', op: '=', value: 'GET /search' }]), undefined);
  });

  it('prefers a request key (endpoint) to another key with more cost, and skips a key of 10^5 values', () => {
    const strings = ['', 'endpoint', 'GET /a', 'GET /b', 'region', 'eu', 'us', 'request', ...Array.from({ length: 1000 }, (_, i) => `r${i}`)];
    const key: number[] = [];
    const str: number[] = [];
    const start = [0];
    for (let i = 0; i < 1000; i++) {
      // endpoint on half the sets; region and request on all.
      if (i % 2 === 0) key.push(1), str.push(i % 4 === 0 ? 2 : 3);
      key.push(4, 7);
      str.push(i % 3 === 0 ? 5 : 6, 8 + i);
      start.push(key.length);
    }
    const sets = { count: 1000, start: Int32Array.from(start), key: Int32Array.from(key), str: Int32Array.from(str), num: new Float64Array(key.length), unit: new Int32Array(key.length) };
    const names = { get: (i: number) => strings[i], count: strings.length };
    const cost = new Float64Array(1000).fill(1);
    assert.equal(tellingLabelKey(sets as never, names as never, cost), 'endpoint');
    cost.fill(0, 0, 1000);
    for (let i = 1; i < 1000; i += 2) cost[i] = 1;
    assert.equal(tellingLabelKey(sets as never, names as never, cost), 'region', 'without endpoint on the cost: the key on the most cost with few values');
  });
});
