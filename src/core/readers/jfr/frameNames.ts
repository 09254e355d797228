/**
 * Java frame names as Grafana Pyroscope's JFR converter writes them, so figures and function names compare
 * across the two tools: `<class symbol>.<method symbol>` with the class in JVM form (`java/util/HashMap.get`),
 * no signature. Native frames from async-profiler come out as `libjvm.so.PhaseLive::compute`, and a frame with no
 * class as `.no_Java_frame`.
 *
 * Symbols of classes the JVM generates at run time carry a counter or an address that differs between runs and
 * processes; Pyroscope replaces those parts with `_` so one lambda or accessor is one function over time, and so
 * does this (each rule below matches a whole symbol).
 */

const GENERATED_SYMBOLS: readonly (readonly [RegExp, string])[] = [
  // jdk/internal/reflect/GeneratedMethodAccessor31
  [/^(jdk\/internal\/reflect\/GeneratedMethodAccessor)\d+$/, '$1_'],
  // org/example/OrderService$$Lambda$669.0x0000000800fd7318, Fib$$Lambda.0x00007ffa600c4da0, Foo$$Lambda$12/1234
  [/^(.+\$\$Lambda)(\$?\d*[./](0x)?[\da-f]+|\d+)$/, '$1_'],
  // libzstd-jni-1.5.1-16931311898282279136.so, unpacked to a temporary file under a per-process name
  [/^(\.?\/tmp\/)?(libzstd-jni-\d+\.\d+\.\d+-)(\d+)(\.so)( \(deleted\))?$/, 'libzstd-jni-_.so'],
  // ./tmp/libamazonCorrettoCryptoProvider109b39cf33c563eb.so and its libcrypto.so
  [
    /^(\.?\/tmp\/)?(lib)?(amazonCorrettoCryptoProvider)(NativeLibraries\.)?([0-9a-f]{16})(\/libcrypto|\/libamazonCorrettoCryptoProvider)?(\.so)( \(deleted\))?$/,
    'libamazonCorrettoCryptoProvider_.so',
  ],
  // the Pyroscope Java agent's own copy of async-profiler
  [
    /^(\.?\/tmp\/)?(libasyncProfiler)-(linux-arm64|linux-musl-x64|linux-x64|macos)-(17b9a1d8156277a98ccc871afa9a8f69215f92)(\.so)( \(deleted\))?$/,
    'libasyncProfiler-_.so',
  ],
  // com/example/Service$$EnhancerBySpringCGLIB$$5f1c2d3e
  [/^(.+\$\$EnhancerBySpringCGLIB\$\$)(.*)$/, '$1_'],
];

/**
 * JDK Flight Recorder names a lambda's hidden class by its external name, with dots and an address Pyroscope's
 * rules leave in: com.example.Shop$$Lambda$88+0x00007fce04009250/1076770748. PerfLens makes it
 * com/example/Shop$$Lambda_ like the other lambdas, so it is one function from run to run (Pyroscope shows such
 * frames under a new name per run).
 */
const JDK_HIDDEN_LAMBDA = /^([^/]+\$\$Lambda)\$\d+\+0x[\da-fA-F]+\/\d+$/;

/** Quick filter: every rule above needs one of these in the symbol. */
const MAY_BE_GENERATED = /\$\$|GeneratedMethodAccessor|\.so/;

/** A class or method symbol with the run-specific parts of generated names replaced. */
export function stableSymbol(symbol: string): string {
  if (!MAY_BE_GENERATED.test(symbol)) return symbol;
  const hidden = JDK_HIDDEN_LAMBDA.exec(symbol);
  if (hidden) return `${hidden[1].replace(/\./g, '/')}_`;
  let out = symbol;
  for (const [pattern, replacement] of GENERATED_SYMBOLS) out = out.replace(pattern, replacement);
  return out;
}

/** The function name of a frame: class symbol, ".", method symbol (both already stable). */
export function frameName(classSymbol: string, methodSymbol: string): string {
  return `${classSymbol}.${methodSymbol}`;
}
