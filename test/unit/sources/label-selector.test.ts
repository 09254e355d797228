// Label selectors: values are quoted so that they select exactly themselves and never inject another matcher.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { labelSelector, quoteLabelValue } from '../../../src/sources/label-selector';
import { parseSelector } from './helpers/selector';

describe('label selectors', () => {
  it('writes {name="value",...} in order', () => {
    assert.equal(labelSelector([['service_name', 'checkout'], ['service_git_ref', '3f2c1ab']]), '{service_name="checkout",service_git_ref="3f2c1ab"}');
  });

  it('escapes quotes, backslashes and newlines so the parser reads back the same value', () => {
    const nasty = ['a"b', 'c\\d', 'line1\nline2', 'x",evil="1', 'tab\there', 'ünïcode ✓', '\\"'];
    for (const v of nasty) {
      const sel = labelSelector([['service_name', v], ['version', 'v1']]);
      assert.deepEqual(Object.fromEntries(parseSelector(sel)), { service_name: v, version: 'v1' }, sel);
    }
    assert.equal(quoteLabelValue('x",evil="1'), '"x\\",evil=\\"1"');
  });

  it('refuses names that are not label names', () => {
    for (const bad of ['', '1abc', 'service-name', 'a b', 'x"}']) assert.throws(() => labelSelector([[bad, 'v']]), /not a valid label name/);
  });
});
