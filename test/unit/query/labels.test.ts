// The label filter language: what a person types, what it means, what it prints back, and the message for what
// cannot be read.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FilterError } from '../../../src/core/query/filtersError';
import { formatLabelFilter, parseLabelFilter, quoteGoString, type LabelMatcher } from '../../../src/core/query/labels';

const m = (key: string, op: LabelMatcher['op'], value: string): LabelMatcher => ({ key, op, value });

function parseError(text: string): string {
  try {
    parseLabelFilter(text);
  } catch (e) {
    assert.ok(e instanceof FilterError, `FilterError, not ${String(e)}`);
    assert.ok(!e.message.includes('\n'), 'one line');
    return e.message;
  }
  assert.fail(`${JSON.stringify(text)} parsed`);
}

describe('label filter text', () => {
  it('reads the four operators, bare and quoted values, with or without braces', () => {
    assert.deepEqual(parseLabelFilter('endpoint=POST /checkout'), [m('endpoint', '=', 'POST /checkout')]);
    assert.deepEqual(parseLabelFilter('  region != us-east-1 , pod=~"canary-.*",zone!~`eu-(west|north)-\\d`  '), [
      m('region', '!=', 'us-east-1'), m('pod', '=~', 'canary-.*'), m('zone', '!~', 'eu-(west|north)-\\d'),
    ]);
    assert.deepEqual(parseLabelFilter('{service_name="shop", "http.route"=\'/api/{id}\'}'), [m('service_name', '=', 'shop'), m('http.route', '=', '/api/{id}')]);
    assert.deepEqual(parseLabelFilter('"thread name"=main, span_id='), [m('thread name', '=', 'main'), m('span_id', '=', '')]);
    assert.deepEqual(parseLabelFilter(''), []);
    assert.deepEqual(parseLabelFilter(' {} '), []);
    assert.deepEqual(parseLabelFilter('a=1,'), [m('a', '=', '1')], 'a trailing comma is fine');
  });

  it('reads Go escapes in double-quoted values', () => {
    assert.deepEqual(parseLabelFilter('q="say \\"hi\\"\\n\\ttab \\\\ \\x41\\u00e9\\U0001F600\\101"'), [m('q', '=', 'say "hi"\n\ttab \\ Aé😀A')]);
  });

  it('writes one canonical form, a Prometheus selector, that reads back as the same matchers', () => {
    const matchers = [
      m('endpoint', '=', 'POST /checkout'), m('http.route', '=~', '/api/.*'), m('thread name', '!=', 'GC "worker"'),
      m('x', '!~', 'a,b}c\n\t\\\\'), m('empty', '=', ''), m('ctl', '=', '\u0000\u001f\u007f\u0085\u2028\ufffd ok'),
      m('a', '=', 'x"}, b="injected'),
    ];
    const text = formatLabelFilter(matchers);
    assert.equal(text, '{endpoint="POST /checkout","http.route"=~"/api/.*","thread name"!="GC \\"worker\\"",x!~"a,b}c\\n\\t\\\\\\\\",empty="",ctl="\\u0000\\u001f\\u007f\\u0085\\u2028\\ufffd ok",a="x\\"}, b=\\"injected"}');
    assert.ok(!/[\n\r\u2028]/.test(text), 'the text form is one line');
    assert.deepEqual(parseLabelFilter(text), matchers);
    assert.equal(formatLabelFilter([]), '');
  });

  it('quotes as JSON does, which Go strconv.Unquote and the Prometheus lexer read back; a lone surrogate becomes U+FFFD', () => {
    for (const v of ['plain', 'a"b', 'back\\slash', 'new\nline', 'é😀', '\u2028\ufffd']) assert.equal(JSON.parse(quoteGoString(v)), v);
    assert.equal(quoteGoString('a\ud800b'), '"a\\ufffdb"');
  });

  it('says what is wrong, where, in one line', () => {
    assert.match(parseError('endpoint'), /label filter "endpoint": expected =, !=, =~ or !~ after the label name "endpoint" \(at character 9\)/);
    assert.match(parseError('endpoint=~"("'), /label filter endpoint=~"\(": "\(" is not a valid regular expression \(Go syntax\): missing closing \)/);
    assert.match(parseError('a="x'), /unterminated "…" string \(at character 3\)/);
    assert.match(parseError('a="x" b="y"'), /expected "," between matchers, found "b"/);
    assert.match(parseError('{a=1'), /missing closing "}"/);
    assert.match(parseError('{a=1} b'), /unexpected " b" after "}"|unexpected "b" after "}"/);
    assert.match(parseError('=x'), /expected a label name, found "="/);
    assert.match(parseError('{9a="x"}'), /"9a" is not a bare label name \(it starts with a digit\); quote it/);
    assert.deepEqual(parseLabelFilter('{"9a"="x"}'), [m('9a', '=', 'x')]);
    assert.match(parseError('a="\\q"'), /unknown escape \\q/);
    assert.match(parseError('a="\\xff"'), /is a byte over 0x7f; write the character or \\u00ff/);
    assert.match(parseError('a="\\ud800"'), /is not a Unicode character/);
    assert.match(parseError('a=x\ny'), /a bare value cannot span lines/);
    assert.match(parseError('a=~"(?<"'), /is not a valid regular expression/);
  });

  it('refuses what is too large to run: long text, many matchers, huge regular expressions', () => {
    assert.match(parseError(`a="${'x'.repeat(9000)}"`), /the label filter is 9004 characters long, over the limit of 8192/);
    assert.match(parseError(Array.from({ length: 40 }, (_, i) => `k${i}="v"`).join(',')), /the label filter has 40 matchers, more than 32/);
    assert.match(parseError('a=~"(?:x{1000}){1000}"'), /instructions, over the limit of 100000|invalid repeat count/);
    assert.match(parseError('a=~"((((a{1000}){1000}){1000}){1000})"'), /over the limit|not a valid regular expression/);
  });
});
