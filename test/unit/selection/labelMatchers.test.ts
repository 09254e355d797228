// Label selectors as users paste them from Grafana, Pyroscope and Parca, and as links and agents send them:
// parsed to matchers, written back canonically, and applied to a profile's samples.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { filterByLabels } from '../../../src/core/selection/filterByLabels';
import { formatLabelSelector, LabelSelectorError, parseLabelSelector } from '../../../src/core/selection/labelMatchers';
import { stackProfile } from '../core/helpers/stackProfile';

describe('label selectors', () => {
  it('reads PromQL-style selectors with every operator, quoting and escapes', () => {
    assert.deepEqual(parseLabelSelector('{service_name="checkout", region=~"eu-.*",pod!="canary-1" , http.route!~`/health.*`}'), [
      { key: 'service_name', op: '=', value: 'checkout' },
      { key: 'region', op: '=~', value: 'eu-.*' },
      { key: 'pod', op: '!=', value: 'canary-1' },
      { key: 'http.route', op: '!~', value: '/health.*' },
    ]);
    assert.deepEqual(parseLabelSelector('endpoint=/checkout, span_id=abc123'), [
      { key: 'endpoint', op: '=', value: '/checkout' },
      { key: 'span_id', op: '=', value: 'abc123' },
    ]);
    assert.deepEqual(parseLabelSelector('{a="q\\"uote\\\\ \\n \\u00e9"}'), [{ key: 'a', op: '=', value: 'q"uote\\ \n é' }]);
    assert.deepEqual(parseLabelSelector('{}'), []);
  });

  it('writes a canonical form that reads back to the same matchers, whatever the values hold', () => {
    const matchers = [
      { key: 'a', op: '=' as const, value: 'x"}, b="injected' },
      { key: 'b', op: '=~' as const, value: 'line\nbreak\\d+' },
    ];
    const text = formatLabelSelector(matchers);
    assert.deepEqual(parseLabelSelector(text), matchers);
  });

  const bad: [string, RegExp][] = [
    ['{a="x"', /does not end with '}'/],
    ['{a}', /expected =, !=, =~ or !~ after 'a'/],
    ['{9a="x"}', /'9a' is not a label name/],
    ['{a="x" b="y"}', /expected ',' between matchers/],
    ['{a="unclosed}', /not closed/],
    ['{a="\\q"}', /unknown escape \\q/],
    ['{a=~"(unclosed"}', /not a valid regular expression/],
    ['{a=~"((((a{1000}){1000}){1000}){1000})"}', /too large|not a valid regular expression/],
    [`{${Array.from({ length: 40 }, (_, i) => `k${i}="v"`).join(',')}}`, /more than 32 matchers/],
    [`{a="${'x'.repeat(9000)}"}`, /over the limit/],
  ];
  for (const [text, message] of bad) {
    it(`refuses ${text.length > 40 ? `${text.slice(0, 40)}…` : text} with one clear line`, () => {
      assert.throws(() => parseLabelSelector(text), (e: unknown) => e instanceof LabelSelectorError && message.test(e.message) && !e.message.includes('\n'));
    });
  }

  const profile = stackProfile({
    samples: [
      { stack: ['checkout@a.go:1'], values: [1, 10], labels: { endpoint: '/checkout', region: 'eu-west' } },
      { stack: ['search@a.go:2'], values: [2, 20], labels: { endpoint: '/search', region: 'us-east' } },
      { stack: ['gc@runtime.go:3'], values: [4, 40] },
      { stack: ['batch@a.go:4'], values: [8, 80], labels: { endpoint: '/checkout', region: 'us-east', bytes: 4096 } },
    ],
  });
  const cpuOf = (p: typeof profile) => Array.from({ length: p.samples.count }, (_, s) => p.samples.values[s * 2 + 1]).reduce((a, b) => a + b, 0);

  it('keeps exactly the samples a selector accepts, with their labels and stacks', () => {
    const cases: [string, number][] = [
      ['{endpoint="/checkout"}', 90],
      ['{endpoint="/checkout", region=~"eu-.*"}', 10],
      ['{region!="us-east"}', 50], // a sample without the label reads as ""
      ['{endpoint=""}', 40],
      ['{endpoint=~"/(search|checkout)"}', 110],
      ['{endpoint=~"check"}', 0], // anchored, as in PromQL
      ['{bytes="4096"}', 80], // numeric labels compare as their number
    ];
    for (const [selector, cpu] of cases) {
      const r = filterByLabels(profile, parseLabelSelector(selector));
      assert.equal(cpuOf(r.profile), cpu, selector);
      assert.equal(r.of, 4);
    }
    const only = filterByLabels(profile, parseLabelSelector('{region="eu-west"}')).profile;
    assert.equal(only.samples.count, 1);
    const l = only.samples.labelStart[0];
    assert.deepEqual([only.strings.get(only.labels.key[l]), only.strings.get(only.labels.str[l])], ['endpoint', '/checkout']);
    assert.equal(only.functions.count, profile.functions.count, 'tables other than samples and labels are shared');
  });
});
