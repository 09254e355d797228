// Frame names as Pyroscope's converter makes them: run-specific parts of generated classes merged into `_`, so one
// lambda or accessor is one function from run to run (the examples are those Pyroscope's own rules name).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { frameName, stableSymbol } from '../../../../src/core/readers/jfr/frameNames';

describe('JFR frame names', () => {
  const cases: [string, string][] = [
    ['jdk/internal/reflect/GeneratedMethodAccessor31', 'jdk/internal/reflect/GeneratedMethodAccessor_'],
    ['org/example/rideshare/OrderService$$Lambda$669.0x0000000800fd7318', 'org/example/rideshare/OrderService$$Lambda_'],
    ['Fib$$Lambda.0x00007ffa600c4da0', 'Fib$$Lambda_'],
    ['com/example/Service$$EnhancerBySpringCGLIB$$5f1c2d3e', 'com/example/Service$$EnhancerBySpringCGLIB$$_'],
    ['libzstd-jni-1.5.1-16931311898282279136.so', 'libzstd-jni-_.so'],
    ['./tmp/libamazonCorrettoCryptoProvider109b39cf33c563eb.so', 'libamazonCorrettoCryptoProvider_.so'],
    ['libasyncProfiler-linux-x64-17b9a1d8156277a98ccc871afa9a8f69215f92.so', 'libasyncProfiler-_.so'],
    // JDK Flight Recorder's external name of a hidden lambda class (Pyroscope keeps the address in)
    ['com.example.shop.ShopService$$Lambda$88+0x00007fce04009250/1076770748', 'com/example/shop/ShopService$$Lambda_'],
    ['java/util/HashMap', 'java/util/HashMap'],
    ['lambda$main$0', 'lambda$main$0'],
  ];
  for (const [symbol, stable] of cases) it(`${symbol} → ${stable}`, () => assert.equal(stableSymbol(symbol), stable));

  it('joins class and method with a dot, no signature', () => {
    assert.equal(frameName('java/util/HashMap', 'get'), 'java/util/HashMap.get');
    assert.equal(frameName('', 'no_Java_frame'), '.no_Java_frame');
  });
});
