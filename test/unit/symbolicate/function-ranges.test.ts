import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { guessFunctionLanguage, normalizeFunctionName } from '../../../src/core/symbolicate/function-names';
import { findFunctionRange, SymbolKind, type SymbolNode } from '../../../src/core/symbolicate/function-ranges';

/** A symbol spanning 1-based lines [from, to] (stored 0-based, as VS Code does). */
function sym(name: string, kind: number, from: number, to: number, children?: SymbolNode[]): SymbolNode {
  return { name, kind, range: { start: { line: from - 1, character: 0 }, end: { line: to - 1, character: 1 } }, children };
}

describe('function ranges: Go (gopls names)', () => {
  const symbols = [
    sym('Cart', SymbolKind.Struct, 5, 8),
    sym('(*Cart).Total', SymbolKind.Method, 10, 20),
    sym('QuoteAll', SymbolKind.Function, 22, 40),
    sym('Map', SymbolKind.Function, 42, 50),
    sym('discount', SymbolKind.Function, 52, 55),
    sym('(List[T]).Push', SymbolKind.Method, 57, 60),
  ];

  it('matches methods, closures and generics by name and position', () => {
    const total = findFunctionRange(symbols, 'example.com/shop/pricing.(*Cart).Total', 'go', 15);
    assert.equal(total?.symbol.name, '(*Cart).Total');
    assert.equal(total?.matchedBy, 'name-and-line');
    assert.equal(total?.score, 1);
    // A goroutine closure lives inside the function it is named after.
    assert.equal(findFunctionRange(symbols, 'example.com/shop/pricing.QuoteAll.func1.2', 'go', 30)?.symbol.name, 'QuoteAll');
    assert.equal(findFunctionRange(symbols, 'example.com/shop/pricing.Map[go.shape.int,example.com/x.T]', 'go', 45)?.symbol.name, 'Map');
    assert.equal(findFunctionRange(symbols, 'example.com/shop/pricing.(*List[...]).Push', 'go', 58)?.symbol.name, '(List[T]).Push');
  });

  it('falls back to the name when the line moved out of the function, and flags a position-only guess', () => {
    const moved = findFunctionRange(symbols, 'example.com/shop/pricing.discount', 'go', 30);
    assert.equal(moved?.symbol.name, 'discount');
    assert.equal(moved?.matchedBy, 'name');
    assert.ok(moved!.score < 1);
    const renamed = findFunctionRange(symbols, 'example.com/shop/pricing.computeDiscount', 'go', 53);
    assert.equal(renamed?.symbol.name, 'discount');
    assert.equal(renamed?.matchedBy, 'line');
    assert.ok(renamed!.score <= 0.5);
    assert.equal(findFunctionRange(symbols, 'example.com/shop/pricing.gone', 'go', 3), undefined);
  });

  it('requires the receiver to agree when the profile names one', () => {
    const other = [sym('(*Order).Total', SymbolKind.Method, 1, 5), sym('(*Cart).Total', SymbolKind.Method, 7, 12)];
    assert.equal(findFunctionRange(other, 'pkg.(*Cart).Total', 'go')?.symbol.name, '(*Cart).Total');
  });
});

describe('function ranges: JavaScript, JVM, Python', () => {
  const js = [
    sym('Router', SymbolKind.Class, 1, 30, [sym('handle', SymbolKind.Method, 3, 12), sym('constructor', SymbolKind.Constructor, 14, 16)]),
    sym('handleOrder', SymbolKind.Function, 32, 40),
    sym('onTick', SymbolKind.Variable, 42, 50), // const onTick = () => { ... }
    sym('LIMIT', SymbolKind.Constant, 52, 52),
  ];

  it('matches Class.method and nested symbols', () => {
    const m = findFunctionRange(js, 'Router.handle', 'js', 5);
    assert.deepEqual(m?.path, ['Router', 'handle']);
    assert.equal(m?.score, 1);
  });

  it('accepts a bundler-renamed function (handleOrder2) with a little less confidence', () => {
    const m = findFunctionRange(js, 'handleOrder2', 'js', 35);
    assert.equal(m?.symbol.name, 'handleOrder');
    assert.ok(m!.score < 1 && m!.score >= 0.8);
  });

  it('places anonymous functions by position, in arrow functions reported as variables', () => {
    const m = findFunctionRange(js, '(anonymous:L#44:C#20)', 'js', 44);
    assert.equal(m?.symbol.name, 'onTick');
    assert.equal(m?.matchedBy, 'line');
    assert.equal(findFunctionRange(js, '(anonymous)', 'js', 52), undefined, 'a one-line constant is not a function');
  });

  it('JVM: inner classes, lambdas and constructors', () => {
    const java = [
      sym('Foo', SymbolKind.Class, 1, 60, [
        sym('Foo(int)', SymbolKind.Constructor, 3, 6),
        sym('Inner', SymbolKind.Class, 8, 30, [sym('run(String)', SymbolKind.Method, 10, 20)]),
        sym('run(String)', SymbolKind.Method, 32, 40),
      ]),
    ];
    const lambda = findFunctionRange(java, 'com/example/Foo$Inner.lambda$run$0', 'jvm', 15);
    assert.deepEqual(lambda?.path, ['Foo', 'Inner', 'run(String)']);
    assert.equal(lambda?.score, 1);
    assert.deepEqual(findFunctionRange(java, 'com.example.Foo.<init>(I)V', 'jvm', 4)?.path, ['Foo', 'Foo(int)']);
    // Without a line, "Foo.run" must not pick Inner.run.
    assert.deepEqual(findFunctionRange(java, 'com/example/Foo.run', 'jvm')?.path, ['Foo', 'run(String)']);
  });

  it('Python: methods by qualified name; module-level code has no function', () => {
    const py = [sym('Cart', SymbolKind.Class, 1, 20, [sym('total', SymbolKind.Method, 5, 12)]), sym('main', SymbolKind.Function, 22, 30)];
    assert.deepEqual(findFunctionRange(py, 'Cart.total', 'python', 6)?.path, ['Cart', 'total']);
    assert.equal(findFunctionRange(py, '<module>', 'python', 40), undefined);
    assert.equal(findFunctionRange(py, '<lambda>', 'python', 25)?.symbol.name, 'main');
  });
});

describe('profile function names', () => {
  it('reads each runtime the way its profiler writes names', () => {
    assert.deepEqual(normalizeFunctionName('example.com/shop/pricing.(*Cart).Total', 'go'), { containers: ['Cart'], name: 'Total', nested: false, fileLevel: false });
    assert.deepEqual(normalizeFunctionName('example.com/shop/pricing.QuoteAll.func1', 'go'), { containers: [], name: 'QuoteAll', nested: true, fileLevel: false });
    assert.deepEqual(normalizeFunctionName('main.init.0', 'go'), { containers: [], name: 'init', nested: true, fileLevel: false });
    assert.equal(normalizeFunctionName('LazyCompile:*fib /usr/src/app/main.js:1', 'js').name, 'fib');
    assert.deepEqual(normalizeFunctionName('com/acme/ShopKt.total', 'jvm').containers, []);
    assert.equal(guessFunctionLanguage('', 'kafka/log/LogSegment.append'), 'jvm');
    assert.equal(guessFunctionLanguage('', 'example.com/shop/pricing.Discount'), 'go');
    assert.equal(guessFunctionLanguage('/app/x.mjs', 'f'), 'js');
  });
});
