import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { discoverGoModules } from '../../../src/core/symbolicate/go-modules';
import { parsePathRule, type PathRule } from '../../../src/core/symbolicate/path-rules';
import { PathResolver } from '../../../src/core/symbolicate/path-resolver';
import { memoryIndex } from './workspace-helpers';

function rules(...pairs: [string, string][]): PathRule[] {
  return pairs.map(([from, to]) => {
    const parsed = parsePathRule({ from, to }, [{ name: 'ws', location: '/home/me/ws' }]);
    if ('error' in parsed) throw new Error(parsed.error);
    return parsed.rule;
  });
}

describe('path resolution: user rules', () => {
  const index = memoryIndex(['services/api/main.go', 'web/src/a.ts', 'web/src/b.ts', 'src/a.ts']);

  it('applies the longest matching prefix first', () => {
    const resolver = new PathResolver({ index, rules: rules(['/app', '${workspaceFolder}/services'], ['/app/web', 'web']) });
    const r = resolver.resolve('/app/web/src/a.ts');
    assert.equal(r.class, 'app');
    assert.deepEqual(r.file, { root: 0, path: 'web/src/a.ts' });
    assert.equal(r.via, 'user-rule');
    assert.deepEqual(resolver.resolve('/app/api/main.go').file, { root: 0, path: 'services/api/main.go' });
  });

  it('matches whole segments only', () => {
    const resolver = new PathResolver({ index, rules: rules(['/app', 'web']) });
    // "/apple/src/a.ts" does not start with the segment "app": the rule must not fire.
    assert.notEqual(resolver.resolve('/apple/src/a.ts').via, 'user-rule');
  });

  it('accepts Windows and file-URL prefixes', () => {
    const resolver = new PathResolver({ index, rules: rules(['C:\\build\\checkout', 'web'], ['file:///srv/app', 'web']) });
    assert.deepEqual(resolver.resolve('c:\\BUILD\\Checkout\\src\\b.ts').file, { root: 0, path: 'web/src/b.ts' });
    assert.deepEqual(resolver.resolve('/srv/app/src/b.ts').file, { root: 0, path: 'web/src/b.ts' });
  });

  it('refuses rule targets outside the workspace', () => {
    const roots = [{ name: 'ws', location: '/home/me/ws' }];
    assert.ok('error' in parsePathRule({ from: '/app', to: '../elsewhere' }, roots));
    assert.ok('error' in parsePathRule({ from: '/app', to: '/etc' }, roots));
    assert.ok('error' in parsePathRule({ from: '/app', to: '${workspaceFolder}/../x' }, roots));
    assert.ok('error' in parsePathRule({ from: '/app', to: '${workspaceFolder:other}' }, roots));
    const inside = parsePathRule({ from: '/app', to: '/home/me/ws/web' }, roots);
    assert.ok('rule' in inside && inside.rule.target.dir === 'web');
  });

  it('reports where a rule pointed when the file is missing', () => {
    const resolver = new PathResolver({ index, rules: rules(['/app', 'web']) });
    const r = resolver.resolve('/app/src/gone.ts');
    assert.equal(r.class, 'unknown');
    assert.match(r.reason ?? '', /web\/src\/gone\.ts/);
    assert.deepEqual(r.expected, { root: 0, path: 'web/src/gone.ts' });
  });
});

