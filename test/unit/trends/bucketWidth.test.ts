// A sparkline's buckets: the narrowest round width that splits the history into at most the wanted number, and
// the caption's span in words.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bucketWidthFor, describeSpan } from '../../../src/core/trends/bucketWidth';

const S = 1000;
const H = 3600 * S;
const D = 24 * H;

describe('bucketWidthFor / describeSpan', () => {
  it('14 days in day buckets, 6 hours in hours, a demo\'s 40 seconds in 5-second buckets', () => {
    assert.equal(bucketWidthFor(14 * D, 14), D);
    assert.equal(bucketWidthFor(14 * D + 1, 14), 7 * D, 'a little over 14 days needs the next width up');
    assert.equal(bucketWidthFor(6 * H, 14), H);
    assert.equal(bucketWidthFor(40 * S, 14), 5 * S);
    assert.equal(bucketWidthFor(100 * D, 14), 7 * D, 'the widest width when none fits');
    assert.equal(bucketWidthFor(0, 14), 5 * S);
  });

  it('says the span in its largest whole unit', () => {
    assert.equal(describeSpan(14 * D), '14 days');
    assert.equal(describeSpan(D), '1 day');
    assert.equal(describeSpan(6 * H), '6 hours');
    assert.equal(describeSpan(90 * S), '2 minutes');
    assert.equal(describeSpan(40 * S), '40 seconds');
    assert.equal(describeSpan(200), '1 second');
  });
});
