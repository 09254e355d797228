// Label selectors: values are quoted so that they select exactly themselves and never inject another matcher;
// names outside the classic grammar are quoted (Prometheus 3), classic ones stay bare for older servers; every
// operator of the label filter language. The real servers read these in test/peers (hostile values and label
// filters against Pyroscope and Parca).
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { quoteGoString as quoteLabelValue } from '../../../src/core/query/labels';
import { equalTo, labelSelector } from '../../../src/sources/label-selector';
import { parseMatchers, parseSelector } from './helpers/selector';

describe('label selectors', () => {
  it('writes {name="value",...} in order, classic names bare', () => {
    assert.equal(labelSelector(equalTo(['service_name', 'checkout'], ['service_git_ref', '3f2c1ab'])), '{service_name="checkout",service_git_ref="3f2c1ab"}');
    assert.equal(labelSelector([]), '{}');
  });

  it('escapes quotes, backslashes, newlines and control characters so the parser reads back the same value', () => {
    const nasty = ['a"b', 'c\\d', 'line1\nline2', 'x",evil="1', 'tab\there', 'ünïcode ✓', '\\"', 'nul\u0000bell\u0007', 'cr\rlf', '}', '"}'];
    for (const v of nasty) {
      const sel = labelSelector(equalTo(['service_name', v], ['version', 'v1']));
      assert.ok(!/[\n\r\u0000-\u001f]/.test(sel), `raw control character in ${JSON.stringify(sel)}`);
      assert.deepEqual(Object.fromEntries(parseSelector(sel)), { service_name: v, version: 'v1' }, sel);
    }
    assert.equal(quoteLabelValue('x",evil="1'), '"x\\",evil=\\"1"');
  });

  it('escapes U+FFFD, which the Prometheus lexer takes for invalid UTF-8, and turns lone surrogates into it', () => {
    assert.equal(quoteLabelValue('a\uFFFDb'), '"a\\ufffdb"');
    assert.equal(quoteLabelValue('x\uD800y'), '"x\\ufffdy"');
    assert.equal(quoteLabelValue('pair 😀'), '"pair 😀"');
  });

  it('quotes names outside the classic grammar (service.version) and reads them back', () => {
    const sel = labelSelector(equalTo(['service_name', 'api'], ['service.version', '1.2'], ['k8s.pod"x', 'p']));
    assert.equal(sel, '{service_name="api","service.version"="1.2","k8s.pod\\"x"="p"}');
    assert.deepEqual(Object.fromEntries(parseSelector(sel)), { service_name: 'api', 'service.version': '1.2', 'k8s.pod"x': 'p' });
    for (const name of ['1abc', 'service-name', 'a b', 'x"}']) assert.deepEqual([...parseSelector(labelSelector(equalTo([name, 'v']))).keys()], [name]);
  });

  it('writes every operator of a label filter, hostile values as data', () => {
    const matchers = [
      { key: 'service_name', op: '=', value: 'shop' },
      { key: 'endpoint', op: '!=', value: 'GET /x"}, a="b' },
      { key: 'http.route', op: '=~', value: '/api/.*\\n{1,2}' },
      { key: 'pod', op: '!~', value: 'canary-\n}' },
    ] as const;
    const sel = labelSelector(matchers);
    assert.ok(!/[\n\r]/.test(sel), 'one line');
    assert.deepEqual(parseMatchers(sel), matchers.map((m) => ({ name: m.key, op: m.op, value: m.value })));
  });

  it('refuses an empty label name', () => {
    assert.throws(() => labelSelector(equalTo(['', 'v'])), /cannot be empty/);
  });
});