describe('path resolution: suffix index and learned roots', () => {
  const index = memoryIndex(['svc/pkg/server.go', 'svc/pkg/util.go', 'lib/pkg/util.go', 'svc/cmd/main.go']);

  it('learns a stack root from an unambiguous match and reuses it where the suffix alone is ambiguous', () => {
    const resolver = new PathResolver({ index });
    const first = resolver.resolve('/home/runner/work/x/x/pkg/server.go');
    assert.deepEqual(first.file, { root: 0, path: 'svc/pkg/server.go' });
    assert.equal(first.via, 'suffix-match');
    const second = resolver.resolve('/home/runner/work/x/x/pkg/util.go');
    assert.deepEqual(second.file, { root: 0, path: 'svc/pkg/util.go' });
    assert.equal(second.via, 'learned-rule');
    assert.equal(second.ambiguous, undefined);
    assert.deepEqual(resolver.learned().map((l) => [l.from, l.target.dir]), [['/home/runner/work/x/x', 'svc']]);
  });

  it('does not guess silently: an ambiguous suffix lowers confidence and lists the other candidates', () => {
    const resolver = new PathResolver({ index });
    const r = resolver.resolve('/home/runner/work/x/x/pkg/util.go');
    assert.equal(r.class, 'app');
    assert.ok(r.confidence < 0.5, `confidence ${r.confidence}`);
    const all = [r.file!.path, ...r.ambiguous!.map((f) => f.path)].sort();
    assert.deepEqual(all, ['lib/pkg/util.go', 'svc/pkg/util.go']);
    assert.match(r.reason ?? '', /ambiguous/);
  });

  it('drops a learned root that two builds contradict', () => {
    const resolver = new PathResolver({ index: memoryIndex(['a/x/one.go', 'b/y/two.go']) });
    resolver.resolve('/build/x/one.go'); // learns /build → a
    resolver.resolve('/build/y/two.go'); // says /build → b
    assert.deepEqual(resolver.learned(), []);
  });

  it('prefers the app copy over a vendored one with the same name', () => {
    const resolver = new PathResolver({ index: memoryIndex(['pkg/json/decode.go', 'vendor/github.com/x/pkg/json/decode.go']) });
    const r = resolver.resolve('/build/pkg/json/decode.go');
    assert.deepEqual(r.file, { root: 0, path: 'pkg/json/decode.go' });
    assert.equal(r.ambiguous, undefined);
  });

  it('matches Windows build paths case-insensitively, but not POSIX ones', () => {
    const resolver = new PathResolver({ index: memoryIndex(['src/App/Foo.java']) });
    assert.deepEqual(resolver.resolve('C:\\BUILD\\SRC\\APP\\FOO.JAVA').file, { root: 0, path: 'src/App/Foo.java' });
    assert.equal(resolver.resolve('/build/src/app/foo.java').class, 'unknown');
  });

  it('maps a UNC build path by its tail, and leaves a foreign one unmapped', () => {
    const resolver = new PathResolver({ index: memoryIndex(['src/app/a.ts']) });
    assert.deepEqual(resolver.resolve('\\\\buildsrv\\share\\proj\\src\\app\\a.ts').file, { root: 0, path: 'src/app/a.ts' });
    assert.equal(resolver.resolve('\\\\buildsrv\\share\\secrets\\key.pem').class, 'unknown');
  });

  it("never maps '..' paths or absolute paths outside the roots onto anything outside", () => {
    const resolver = new PathResolver({ index: memoryIndex(['src/a.ts']), roots: [{ name: 'ws', location: '/home/me/ws' }], rules: rules(['/app', 'src']) });
    const climbing = resolver.resolve('/app/../../home/me/.ssh/id_rsa');
    assert.equal(climbing.class, 'unknown');
    assert.equal(climbing.file, undefined);
    assert.equal(resolver.resolve('../../outside/a.ts').class, 'unknown');
    const outside = resolver.resolve('/etc/passwd');
    assert.equal(outside.class, 'unknown');
    assert.equal(outside.file, undefined);
  });

  it('resolves a path inside a root directly (profile taken on this machine)', () => {
    const resolver = new PathResolver({ index: memoryIndex(['src/a.ts', 'other/src/a.ts']), roots: [{ name: 'ws', location: '/home/me/ws' }] });
    const r = resolver.resolve('/home/me/ws/src/a.ts');
    assert.deepEqual(r.file, { root: 0, path: 'src/a.ts' });
    assert.equal(r.via, 'inside-root');
  });

  it('follows renames: a file known under its old name resolves to the new one', () => {
    const resolver = new PathResolver({ index: memoryIndex(['pricing/discounts.go']), renames: [{ root: 0, from: 'pricing/discount.go', to: 'pricing/discounts.go' }] });
    const r = resolver.resolve('/tmp/build/shop/pricing/discount.go');
    assert.deepEqual(r.file, { root: 0, path: 'pricing/discounts.go' });
    assert.equal(r.renamedFrom, 'pricing/discount.go');
  });
});

