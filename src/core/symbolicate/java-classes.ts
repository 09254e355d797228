// JVM profiles (async-profiler, JFR conversions) usually carry no file name: the source file is derived from the
// class, as Pyroscope and Sentry do. "com/example/Foo$Inner.lambda$run$0" → com/example/Foo.{java,kt,scala}.

export interface JavaClassLocation {
  /** Slash-separated class path without extension ("com/example/Foo"). */
  classPath: string;
  /** Candidate source files, most likely first. */
  candidates: string[];
  /** The JDK itself (java.*, javax.*, jdk.*, sun.*, com.sun.*). */
  isJdk: boolean;
}

// The class may end in a dash and digits: JFR's generated event handlers ("EventHandler1352_1796690548763-22883"). A
// dash followed by letters is not a Java name but a Go module's ("github.com/mattn/go-isatty.IsTerminal").
const jvmFrame = /^([a-zA-Z_$][\w$]*[./])+[A-Za-z_$][\w$]*(-\d+)?\.[\w$<>-]+(\(.*\).*)?$/;

/**
 * Recognises "pkg/Class.method", "pkg.Class.method(Ljava/lang/String;)V"; undefined for other names. Hidden
 * classes (lambdas, method handles) carry an address after their name, "Foo$$Lambda$14/0x0000000800c02a00.run",
 * "LambdaForm$DMH.0x00000008000c4400.invokeStatic", "LambdaForm$DMH+0x00007f0d44009c00/2041416495.newInvokeSpecial"
 * (JDK 17's JFR): it is left out, the class is the one before it.
 */
export function javaClassOf(functionName: string): JavaClassLocation | undefined {
  const name = functionName
    .trim()
    .replace(/\(.*$/, '')
    .replace(/\$\$Lambda[$\d+/.x0-9a-fA-F]*(?=\.[^.]+$)/, '$$$$Lambda')
    .replace(/[./]0x[0-9a-fA-F]+(?=\.)/g, '')
    .replace(/\+0x[0-9a-fA-F]+(?:\/\d+)?(?=\.[^.]+$)/, '');
  if (!jvmFrame.test(name) || name.includes('::')) return undefined;
  const lastDot = name.lastIndexOf('.');
  const owner = name.slice(0, lastDot).replace(/\./g, '/');
  const segments = owner.split('/');
  // Outer class: inner ($Inner), lambda and synthetic suffixes all live in the outer class's file.
  const outer = segments[segments.length - 1].split('$')[0];
  if (outer === '') return undefined;
  const dir = segments.slice(0, -1);
  const classPath = [...dir, outer].join('/');
  const candidates = [`${classPath}.java`, `${classPath}.kt`, `${classPath}.scala`];
  // Kotlin top-level functions live in a "FooKt" facade class compiled from Foo.kt.
  if (outer.endsWith('Kt') && outer.length > 2) candidates.unshift([...dir, `${outer.slice(0, -2)}.kt`].join('/'));
  const isJdk = /^(java|javax|jdk|sun)\//.test(classPath) || /^com\/sun\//.test(classPath);
  return { classPath, candidates, isJdk };
}

/**
 * Native frames of a JVM profile, named as async-profiler and Pyroscope name them: `<library>.<symbol>` for code
 * in a shared library (`libjvm.so.Thread::call_run`, `libc.so.6.write`), and a bare `.<name>` for the JVM's own
 * pseudo frames (`.unknown_Java`, `.no_Java_frame`, `.I2C/C2I adapters(0x…)`) and the kernel. The JVM, the C
 * library and the profiler are the runtime; another library (a JNI library a dependency ships) is a dependency.
 */
export function jvmNativeFrameOf(functionName: string): { class: 'runtime' | 'dependency'; library?: string } | undefined {
  // A library without a symbol, named by its path: "./tmp/snappy-1.1.8-…-libsnappyjava.so".
  const unnamed = /^\.(?:[^\s]*\/)?([^/\s]*\.so(?:\.\d+)*)$/.exec(functionName);
  if (unnamed) return { class: RUNTIME_LIBRARIES.test(unnamed[1]) ? 'runtime' : 'dependency', library: unnamed[1] };
  if (/^\.[^./]/.test(functionName)) return { class: 'runtime' };
  const m = /^(?:[^\s]*\/)?((?:lib|ld-)[^/\s]*?\.so(?:\.\d+)*)\.(.+)$/.exec(functionName);
  if (!m) return undefined;
  const library = m[1];
  return { class: RUNTIME_LIBRARIES.test(library) ? 'runtime' : 'dependency', library };
}

/** The JVM's, the JDK's native libraries, the C runtime's and async-profiler's (the Pyroscope agent's too). */
const RUNTIME_LIBRARIES = /^(libjvm|libjava|libjli|libverify|libjimage|libnio|libnet|libzip|libmanagement\w*|libinstrument|libattach|libextnet|libsunec|libawt\w*|libfontmanager|libj2\w+|libc|libm|libdl|libpthread|librt|libresolv|libutil|libstdc\+\+|libgcc_s|ld-linux[\w.-]*|libasyncProfiler[\w-]*)\.so/;

/**
 * The top of the JVM packages the workspace's own sources are in (their first two folders after the source
 * root, e.g. `com/example`), found from the folders of its .java, .kt and .scala files: a class outside all of
 * them, with no file in the workspace, is a library's.
 */
export class JvmWorkspacePackages {
  private readonly pairs = new Set<string>();

  constructor(paths: Iterable<string>) {
    for (const path of paths) {
      if (!/\.(java|kt|scala)$/.test(path)) continue;
      const dirs = path.split('/').slice(0, -1);
      for (let i = 0; i + 1 < dirs.length; i++) this.pairs.add(`${dirs[i]}/${dirs[i + 1]}`);
      if (dirs.length === 1) this.pairs.add(dirs[0]);
    }
  }

  /** Whether the class's package is (or may be) one of the workspace's. */
  has(classPath: string): boolean {
    const segments = classPath.split('/');
    if (segments.length < 3) return segments.length < 2 || this.pairs.has(segments[0]) || [...this.pairs].some((p) => p.startsWith(`${segments[0]}/`));
    return this.pairs.has(`${segments[0]}/${segments[1]}`);
  }
}
