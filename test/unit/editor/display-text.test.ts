import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { displayFunctionName, shortFunctionName, visibleControls } from '../../../src/core/format/displayText';

describe('display text: profile names as every view shows them', () => {
  it('drops only a leading import path', () => {
    assert.equal(shortFunctionName('example.com/shop/pricing.(*Cart).Total'), 'pricing.(*Cart).Total');
    assert.equal(shortFunctionName('github.com/acme/lib@v1.2.3/x.Func'), 'x.Func');
    assert.equal(shortFunctionName('runtime.mallocgc'), 'runtime.mallocgc');
  });

  it('never shortens a name at a slash inside markup or an operator', () => {
    assert.equal(shortFunctionName('main.</style><style>*{display:none}</style>'), 'main.</style><style>*{display:none}</style>');
    assert.equal(shortFunctionName('example.com/shop/pricing.<script>x()</script>'), 'pricing.<script>x()</script>');
    assert.equal(shortFunctionName('RegExp: ^a/b$'), 'RegExp: ^a/b$');
    assert.equal(shortFunctionName('[libc.so.6]'), '[libc.so.6]');
  });

  it('makes bidi overrides and invisible characters visible instead of letting them reorder the text', () => {
    assert.equal(visibleControls('evil\u202Egnp.exe\u202C'), 'evil⟨U+202E⟩gnp.exe⟨U+202C⟩');
    assert.equal(visibleControls('a\u200Bb\u2066c\u2069\uFEFF'), 'a⟨U+200B⟩b⟨U+2066⟩c⟨U+2069⟩⟨U+FEFF⟩');
    assert.equal(displayFunctionName('example.com/x/pkg.F\u202E'), 'pkg.F⟨U+202E⟩');
  });
});