describe('path resolution: runtime heuristics and frame classes', () => {
  const index = memoryIndex([
    'go.mod',
    'pricing/discount.go',
    'node_modules/@scope/pkg/index.js',
    'server.js',
    'src/main/kotlin/com/acme/shop/Prices.kt',
    'src/main/java/com/acme/shop/Cart.java',
  ]);
  const resolver = new PathResolver({ index, goModules: [{ path: 'example.com/shop', root: 0, dir: '', source: 'go.mod' }], runtime: 'node' });

  const cases: [string, string, string, string?][] = [
    // [file, function, expected class, expected workspace path]
    ['example.com/shop/pricing/discount.go', 'example.com/shop/pricing.discount', 'app', 'pricing/discount.go'],
    ['runtime/proc.go', 'runtime.schedule', 'runtime'],
    ['sync/mutex.go', 'sync.(*Mutex).Lock', 'runtime'],
    ['/usr/lib/go-1.19/src/net/http/server.go', 'net/http.(*conn).serve', 'runtime'],
    ['/opt/hostedtoolcache/go/1.21.0/x64/src/encoding/json/decode.go', 'encoding/json.Unmarshal', 'runtime'],
    ['shop/x.go', 'shop.F', 'unknown'], // a dot-less local module is not the standard library
    ['/home/u/go/src/github.com/x/y/z.go', 'github.com/x/y.Z', 'unknown'], // GOPATH, not GOROOT
    ['/somewhere/odd/src/compress/flate/deflate.go', 'compress/flate.NewWriter', 'runtime'],
    ['/root/go/pkg/mod/github.com/!acme/!lib@v1.2.3/x.go', 'github.com/Acme/Lib.F', 'dependency'],
    ['github.com/acme/lib@v1.2.3/x.go', 'github.com/acme/lib.F', 'dependency'],
    ['/build/shop/vendor/github.com/pkg/errors/errors.go', 'github.com/pkg/errors.New', 'dependency'],
    ['node:internal/timers', 'listOnTimeout', 'runtime'],
    ['/app/node_modules/@scope/pkg/index.js', 'run', 'dependency', 'node_modules/@scope/pkg/index.js'],
    ['/usr/lib/python3.11/json/decoder.py', 'raw_decode', 'runtime'],
    ['/venv/lib/python3.11/site-packages/requests/api.py', 'get', 'dependency'],
    ['<frozen importlib._bootstrap>', '_find_and_load', 'runtime'],
    ['', '(garbage collector)', 'runtime'],
    ['', '(program)', 'runtime'],
    ['', 'Garbage Collection', 'runtime'],
    ['', 'RegExp: ^a+$', 'runtime'],
    ['', 'test', 'runtime'], // a V8 built-in in a Node profile
    ['', 'com/acme/shop/Cart.total', 'app', 'src/main/java/com/acme/shop/Cart.java'],
    ['', 'com.acme.shop.PricesKt.sum(J)J', 'app', 'src/main/kotlin/com/acme/shop/Prices.kt'],
    ['', 'java/util/HashMap.get', 'runtime'],
    ['Cart.java', 'com/acme/shop/Cart$Line.lambda$total$0', 'app', 'src/main/java/com/acme/shop/Cart.java'],
    // JVM hidden classes (lambdas, method handles) with and without their address, as JFR names them
    ['', 'com/acme/shop/Cart$$Lambda$14/0x0000000800c02a00.run', 'app', 'src/main/java/com/acme/shop/Cart.java'],
    ['', 'com/acme/shop/Cart$$Lambda_.apply', 'app', 'src/main/java/com/acme/shop/Cart.java'],
    ['', 'com.acme.shop.Cart$$Lambda$88+0x00007fce04009250/1076770748.run', 'app', 'src/main/java/com/acme/shop/Cart.java'],
    ['', 'java/lang/invoke/LambdaForm$DMH.0x00000008000c4400.invokeStatic', 'runtime'],
    // as JDK 17's own JFR names them: a hidden class's address and hash, a class JFR generates with a dash
    ['', 'java.lang.invoke.LambdaForm$DMH+0x00007f0d44009c00/2041416495.newInvokeSpecial', 'runtime'],
    ['', 'jdk/jfr/internal/handlers/EventHandler1352_1796690548763-22883.write', 'runtime'],
    // a JVM class with no workspace file: a library's outside the workspace's packages, else unknown
    ['', 'org/apache/kafka/common/network/Selector.poll', 'dependency'],
    ['', 'com/acme/shop/Gone.run', 'unknown'],
    // native frames of JVM profiles (async-profiler, Pyroscope): the JVM, libc and the profiler are runtime
    ['', 'libjvm.so.Thread::call_run', 'runtime'],
    ['', 'libc.so.6.__futex_abstimed_wait_common', 'runtime'],
    ['', 'libasyncProfiler-_.so.Profiler::recordSample', 'runtime'],
    ['', '.no_Java_frame', 'runtime'],
    ['', '.I2C/C2I adapters(0xb7ebe)', 'runtime'],
    ['', 'libzstd-jni-_.so.Java_com_github_luben_zstd_Zstd_compressByteArray', 'dependency'],
    ['', './tmp/snappy-1.1.8-d1f9bd24-4cc8-4571-b71c-1698b83f1af1-libsnappyjava.so', 'dependency'],
    ['', '.itable stub', 'runtime'],
    ['file:///app/server.js', 'main', 'app', 'server.js'],
  ];
  for (const [file, fn, expectedClass, expectedPath] of cases) {
    it(`${file || '(no file)'} ${fn} → ${expectedClass}${expectedPath ? ` ${expectedPath}` : ''}`, () => {
      const r = resolver.resolve(file, fn);
      assert.equal(r.class, expectedClass, r.reason);
      if (expectedPath) assert.deepEqual(r.file, { root: 0, path: expectedPath });
    });
  }

  it('names the dependency and version, undoing the module cache case encoding', () => {
    const r = resolver.resolve('/root/go/pkg/mod/github.com/!acme/!lib@v1.2.3/x.go', 'github.com/Acme/Lib.F');
    assert.deepEqual(r.dependency, { name: 'github.com/Acme/Lib', version: 'v1.2.3' });
  });

  it('finds Go modules in a multi-module workspace, nested modules first, go.work and local replaces included', async () => {
    const files: Record<string, string> = {
      'go.work': 'go 1.21\n\nuse (\n\t./svc/a\n\t./svc/b\n)\n',
      'svc/a/go.mod': 'module example.com/a\n\ngo 1.21\n\nreplace example.com/shared => ../../shared\n',
      'svc/a/handler.go': '',
      'svc/a/sub/go.mod': 'module example.com/a/sub // nested module\n',
      'svc/a/sub/x.go': '',
      'svc/b/go.mod': 'module "example.com/b"\n',
      'svc/b/main.go': '',
      'shared/util.go': '',
    };
    const idx = memoryIndex(Object.keys(files));
    const { modules, warnings } = await discoverGoModules(idx, async (f) => files[f.path]);
    assert.deepEqual(warnings, []);
    const r = new PathResolver({ index: idx, goModules: modules });
    assert.deepEqual(r.resolve('example.com/a/handler.go').file, { root: 0, path: 'svc/a/handler.go' });
    assert.deepEqual(r.resolve('example.com/a/sub/x.go').file, { root: 0, path: 'svc/a/sub/x.go' });
    assert.deepEqual(r.resolve('example.com/b/main.go').file, { root: 0, path: 'svc/b/main.go' });
    assert.deepEqual(r.resolve('example.com/shared/util.go').file, { root: 0, path: 'shared/util.go' });
    // GOPATH-style absolute paths name the module inside them.
    assert.deepEqual(r.resolve('/home/u/go/src/example.com/b/main.go').file, { root: 0, path: 'svc/b/main.go' });
    const gone = r.resolve('example.com/b/old.go');
    assert.equal(gone.class, 'unknown');
    assert.match(gone.reason ?? '', /svc\/b\/old\.go does not exist/);
  });
});

