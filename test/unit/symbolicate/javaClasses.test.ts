// Which frame names read as JVM classes (their source file is then derived from the class), and which do not.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { javaClassOf } from '../../../src/core/symbolicate/java-classes';

describe('JVM class names in frames without a file', () => {
  it('reads the class of hidden and generated classes as JDK 17\'s JFR names them', () => {
    assert.equal(javaClassOf('java.lang.invoke.LambdaForm$DMH+0x00007f0d44009c00/2041416495.newInvokeSpecial')?.classPath, 'java/lang/invoke/LambdaForm');
    const handler = javaClassOf('jdk/jfr/internal/handlers/EventHandler1352_1796690548763-22883.write');
    assert.equal(handler?.classPath, 'jdk/jfr/internal/handlers/EventHandler1352_1796690548763-22883');
    assert.equal(handler?.isJdk, true);
  });

  it('does not take a Go import path with a dashed module for a Java class', () => {
    for (const name of ['github.com/mattn/go-isatty.IsTerminal', 'github.com/mattn/go-sqlite3._Cfunc_sqlite3_step', 'github.com/acme/order-service.handle']) {
      assert.equal(javaClassOf(name), undefined, name);
    }
  });
});
