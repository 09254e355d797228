import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { declaredName, findDeclarationLine } from '../../../src/editor/functionNames';

describe('function names: where a profile function is declared', () => {
  it('takes the declared identifier from Go, JS, Java and Python profile names', () => {
    assert.equal(declaredName('example.com/shop/pricing.(*Cart).Total'), 'Total');
    assert.equal(declaredName('example.com/shop/pricing.QuoteAll.func1'), 'QuoteAll');
    assert.equal(declaredName('main.worker.func2.1'), 'worker');
    assert.equal(declaredName('pkg.Map[...]'), 'Map');
    assert.equal(declaredName('OrderService.handleOrder'), 'handleOrder');
    assert.equal(declaredName('com.acme.Foo.bar'), 'bar');
    assert.equal(declaredName('shop.views.checkout'), 'checkout');
    assert.equal(declaredName('(garbage collector)'), undefined);
    assert.equal(declaredName('[libc.so.6]'), undefined);
    assert.equal(declaredName('RegExp: ^([A-Z]+-?)+$'), undefined);
  });

  it('finds the declaration line above the hot lines in the real fixture sources', () => {
    const root = join(__dirname, '../../fixtures');
    const go = readFileSync(join(root, 'go/shop/pricing/cart.go'), 'utf8').split('\n');
    const decl = go.findIndex((l) => /^func \(c \*Cart\) Total\(/.test(l));
    assert.ok(decl >= 0, 'the fixture declares (*Cart).Total');
    assert.equal(findDeclarationLine((l) => go[l], decl + 3, 'Total'), decl);
    const js = readFileSync(join(root, 'node/app/lib/pricing.js'), 'utf8').split('\n');
    const jsDecl = js.findIndex((l) => /function priceChecksum\b/.test(l));
    assert.ok(jsDecl >= 0);
    assert.equal(findDeclarationLine((l) => js[l], jsDecl + 2, 'priceChecksum'), jsDecl);
  });

  it('says nothing rather than pick a line that only calls the function', () => {
    const lines = ['x := Total(3)', 'y := 2'];
    assert.equal(findDeclarationLine((l) => lines[l], 1, 'Total'), undefined);
  });
});