describe('path resolution: Rust', () => {
  const index = memoryIndex(['Cargo.toml', 'src/main.rs', 'src/pricing.rs', 'vendor/memchr/src/lib.rs']);
  const resolver = new PathResolver({ index, runtime: 'rust' });
  const registry = '/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f';

  const cases: [string, string, string, { name: string; version?: string }?, string?][] = [
    // [file, function, expected class, expected dependency, expected workspace path]
    ['/home/runner/work/shop/shop/src/pricing.rs', 'shop::pricing::discount', 'app', undefined, 'src/pricing.rs'],
    ['/rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/core/src/ptr/mod.rs', 'core::ptr::copy', 'runtime'],
    ['/rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/core/src/../../stdarch/crates/core_arch/src/x86/avx2.rs', 'core::core_arch::x86::avx2::_mm256_movemask_epi8', 'runtime'],
    ['/rustc/9fc6b43126469e3858e2fe86cafb4f0fd5068869/src/libstd/rt.rs', 'std::rt::lang_start_internal', 'runtime'],
    ['/home/me/.rustup/toolchains/stable-x86_64-unknown-linux-gnu/lib/rustlib/src/rust/library/alloc/src/raw_vec.rs', 'alloc::raw_vec::finish_grow', 'runtime'],
    [`${registry}/memchr-2.8.3/src/memmem/searcher.rs`, 'memchr::memmem::searcher::Searcher::find', 'dependency', { name: 'memchr', version: '2.8.3' }],
    ['/usr/local/cargo/registry/src/github.com-1ecc6299db9ec823/tokio-util-0.7.10/src/codec/framed.rs', 'tokio_util::codec::Framed::poll', 'dependency', { name: 'tokio-util', version: '0.7.10' }],
    [`${registry}/ring-0.17.0-alpha.1/src/aead.rs`, 'ring::aead::seal', 'dependency', { name: 'ring', version: '0.17.0-alpha.1' }],
    ['/root/.cargo/git/checkouts/hyper-2b3f1c8a9e0d7f64/a1b2c3d/src/proto/h1/io.rs', 'hyper::proto::h1::io::Buffered::poll_read', 'dependency', { name: 'hyper' }],
    ['/build/shop/vendor/memchr/src/lib.rs', 'memchr::memchr', 'dependency', { name: 'memchr' }, 'vendor/memchr/src/lib.rs'],
    // pprof-rs names a symbol without a file "Unknown"; the C runtime's entry code and rustc's C main are runtime
    ['Unknown', 'main', 'runtime'],
    ['Unknown', '_start', 'runtime'],
    ['./csu/../sysdeps/nptl/libc_start_call_main.h', '__libc_start_call_main', 'runtime'],
    ['Unknown', 'some_c_function', 'unknown'],
  ];
  for (const [file, fn, expectedClass, dependency, expectedPath] of cases) {
    it(`${file} ${fn} → ${expectedClass}${dependency ? ` ${dependency.name} ${dependency.version ?? ''}` : ''}`, () => {
      const r = resolver.resolve(file, fn);
      assert.equal(r.class, expectedClass, r.reason);
      assert.deepEqual(r.dependency, dependency);
      if (expectedPath) assert.deepEqual(r.file, { root: 0, path: expectedPath });
    });
  }

  it('keeps "clone" in a script file the script\'s: only C runtime files and frames without one are the C runtime', () => {
    const node = new PathResolver({ index: memoryIndex(['node_modules/lodash/clone.js']) });
    assert.equal(node.resolve('/app/node_modules/lodash/clone.js', 'clone').class, 'dependency');
    assert.equal(node.resolve('', '_start').class, 'runtime');
  });
});

