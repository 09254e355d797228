import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { displayPath, parseProfilePath } from '../../../src/core/symbolicate/profile-path';

describe('profile paths from any machine', () => {
  it('reads Windows drive paths with either separator, case-insensitively', () => {
    const p = parseProfilePath('C:\\build\\src\\Foo.java');
    assert.equal(p.style, 'windows');
    assert.deepEqual(p.segments, ['C:', 'build', 'src', 'Foo.java']);
    assert.equal(p.caseInsensitive, true);
    assert.deepEqual(parseProfilePath('c:/build/src/Foo.java').segments, ['C:', 'build', 'src', 'Foo.java']);
    // pprof-nodejs strips "file://" from "file:///C:/x", leaving "/C:/x".
    assert.deepEqual(parseProfilePath('/C:/app/index.js').segments, ['C:', 'app', 'index.js']);
  });

  it('reads UNC paths as their own kind of absolute path', () => {
    const p = parseProfilePath('\\\\buildsrv\\share\\app\\src\\a.ts');
    assert.equal(p.style, 'unc');
    assert.deepEqual(p.segments, ['buildsrv', 'share', 'app', 'src', 'a.ts']);
    assert.equal(displayPath(p), '//buildsrv/share/app/src/a.ts');
  });

  it('decodes file URLs, including percent-encoding and drive letters', () => {
    assert.deepEqual(parseProfilePath('file:///srv/my%20app/index.js').segments, ['srv', 'my app', 'index.js']);
    assert.equal(parseProfilePath('file:///srv/app/index.js').style, 'posix');
    const win = parseProfilePath('file:///C:/Users/me/app.mjs');
    assert.equal(win.style, 'windows');
    assert.deepEqual(win.segments, ['C:', 'Users', 'me', 'app.mjs']);
  });

  it('reads bundler source URLs as paths relative to the project', () => {
    for (const url of ['webpack:///./src/a.ts', 'webpack://my-app/./src/a.ts', 'webpack:///src/a.ts', 'webpack://@acme/web/./src/a.ts', 'turbopack://[project]/src/a.ts']) {
      const p = parseProfilePath(url);
      assert.equal(p.style, 'relative', url);
      assert.deepEqual(p.segments, ['src', 'a.ts'], url);
    }
    assert.deepEqual(parseProfilePath('webpack:////home/ci/app/src/a.ts').segments, ['home', 'ci', 'app', 'src', 'a.ts']);
  });

  it('keeps node: built-ins and pseudo files apart from real files', () => {
    assert.equal(parseProfilePath('node:internal/timers').style, 'special');
    assert.equal(parseProfilePath('node:internal/timers').scheme, 'node');
    assert.equal(parseProfilePath('<frozen importlib._bootstrap>').style, 'special');
    assert.equal(parseProfilePath('[kernel.kallsyms]').style, 'special');
    assert.equal(parseProfilePath('').style, 'empty');
  });

  it('reads Go -trimpath and module-cache paths as relative paths', () => {
    const p = parseProfilePath('example.com/shop/pricing/discount.go');
    assert.equal(p.style, 'relative');
    assert.deepEqual(p.segments, ['example.com', 'shop', 'pricing', 'discount.go']);
    assert.deepEqual(parseProfilePath('github.com/acme/lib@v1.2.3/x.go').segments, ['github.com', 'acme', 'lib@v1.2.3', 'x.go']);
  });

  it("flags '..' that climbs above the path's start, and cleans the rest", () => {
    assert.equal(parseProfilePath('../../etc/passwd').escapes, true);
    assert.equal(parseProfilePath('/app/../../etc/passwd').escapes, true);
    const inner = parseProfilePath('/app/src/../lib/./a.js');
    assert.equal(inner.escapes, false);
    assert.deepEqual(inner.segments, ['app', 'lib', 'a.js']);
  });

  it('treats /proc/self/cwd as the build root', () => {
    const p = parseProfilePath('/proc/self/cwd/pkg/server/main.go');
    assert.equal(p.style, 'relative');
    assert.deepEqual(p.segments, ['pkg', 'server', 'main.go']);
  });
});