describe('path resolution: .NET types without files', () => {
  // C# files as a solution lays them out: namespace folders under each project's folder, a file per type, partial
  // types spread over several files, and a type of the same name in another namespace.
  const texts: Record<string, string> = {
    'src/Shop.Api/Shop.Api.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web" />',
    'src/Shop.Api/Controllers/OrdersController.cs': 'namespace Shop.Api.Controllers;\npublic partial class OrdersController {\n  public IActionResult Get() => Ok();\n}\n',
    'src/Shop.Api/Controllers/OrdersController.Pricing.cs': 'namespace Shop.Api.Controllers;\npublic partial class OrdersController {\n  private static decimal Price(Order o) { return 0; }\n  private async Task<int> SaveAsync() { return 1; }\n}\n',
    'src/Shop.Api/Services/Cart.cs': 'namespace Shop.Api.Services {\n  public class Cart {\n    public class Line { public decimal Total() => 0; }\n    public void Add(int id) { items.ForEach(x => x.Check()); }\n  }\n}\n',
    'src/Shop.Api/Services/Cart.Line.cs': 'namespace Shop.Api.Services {\n  public partial class Cart {\n    public partial class Line { public decimal Discount() => 0; }\n  }\n}\n',
    'src/Shop.Legacy/Controllers/OrdersController.cs': 'namespace Shop.Legacy.Controllers;\npublic class OrdersController { public void Get() {} }\n',
    'src/Shop.Api/Program.cs': 'var app = WebApplication.Create();\npublic partial class Program { static void Main() {} }\n',
  };
  const index = memoryIndex(Object.keys(texts));
  const readText = (file: { path: string }) => texts[file.path];
  const resolver = new PathResolver({ index, runtime: 'dotnet', readText });

  const cases: [string, string, string, string?][] = [
    // [function, file (the assembly), expected class, expected workspace path]
    ['Shop.Api.Controllers!OrdersController.Get', 'Shop.Api', 'app', 'src/Shop.Api/Controllers/OrdersController.cs'],
    // a partial type: the part that declares the method
    ['Shop.Api.Controllers!OrdersController.Price', 'Shop.Api', 'app', 'src/Shop.Api/Controllers/OrdersController.Pricing.cs'],
    // an async method's state machine, a lambda's closure class, a local function: the method they were written in
    ['Shop.Api.Controllers!OrdersController.<SaveAsync>d__3.MoveNext', 'Shop.Api', 'app', 'src/Shop.Api/Controllers/OrdersController.Pricing.cs'],
    ['Shop.Api.Services!Cart.<>c__DisplayClass2_0.<Add>b__0', 'Shop.Api', 'app', 'src/Shop.Api/Services/Cart.cs'],
    ['Shop.Api.Services!Cart.<Add>g__Check|2_0', 'Shop.Api', 'app', 'src/Shop.Api/Services/Cart.cs'],
    // nested types: the outer type's file, or its part named after the nested type when that declares the method
    ['Shop.Api.Services!Cart.Line.Total', 'Shop.Api', 'app', 'src/Shop.Api/Services/Cart.cs'],
    ['Shop.Api.Services!Cart.Line.Discount', 'Shop.Api', 'app', 'src/Shop.Api/Services/Cart.Line.cs'],
    // the same type name in another namespace: the folders that follow the namespace win
    ['Shop.Legacy.Controllers!OrdersController.Get', 'Shop.Legacy', 'app', 'src/Shop.Legacy/Controllers/OrdersController.cs'],
    // generic types and methods, constructors, the global namespace
    ['Shop.Api.Services!Cart<TItem>.Add<TKey>', 'Shop.Api', 'app', 'src/Shop.Api/Services/Cart.cs'],
    ['Shop.Api.Services!Cart..ctor', 'Shop.Api', 'app', 'src/Shop.Api/Services/Cart.cs'],
    ['Program.Main', 'Shop.Api', 'app', 'src/Shop.Api/Program.cs'],
    // Datadog's frame format
    ['|lm:Shop.Api |ns:Shop.Api.Controllers |ct:OrdersController |cg: |fn:Price |fg: |sg:(Order o)', '', 'app', 'src/Shop.Api/Controllers/OrdersController.Pricing.cs'],
    // the runtime's assemblies, and a library's
    ['System!Number.Int64ToDecStr', 'System.Private.CoreLib', 'runtime'],
    ['!.Concat', 'System.Private.CoreLib', 'runtime'],
    ['Microsoft.AspNetCore.Routing!EndpointMiddleware.Invoke', 'Microsoft.AspNetCore.Routing', 'runtime'],
    ['System.Runtime.CompilerServices!AsyncMethodBuilderCore.Start<!<Invoke>d__10>', 'System.Private.CoreLib', 'runtime'],
    ['Swashbuckle.AspNetCore.Swagger!SwaggerMiddleware.<Invoke>d__4.MoveNext', 'Swashbuckle.AspNetCore.Swagger', 'dependency'],
    // a type of the workspace's own assembly that has no file
    ['Shop.Api.Controllers!GoneController.Get', 'Shop.Api', 'unknown'],
  ];
  for (const [fn, file, expectedClass, expectedPath] of cases) {
    it(`${fn} (${file || 'no file'}) → ${expectedClass}${expectedPath ? ` ${expectedPath}` : ''}`, () => {
      const r = resolver.resolve(file, fn);
      assert.equal(r.class, expectedClass, r.reason);
      if (expectedPath) assert.deepEqual(r.file, { root: 0, path: expectedPath });
    });
  }

  it('names a library by its assembly; gives the line of the declaration; without file reads, a partial type is its own file, with the other parts listed', () => {
    assert.deepEqual(resolver.resolve('Swashbuckle.AspNetCore.Swagger', 'Swashbuckle.AspNetCore.Swagger!SwaggerMiddleware.Invoke').dependency, { name: 'Swashbuckle.AspNetCore.Swagger' });
    // the declaration's line, for frames that have none: a declaration, not the call in Get's file
    assert.equal(resolver.resolve('Shop.Api', 'Shop.Api.Controllers!OrdersController.Price').line, 3);
    assert.equal(resolver.resolve('Shop.Api', 'Shop.Api.Controllers!OrdersController.<SaveAsync>d__3.MoveNext').line, 4);
    assert.equal(resolver.resolve('Shop.Api', 'Shop.Api.Services!Cart.Line.Discount').line, 3);
    const blind = new PathResolver({ index, runtime: 'dotnet' }).resolve('Shop.Api', 'Shop.Api.Controllers!OrdersController.Price');
    assert.deepEqual(blind.file, { root: 0, path: 'src/Shop.Api/Controllers/OrdersController.cs' });
    assert.deepEqual(blind.ambiguous?.map((f) => f.path), ['src/Shop.Api/Controllers/OrdersController.Pricing.cs']);
    assert.ok(blind.confidence <= 0.5);
  });

  it('leaves module!symbol names of native Windows code and other languages\' names alone', () => {
    const other = new PathResolver({ index, runtime: 'go' });
    assert.equal(other.resolve('', 'ntdll.dll!RtlUserThreadStart.Start').via === 'dotnet-type', false);
    assert.equal(other.resolve('main', 'main.main').via === 'dotnet-type', false);
  });
});
